#!/bin/sh
# shards.sh prints the manifests of a sharded month close, one document per
# shard, for `kubectl apply -f -`:
#
#   sh shards.sh volumes N          the N shard volumes (shard-volumes.yaml), once
#   sh shards.sh jobs N YYYY-MM     the N Jobs of a month close (sharded-job.yaml)
#   sh shards.sh combine N YYYY-MM  the Job that combines them (combine-job.yaml)
#
# It fills in the templates' __SHARD__ (0..N-1), __SHARDS__ (N) and
# __PERIOD__; deploy/kubernetes/manifests_test.go validates its output.
set -eu
dir=$(dirname "$0")
usage() {
	echo "usage: shards.sh volumes N | shards.sh jobs N YYYY-MM | shards.sh combine N YYYY-MM" >&2
	exit 2
}
[ $# -ge 2 ] || usage
kind=$1 n=$2 period=${3:-}
case $n in '' | *[!0-9]* | 0*) usage ;; esac
case $kind in
volumes) [ $# -eq 2 ] || usage; tmpl=$dir/shard-volumes.yaml ;;
jobs | combine)
	[ $# -eq 3 ] || usage
	echo "$period" | grep -Eq '^[0-9]{4}-(0[1-9]|1[0-2])$' || usage
	tmpl=$dir/sharded-job.yaml
	;;
*) usage ;;
esac
if [ "$kind" = combine ]; then
	echo "---"
	sed -e "/^[[:space:]]*#/!{s/__SHARDS__/$n/g; s/__PERIOD__/$period/g;}" "$dir/combine-job.yaml"
	exit 0
fi
i=0
while [ "$i" -lt "$n" ]; do
	echo "---"
	# Comment lines are left as they are: they name the placeholders.
	sed -e "/^[[:space:]]*#/!{s/__SHARD__/$i/g; s/__SHARDS__/$n/g; s/__PERIOD__/$period/g;}" "$tmpl"
	i=$((i + 1))
done

#!/bin/sh
# shards.sh: the scale check of a sharded month close (README "Past one
# machine"): N shards of INPUT as N processes, P at a time, then combine;
# each step timed with /usr/bin/time.
#
#   sh bench/shards.sh bin/reconcile bench/data/events-10000000.parquet 4 2
#
# It works in a fresh folder under ${TMPDIR:-/tmp} and prints each shard's
# and the combine's wall time and peak RSS, and the walls of the shards, the
# combine and the whole.
set -eu
[ $# -eq 4 ] || { echo "usage: shards.sh RECONCILE INPUT N P" >&2; exit 2; }
rc=$(realpath "$1") input=$(realpath "$2") n=$3 p=$4
dir=$(mktemp -d "${TMPDIR:-/tmp}/shards.XXXXXX")
cd "$dir"
t0=$(date +%s.%N)
i=0
while [ "$i" -lt "$n" ]; do
	j=0
	while [ "$j" -lt "$p" ] && [ "$i" -lt "$n" ]; do
		/usr/bin/time -f "shard $i/$n: %e s, %M KB" "$rc" run --shard "$i/$n" --input "$input" --period 2026-10 \
			--db "s$i.duckdb" --out "o$i" --log-level warn >"s$i.log" 2>"s$i.time" &
		i=$((i + 1)) j=$((j + 1))
	done
	wait
done
t1=$(date +%s.%N)
set --
i=0
while [ "$i" -lt "$n" ]; do set -- "$@" --from "s$i.duckdb"; i=$((i + 1)); done
/usr/bin/time -f "combine: %e s, %M KB" "$rc" combine "$@" --period 2026-10 --db month.duckdb --out out \
	--log-level warn >c.log 2>c.time
t2=$(date +%s.%N)
grep -h -e '^shard' -e '^combine' s*.time c.time
echo "shards: $(echo "$t1 - $t0" | bc) s; combine: $(echo "$t2 - $t1" | bc) s; whole: $(echo "$t2 - $t0" | bc) s ($dir)"

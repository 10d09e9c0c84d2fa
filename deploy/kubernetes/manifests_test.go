// Package kubernetes_test checks the manifests in this folder as a cluster
// would take them: every document decoded strictly into the k8s.io/api types
// (an unknown or misspelt field is an error), every pod held to Pod Security
// "restricted" by the pod-security-admission library the API server runs,
// and the rules of the README (labels, no service account token, exit 2 not
// retried, one ReadWriteOnce volume per shard). The templates are checked as
// shards.sh renders them, which is what is applied.
package kubernetes_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	psaapi "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
	"sigs.k8s.io/yaml"
)

// templates are the files shards.sh fills in; they are checked as rendered.
var templates = map[string]bool{"sharded-job.yaml": true, "shard-volumes.yaml": true, "combine-job.yaml": true}

// shards is the shard count the templates are rendered with.
const shards = 4

// doc is one decoded manifest and where it came from.
type doc struct {
	where string
	obj   any // *batchv1.CronJob, *batchv1.Job, *corev1.Pod, *corev1.PersistentVolumeClaim
}

// decode decodes one YAML document strictly into the k8s.io/api type its
// kind names.
func decode(data []byte) (any, error) {
	var tm metav1.TypeMeta
	if err := yaml.Unmarshal(data, &tm); err != nil {
		return nil, err
	}
	var obj any
	switch tm.APIVersion + " " + tm.Kind {
	case "batch/v1 CronJob":
		obj = &batchv1.CronJob{}
	case "batch/v1 Job":
		obj = &batchv1.Job{}
	case "v1 Pod":
		obj = &corev1.Pod{}
	case "v1 PersistentVolumeClaim":
		obj = &corev1.PersistentVolumeClaim{}
	case "v1 ConfigMap":
		obj = &corev1.ConfigMap{}
	default:
		return nil, fmt.Errorf("unexpected apiVersion %q kind %q", tm.APIVersion, tm.Kind)
	}
	if err := yaml.UnmarshalStrict(data, obj); err != nil {
		return nil, err
	}
	return obj, nil
}

// documents splits a YAML stream on "---" lines and decodes each document
// that is more than comments.
func documents(t *testing.T, where string, data []byte) []doc {
	t.Helper()
	var docs []doc
	for i, part := range regexp.MustCompile(`(?m)^---[ \t]*$`).Split(string(data), -1) {
		if strings.TrimSpace(regexp.MustCompile(`(?m)^\s*#.*$`).ReplaceAllString(part, "")) == "" {
			continue
		}
		obj, err := decode([]byte(part))
		if err != nil {
			t.Errorf("%s document %d: %v", where, i, err)
			continue
		}
		docs = append(docs, doc{fmt.Sprintf("%s document %d", where, i), obj})
	}
	return docs
}

// render runs shards.sh as the README does and returns its output.
func render(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("sh", append([]string{"shards.sh"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sh shards.sh %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	if m := regexp.MustCompile(`(?m)^[^#\n]*__[A-Z]+__.*$`).Find(out); m != nil {
		t.Fatalf("sh shards.sh %s left a placeholder: %s", strings.Join(args, " "), m)
	}
	return out
}

// manifests is every document that is applied: the plain files as they are
// and the templates as shards.sh renders them with 4 shards.
func manifests(t *testing.T) []doc {
	t.Helper()
	files, err := filepath.Glob("*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests: %v", err)
	}
	var docs []doc
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		hasPlaceholder := bytes.Contains(data, []byte("__SHARD")) || bytes.Contains(data, []byte("__PERIOD__"))
		if hasPlaceholder != templates[f] {
			t.Errorf("%s: template %v, but placeholders %v: a template is rendered by shards.sh and listed in templates", f, templates[f], hasPlaceholder)
		}
		if !templates[f] {
			docs = append(docs, documents(t, f, data)...)
		}
	}
	n := strconv.Itoa(shards)
	docs = append(docs, documents(t, "shards.sh volumes "+n, render(t, "volumes", n))...)
	docs = append(docs, documents(t, "shards.sh jobs "+n, render(t, "jobs", n, "2026-10"))...)
	docs = append(docs, documents(t, "shards.sh combine "+n, render(t, "combine", n, "2026-10"))...)
	return docs
}

// podTemplate is the pod a manifest makes, if it makes one.
func podTemplate(obj any) (*metav1.ObjectMeta, *corev1.PodSpec, bool) {
	switch o := obj.(type) {
	case *batchv1.CronJob:
		return &o.Spec.JobTemplate.Spec.Template.ObjectMeta, &o.Spec.JobTemplate.Spec.Template.Spec, true
	case *batchv1.Job:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec, true
	case *corev1.Pod:
		return &o.ObjectMeta, &o.Spec, true
	}
	return nil, nil, false
}

// objectMeta is a manifest's own metadata.
func objectMeta(obj any) *metav1.ObjectMeta {
	switch o := obj.(type) {
	case *batchv1.CronJob:
		return &o.ObjectMeta
	case *batchv1.Job:
		return &o.ObjectMeta
	case *corev1.Pod:
		return &o.ObjectMeta
	case *corev1.PersistentVolumeClaim:
		return &o.ObjectMeta
	case *corev1.ConfigMap:
		return &o.ObjectMeta
	}
	panic(fmt.Sprintf("no metadata for %T", obj))
}

// restricted is the list of Pod Security "restricted" checks a pod fails at
// the latest policy version, each with its detail; empty when it passes.
func restricted(t *testing.T, meta *metav1.ObjectMeta, spec *corev1.PodSpec) []string {
	t.Helper()
	eval, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		t.Fatal(err)
	}
	lv := psaapi.LevelVersion{Level: psaapi.LevelRestricted, Version: psaapi.LatestVersion()}
	var failed []string
	for _, r := range eval.EvaluatePod(lv, meta, spec) {
		if !r.Allowed {
			failed = append(failed, r.ForbiddenReason+" ("+r.ForbiddenDetail+")")
		}
	}
	return failed
}

var recommendedLabels = []string{
	"app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component",
	"app.kubernetes.io/part-of", "app.kubernetes.io/version",
}

// checkLabels reports a missing recommended label or an invalid one.
func checkLabels(t *testing.T, where string, labels map[string]string) {
	t.Helper()
	for _, k := range recommendedLabels {
		v, ok := labels[k]
		if !ok || v == "" {
			t.Errorf("%s: no label %s", where, k)
		}
		for _, msg := range validation.IsValidLabelValue(v) {
			t.Errorf("%s: label %s=%q: %s", where, k, v, msg)
		}
	}
}

func TestManifests(t *testing.T) {
	docs := manifests(t)
	kinds := map[string]int{}
	configMaps := map[string]bool{}
	for _, d := range docs {
		if cm, ok := d.obj.(*corev1.ConfigMap); ok {
			configMaps[cm.Name] = true
		}
	}
	for _, d := range docs {
		kinds[fmt.Sprintf("%T", d.obj)]++
		meta := objectMeta(d.obj)
		where := d.where + " " + meta.Name
		for _, msg := range validation.IsDNS1123Subdomain(meta.Name) {
			t.Errorf("%s: name: %s", where, msg)
		}
		checkLabels(t, where, meta.Labels)
		if c, ok := d.obj.(*batchv1.CronJob); ok {
			checkLabels(t, where+" jobTemplate", c.Spec.JobTemplate.Labels)
		}
		if j, ok := d.obj.(*batchv1.Job); ok {
			checkJob(t, where, &j.Spec)
		}
		if c, ok := d.obj.(*batchv1.CronJob); ok {
			checkJob(t, where, &c.Spec.JobTemplate.Spec)
		}
		if pvc, ok := d.obj.(*corev1.PersistentVolumeClaim); ok {
			if !slices.Equal(pvc.Spec.AccessModes, []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce}) {
				t.Errorf("%s: accessModes %v, want [ReadWriteOnce]: a DuckDB database has one writer on local-disk semantics", where, pvc.Spec.AccessModes)
			}
		}
		pmeta, spec, ok := podTemplate(d.obj)
		if !ok {
			continue
		}
		checkLabels(t, where+" pod", pmeta.Labels)
		if failed := restricted(t, pmeta, spec); len(failed) > 0 {
			t.Errorf("%s: not Pod Security restricted: %s", where, strings.Join(failed, "; "))
		}
		if spec.AutomountServiceAccountToken == nil || *spec.AutomountServiceAccountToken {
			t.Errorf("%s: automountServiceAccountToken is not false", where)
		}
		if sc := spec.SecurityContext; sc == nil || sc.SeccompProfile == nil || sc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
			t.Errorf("%s: no pod-level seccompProfile RuntimeDefault", where)
		}
		checkVolumes(t, where, spec, configMaps)
		for _, c := range spec.Containers {
			_, tag, _ := strings.Cut(c.Image, ":")
			if v := pmeta.Labels["app.kubernetes.io/version"]; tag != v {
				t.Errorf("%s container %s: image tag %q, but label app.kubernetes.io/version %q", where, c.Name, tag, v)
			}
		}
	}
	want := map[string]int{"*v1.CronJob": 1, "*v1.Pod": 1, "*v1.Job": shards + 1, "*v1.PersistentVolumeClaim": 2 + shards}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("got %d %s, want %d", kinds[k], k, n)
		}
	}
}

// checkVolumes checks what the API server checks and a strict decode does
// not: each volume mount names a volume of the pod, and each ConfigMap
// volume one of the shipped ConfigMaps.
func checkVolumes(t *testing.T, where string, spec *corev1.PodSpec, configMaps map[string]bool) {
	t.Helper()
	volumes := map[string]bool{}
	for _, v := range spec.Volumes {
		volumes[v.Name] = true
		if v.ConfigMap != nil && !configMaps[v.ConfigMap.Name] {
			t.Errorf("%s: volume %s: ConfigMap %q is none of deploy/kubernetes's", where, v.Name, v.ConfigMap.Name)
		}
	}
	for _, c := range spec.Containers {
		for _, m := range c.VolumeMounts {
			if !volumes[m.Name] {
				t.Errorf("%s container %s: volumeMount %s names no volume of the pod", where, c.Name, m.Name)
			}
		}
	}
}

// checkJob holds a Job to the README's exit-code table: exit 2 fails the
// Job at once, a disruption does not count, each attempt is a new pod.
func checkJob(t *testing.T, where string, spec *batchv1.JobSpec) {
	t.Helper()
	if spec.Template.Spec.RestartPolicy != corev1.RestartPolicyNever {
		t.Errorf("%s: restartPolicy %q, want Never", where, spec.Template.Spec.RestartPolicy)
	}
	if spec.BackoffLimit == nil || *spec.BackoffLimit != 2 {
		t.Errorf("%s: backoffLimit %v, want 2", where, spec.BackoffLimit)
	}
	var exit2, disruption bool
	if p := spec.PodFailurePolicy; p != nil {
		for _, r := range p.Rules {
			if e := r.OnExitCodes; e != nil && r.Action == batchv1.PodFailurePolicyActionFailJob &&
				e.Operator == batchv1.PodFailurePolicyOnExitCodesOpIn && slices.Contains(e.Values, 2) &&
				e.ContainerName != nil && *e.ContainerName == "reconcile" {
				exit2 = true
			}
			for _, c := range r.OnPodConditions {
				if r.Action == batchv1.PodFailurePolicyActionIgnore && c.Type == corev1.DisruptionTarget {
					disruption = true
				}
			}
		}
	}
	if !exit2 {
		t.Errorf("%s: no podFailurePolicy rule FailJob on exit code 2 of container reconcile", where)
	}
	if !disruption {
		t.Errorf("%s: no podFailurePolicy rule Ignore on DisruptionTarget", where)
	}
}

// TestShardVolumes checks that each shard's Job mounts its own volume, that
// volume is one shards.sh makes, and the Job runs that shard.
func TestShardVolumes(t *testing.T) {
	n := strconv.Itoa(shards)
	claims := map[string]bool{}
	for _, d := range documents(t, "volumes", render(t, "volumes", n)) {
		claims[objectMeta(d.obj).Name] = true
	}
	seen := map[string]string{}
	for i, d := range documents(t, "jobs", render(t, "jobs", n, "2026-10")) {
		j := d.obj.(*batchv1.Job)
		spec := j.Spec.Template.Spec
		var data string
		for _, v := range spec.Volumes {
			if v.Name == "data" && v.PersistentVolumeClaim != nil {
				data = v.PersistentVolumeClaim.ClaimName
			}
		}
		if want := fmt.Sprintf("reconcile-shard-%d", i); data != want {
			t.Errorf("job %s: data volume %q, want %q", j.Name, data, want)
		}
		if !claims[data] {
			t.Errorf("job %s: claim %q is not one of shards.sh volumes", j.Name, data)
		}
		if other, ok := seen[data]; ok {
			t.Errorf("jobs %s and %s share the volume %s", other, j.Name, data)
		}
		seen[data] = j.Name
		env := map[string]string{}
		for _, e := range spec.Containers[0].Env {
			env[e.Name] = e.Value
		}
		for name, want := range map[string]string{
			"RECONCILE_SHARD":  fmt.Sprintf("%d/%d", i, shards),
			"RECONCILE_PERIOD": "2026-10",
			"RECONCILE_DB":     fmt.Sprintf("/var/lib/reconcile/shard-%d.duckdb", i),
			"RECONCILE_INPUT":  "/srv/renderlogs/2026-10",
			"RECONCILE_LEDGER": "/srv/ledger/2026-10",
		} {
			if env[name] != want {
				t.Errorf("job %s: %s=%q, want %q", j.Name, name, env[name], want)
			}
		}
	}
	if len(seen) != shards {
		t.Errorf("got %d shard jobs, want %d", len(seen), shards)
	}
}

// TestChecksCanFail shows that the checks above catch what they are for: a
// pod without its seccompProfile is named by the restricted policy, and a
// misspelt field is a decoding error.
func TestChecksCanFail(t *testing.T) {
	data, err := os.ReadFile("toolbox-pod.yaml")
	if err != nil {
		t.Fatal(err)
	}
	obj, err := decode(data)
	if err != nil {
		t.Fatal(err)
	}
	pod := obj.(*corev1.Pod)
	pod.Spec.SecurityContext.SeccompProfile = nil
	failed := restricted(t, &pod.ObjectMeta, &pod.Spec)
	if len(failed) != 1 || !strings.Contains(failed[0], "seccompProfile") {
		t.Errorf("toolbox pod without seccompProfile: got %q, want one failed check naming seccompProfile", failed)
	}

	misspelt := bytes.Replace(data, []byte("automountServiceAccountToken"), []byte("automountServiceAccountTokens"), 1)
	if _, err := decode(misspelt); err == nil || !strings.Contains(err.Error(), "automountServiceAccountTokens") {
		t.Errorf("misspelt field: got error %v, want one naming automountServiceAccountTokens", err)
	}
}

// TestShardsUsage checks that shards.sh refuses what it cannot render, with
// exit 2, rather than printing manifests with a wrong shard or period.
func TestShardsUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"jobs", "4"}, {"jobs", "0", "2026-10"}, {"jobs", "4", "2026-13"}, {"volumes", "x"}, {"pods", "4"}, {"combine", "4"}, {"combine", "4", "October"}} {
		cmd := exec.Command("sh", append([]string{"shards.sh"}, args...)...)
		out, err := cmd.Output()
		if code := cmd.ProcessState.ExitCode(); code != 2 || len(out) != 0 {
			t.Errorf("shards.sh %q: exit %d (%v) with %d bytes out, want exit 2 and nothing", args, code, err, len(out))
		}
	}
}

// TestCombineScript runs the combine Job's shell script as shards.sh
// renders it, with its folders moved under a temporary one and a stand-in
// reconcile that prints its arguments: it copies every shard's database
// and gives each to combine once, with the month, the new database and the
// report folder; a missing shard's copy stops it before combine runs.
func TestCombineScript(t *testing.T) {
	var script string
	for _, d := range documents(t, "combine", render(t, "combine", strconv.Itoa(shards), "2026-10")) {
		c := d.obj.(*batchv1.Job).Spec.Template.Spec.Containers[0]
		if len(c.Command) != 3 || c.Command[0] != "/bin/sh" || c.Command[1] != "-c" {
			t.Fatalf("combine command %q, want /bin/sh -c SCRIPT", c.Command)
		}
		script = c.Command[2]
	}
	root := t.TempDir()
	script = strings.NewReplacer("/lake", root+"/lake", "/var/lib/reconcile", root+"/data").Replace(script)
	bin := filepath.Join(root, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "reconcile"), []byte("#!/bin/sh\necho \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	lake := filepath.Join(root, "lake", "close", "2026-10")
	if err := os.MkdirAll(lake, 0o755); err != nil {
		t.Fatal(err)
	}
	run := func() (string, error) {
		cmd := exec.Command("sh", "-c", script)
		cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	for i := range shards - 1 {
		if err := os.WriteFile(filepath.Join(lake, fmt.Sprintf("shard-%d.duckdb", i)), []byte("db"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := run(); err == nil || strings.Contains(out, "combine") {
		t.Errorf("shard %d's copy missing: %v, %s; want the copy to fail before combine", shards-1, err, out)
	}
	if err := os.WriteFile(filepath.Join(lake, fmt.Sprintf("shard-%d.duckdb", shards-1)), []byte("db"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := run()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	work := filepath.Join(root, "data", "2026-10")
	want := "--log-format json combine"
	for i := range shards {
		want += fmt.Sprintf(" --from %s/shard-%d.duckdb", work, i)
	}
	want += " --period 2026-10 --db " + work + "/month.duckdb --out " + lake + "/out\n"
	if out != want {
		t.Errorf("reconcile got\n%s\nwant\n%s", out, want)
	}
}

package job

import "testing"

func TestMemoryLimitFor(t *testing.T) {
	for _, c := range []struct {
		avail int64
		want  string
	}{
		{0, "640MB"},         // unknown: the cap
		{24 << 30, "640MB"},  // a big machine: the cap
		{768 << 20, "483MB"}, // a 768 MiB container: 60% of it
		{2 << 30, "640MB"},   // 60% of 2 GiB is past the cap
		{100 << 20, "128MB"}, // below the least a run is started with
		{1<<63 - 1, "640MB"}, // cgroup v1's "no limit"
		{512 << 20, "322MB"},
	} {
		if got := memoryLimitFor(c.avail); got != c.want {
			t.Errorf("memoryLimitFor(%d) = %s, want %s", c.avail, got, c.want)
		}
		if got := memoryLimitFor(c.avail); !memoryLimit.MatchString(got) || memoryBytes(got) < minMemory {
			t.Errorf("memoryLimitFor(%d) = %s: not a limit Validate accepts", c.avail, got)
		}
	}
	if limit, from := DefaultMemoryLimit(); !memoryLimit.MatchString(limit) || from == "" {
		t.Errorf("DefaultMemoryLimit() = %q, %q", limit, from)
	}
}

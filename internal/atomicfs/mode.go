package atomicfs

import (
	"bufio"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// The permissions of what reconcile publishes: files (reports, generated
// logs) 0644 and folders (report folders, exports) 0755, narrowed by the
// process's umask as os.Create and os.Mkdir would narrow them, so that a
// systemd unit's UMask=0027 gives 0640 and 0750. Files and folders made under temporary names (0600, 0700) take
// these modes before they are published.
const (
	fileMode = 0o644
	dirMode  = 0o755
)

// FileMode is the permission of a published file.
func FileMode() fs.FileMode { return fileMode &^ umask() }

// DirMode is the permission of a published folder.
func DirMode() fs.FileMode { return dirMode &^ umask() }

// umask is read each time: a few times a run, and a test may change it.
var umask = readUmask

// readUmask reads the process's umask from /proc/self/status (Linux 4.7
// and later), which unlike syscall.Umask does not change it; 022 when it
// cannot.
func readUmask() fs.FileMode {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0o022
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "Umask:"); ok {
			if m, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32); err == nil {
				return fs.FileMode(m) & fs.ModePerm
			}
		}
	}
	return 0o022
}

package atomicfs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// MkdirStage makes a new staging folder in parent (made first if missing)
// with a name of pattern, as os.MkdirTemp takes it, and gives it the
// published folder mode ([DirMode]), so that it can be renamed into place
// as it is. In parent, it is on the same file system as what it will
// replace, so that moving its entries is a rename.
func MkdirStage(parent, pattern string) (string, error) {
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	stage, err := os.MkdirTemp(parent, pattern)
	if err != nil {
		return "", err
	}
	if err := os.Chmod(stage, DirMode()); err != nil { // MkdirTemp made it 0700
		os.Remove(stage)
		return "", err
	}
	return stage, nil
}

// MoveFiles moves each entry of the folder stage into dir, replacing the
// one of the same name, in name order, then removes stage; it returns the
// paths moved to. After the i-th move (from 0) it calls moved(i), if moved
// is not nil. It can be run again after a crash part way: it moves what
// is left.
func MoveFiles(stage, dir string, moved func(i int)) ([]string, error) {
	entries, err := os.ReadDir(stage)
	if err != nil {
		return nil, err
	}
	var files []string
	for i, e := range entries {
		dst := filepath.Join(dir, e.Name())
		if err := os.Rename(filepath.Join(stage, e.Name()), dst); err != nil {
			return files, err
		}
		files = append(files, dst)
		if moved != nil {
			moved(i)
		}
	}
	return files, os.Remove(stage)
}

// MoveInto moves the folders names (paths relative to stage, such as
// "month=2026-10" or "month=2026-10/shard=0") from stage to the same paths
// under dir. When dir does not exist, stage becomes it. Otherwise each
// folder replaces the one of the same name: the old one is moved aside
// into stage first, and back if the move fails; the other entries of dir
// stay. It returns the names that replaced a folder, sorted. The caller
// removes stage, and with it the folders replaced.
func MoveInto(stage, dir string, names []string) ([]string, error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, os.Rename(stage, dir)
	}
	var replaced []string
	for i, name := range names {
		target := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return replaced, err
		}
		old := filepath.Join(stage, fmt.Sprintf(".replaced-%d", i))
		hadOld := false
		if err := os.Rename(target, old); err == nil {
			hadOld = true
		} else if !errors.Is(err, fs.ErrNotExist) {
			return replaced, fmt.Errorf("move aside %s: %w", target, err)
		}
		if err := os.Rename(filepath.Join(stage, name), target); err != nil {
			if hadOld {
				_ = os.Rename(old, target)
			}
			return replaced, fmt.Errorf("move %s into place: %w", name, err)
		}
		if hadOld {
			replaced = append(replaced, name)
		}
	}
	slices.Sort(replaced)
	return replaced, nil
}

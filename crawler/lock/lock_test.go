package lock

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecondAcquireFailsWithHolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crawl.lock")
	l, err := Acquire(path, "crawl --sites a.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// flock locks belong to open file descriptions: a second open in the
	// same process is refused just like another process would be.
	_, err = Acquire(path, "crawl")
	var held *HeldError
	if !errors.As(err, &held) || !errors.Is(err, ErrHeld) {
		t.Fatalf("second acquire: %v", err)
	}
	if held.Holder.PID != os.Getpid() || !strings.Contains(err.Error(), "crawl --sites a.yaml") {
		t.Errorf("holder message: %v", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := Acquire(path, "crawl")
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	l2.Release()
}

func TestStaleLockFileIsTaken(t *testing.T) {
	// A run killed with -9 leaves its file and content behind, but no lock.
	path := filepath.Join(t.TempDir(), "crawl.lock")
	if err := os.WriteFile(path, []byte(`{"pid":999999,"host":"gone","started":"2020-01-01T00:00:00Z"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Acquire(path, "crawl")
	if err != nil {
		t.Fatalf("stale lock not recovered: %v", err)
	}
	defer l.Release()
	if h := readHolder(path); h.PID != os.Getpid() {
		t.Errorf("holder not rewritten: %+v", h)
	}
}

func TestHolderUnknownContent(t *testing.T) {
	if s := (Holder{}).String(); s != "an unknown process" {
		t.Error(s)
	}
}

// Package lock keeps two crawls from running at once on one data folder.
// It is an flock(2) on <data>/crawl.lock: the kernel drops the lock when the
// process ends however it ends (kill -9 included), so a lock left by a dead
// run is never stale. The file's content only says who holds it, for the
// message the second run prints.
package lock

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/gofrs/flock"
)

// Holder describes the process holding the lock.
type Holder struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Started time.Time `json:"started"`
	Command string    `json:"command,omitempty"`
}

func (h Holder) String() string {
	if h.PID == 0 {
		return "an unknown process"
	}
	s := fmt.Sprintf("pid %d on %s", h.PID, h.Host)
	if !h.Started.IsZero() {
		s += ", started " + h.Started.Format(time.RFC3339)
	}
	if h.Command != "" {
		s += " (" + h.Command + ")"
	}
	return s
}

// HeldError is returned by Acquire when another process holds the lock.
type HeldError struct {
	Path   string
	Holder Holder
}

func (e *HeldError) Error() string {
	return fmt.Sprintf("lock %s is held by %s", e.Path, e.Holder)
}

// ErrHeld is matched by errors.Is for a HeldError.
var ErrHeld = errors.New("lock held by another process")

func (e *HeldError) Is(target error) bool { return target == ErrHeld }

// Lock is a held lock.
type Lock struct {
	fl *flock.Flock
}

// Acquire takes the lock at path without waiting: a *HeldError when another
// process has it. command is recorded for the holder message.
func Acquire(path, command string) (*Lock, error) {
	fl := flock.New(path, flock.SetFlag(os.O_CREATE|os.O_RDWR), flock.SetPermissions(0o644))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if !ok {
		return nil, &HeldError{Path: path, Holder: readHolder(path)}
	}
	host, _ := os.Hostname()
	info, _ := json.Marshal(Holder{PID: os.Getpid(), Host: host, Started: time.Now().UTC().Truncate(time.Second), Command: command})
	// Written through a second descriptor: the lock belongs to the first,
	// and the content is only advice for the message.
	if err := os.WriteFile(path, append(info, '\n'), 0o644); err != nil {
		fl.Unlock()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &Lock{fl: fl}, nil
}

// Release drops the lock. The file stays: removing it would let a process
// that opened it just before lock a file no one else can see.
func (l *Lock) Release() error {
	if l == nil || l.fl == nil {
		return nil
	}
	os.Truncate(l.fl.Path(), 0)
	err := l.fl.Unlock()
	l.fl = nil
	return err
}

func readHolder(path string) Holder {
	var h Holder
	data, err := os.ReadFile(path)
	if err == nil {
		json.Unmarshal(data, &h)
	}
	return h
}

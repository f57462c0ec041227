package main

import (
	"errors"
	"flag"
	"io"
	"strings"
)

var errHelp = errors.New("help shown")

// newFlags makes a command's flag set with --data.
func newFlags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("newsdex "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "./newsdex-data", "data folder: articles.db, index/, crawl.lock")
	return fs, data
}

// parseFlags parses flags given before, between or after the positional
// arguments (newsdex search 铝 --json), which Go's flag package alone does
// not allow; "--" ends the flags.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
		if len(args) > 0 && args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		if len(args) == 0 {
			return positional, nil
		}
	}
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

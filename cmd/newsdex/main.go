// Command newsdex crawls, imports, indexes and searches bilingual industry
// news. This file only wires the packages together; see the README for the
// commands and their flags.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes.
const (
	exitOK       = 0
	exitFailed   = 1 // the command could not do its job
	exitUsage    = 2 // bad flags or configuration
	exitLocked   = 3 // another crawl holds the lock
	exitNotFound = 1
)

// usageError marks errors that exit with exitUsage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// exitError carries a specific exit code.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }

type command struct {
	name, summary string
	run           func(ctx context.Context, env *env, args []string) error
}

func commands() []command {
	return []command{
		{"demo", "serve a bundled sample news site, crawl it, index it and serve search", runDemo},
		{"crawl", "crawl the sites of a sites file once (incremental)", runCrawl},
		{"serve", "serve search over HTTP (JSON API, web page, feeds)", runServe},
		{"search", "search from the command line", runSearch},
		{"import", "import articles from JSONL files (.jsonl or .jsonl.gz)", runImport},
		{"extract", "extract the article of one page (file or URL) as JSON", runExtract},
		{"reindex", "rebuild the index from the store", runReindex},
		{"bench", "measure import throughput and query latency on JSONL corpora", runBench},
	}
}

// env is what every command gets: where to write and how to log.
type env struct {
	stdout, stderr io.Writer
	log            *slog.Logger
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: logLevel()}))}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		if err == nil {
			return exitOK
		}
		var ue usageError
		var ee exitError
		switch {
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "newsdex %s: %v\n", c.name, err)
			return exitUsage
		case errors.As(err, &ee):
			if ee.err != nil {
				fmt.Fprintf(stderr, "newsdex %s: %v\n", c.name, ee.err)
			}
			return ee.code
		case errors.Is(err, errHelp):
			return exitOK
		}
		fmt.Fprintf(stderr, "newsdex %s: %v\n", c.name, err)
		return exitFailed
	}
	fmt.Fprintf(stderr, "newsdex: unknown command %q\n\n", args[0])
	printUsage(stderr)
	return exitUsage
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: newsdex <command> [flags] [--data DIR]")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'newsdex <command> -h' for a command's flags.")
}

func logLevel() slog.Level {
	switch os.Getenv("NEWSDEX_LOG") {
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}

package main

import (
	"context"
	"errors"
)

// Replaced by the crawler and extraction work in progress.
func runCrawl(ctx context.Context, e *env, args []string) error   { return errors.New("not built yet") }
func runExtract(ctx context.Context, e *env, args []string) error { return errors.New("not built yet") }
func runDemo(ctx context.Context, e *env, args []string) error    { return errors.New("not built yet") }

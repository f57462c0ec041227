package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index"
	"github.com/newsdex/newsdex/server"
	"github.com/newsdex/newsdex/server/loadtest"
)

// benchReport is the JSON line bench prints last.
type benchReport struct {
	Docs            int                `json:"docs"`
	DocsByLang      map[string]int     `json:"docs_by_lang"`
	TextMB          float64            `json:"text_mb"`
	TextMBByLang    map[string]float64 `json:"text_mb_by_lang"`
	LoadS           float64            `json:"segmenter_load_s"`
	ImportS         float64            `json:"import_s"`
	DocsPerS        float64            `json:"docs_per_s"`
	MBPerS          float64            `json:"mb_per_s"`
	FirstSearchable float64            `json:"first_searchable_s"`
	IndexMB         float64            `json:"index_mb"`
	StoreMB         float64            `json:"store_mb"`
	IndexPerText    float64            `json:"index_per_text"`
	PeakRSSMB       float64            `json:"peak_rss_mb"`
	Queries         int                `json:"queries,omitempty"`
	Latency         []benchLatency     `json:"latency,omitempty"`
	// ServeRSSMB is the resident set after the queries, the import's
	// garbage returned to the system first.
	ServeRSSMB float64 `json:"serve_rss_mb,omitempty"`
	// ServeHeapMB is the Go heap in use then (the rest of the resident set
	// is jieba's C++ dictionaries and the index's memory-mapped files).
	ServeHeapMB float64 `json:"serve_heap_mb,omitempty"`
	// ServeFileMB is the part of the resident set that is files mapped
	// into memory (the index's segments): clean pages the kernel takes
	// back under memory pressure. The rest (anonymous memory: jieba, the
	// Go heap) is what the process really holds.
	ServeFileMB float64 `json:"serve_file_mb,omitempty"`
}

type benchLatency struct {
	Mode string `json:"mode"`
	loadtest.Result
}

func runBench(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("bench", e.stderr)
	*data = ""
	queriesFile := fs.String("queries", "", "query file (one per line, # comments) for the latency phase; none: import only")
	syntax := fs.String("syntax", "query", "syntax of the queries: query (Lucene-like, as the peer's files) or plain")
	clients := fs.String("clients", "1,8", "concurrent clients, comma-separated: one measurement each")
	repeat := fs.Int("repeat", 5, "timed passes over the queries")
	warmup := fs.Int("warmup", 1, "untimed passes first")
	batch := fs.Int("batch", 500, "articles per import batch")
	reuse := fs.Bool("reuse", false, "measure queries on the existing data folder given with --data, importing nothing")
	importProfile := fs.String("cpuprofile-import", "", "write a CPU profile of the import phase to this file")
	queryProfile := fs.String("cpuprofile-query", "", "write a CPU profile of the query phase to this file")
	memProfile := fs.String("memprofile", "", "write a heap profile, taken when the import has handed its last batch to the index, to this file")
	scale := fs.Int("scale", 0, "import this many articles: the corpora's articles repeated with new ids (-copyN) and shuffled, for the growth curve; 0: each article once, in file order")
	seed := fs.Uint64("seed", 1, "shuffle seed for --scale")
	runs := fs.Int("runs", 1, "measure this many times, each in a new process (and, importing, into a fresh folder), and report the medians")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *runs < 1 {
		return usagef("--runs must be at least 1")
	}
	if len(files) == 0 && !*reuse {
		return usagef("give the JSONL corpora to import (.jsonl or .jsonl.gz)")
	}
	var clientCounts []int
	for _, c := range strings.Split(*clients, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			return usagef("--clients: %q is not a positive number", c)
		}
		clientCounts = append(clientCounts, n)
	}
	var queries []string
	if *queriesFile != "" {
		if queries, err = loadtest.ReadQueries(*queriesFile); err != nil {
			return usagef("%v", err)
		}
	}
	dataDir := *data
	switch {
	case *reuse && dataDir == "":
		return usagef("--reuse needs --data")
	case *reuse:
	case dataDir == "":
		if dataDir, err = os.MkdirTemp("", "newsdex-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(dataDir)
	default:
		if entries, _ := os.ReadDir(dataDir); len(entries) > 0 {
			return usagef("--data %s is not empty: a benchmark imports into a fresh folder (or give --reuse)", dataDir)
		}
	}
	if *scale < 0 || *scale > 0 && *reuse {
		return usagef("--scale must be a positive number of articles to import")
	}
	if *runs > 1 {
		return benchRuns(ctx, e, fs, files, dataDir, *runs, *reuse)
	}
	// Quiet logs: the report is the output.
	quiet := &env{stdout: e.stdout, stderr: e.stderr, log: slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	var source articleSource = func(ctx context.Context, out chan<- []newsdex.Article, errs *int) error {
		return readFiles(ctx, quiet, files, *batch, out, errs)
	}
	if *scale > 0 {
		// Read before the clock starts: the import is timed, not the
		// corpora's decompression.
		corpus, err := readAll(ctx, quiet, files)
		if err != nil {
			return err
		}
		if len(corpus) == 0 {
			return usagef("--scale: the corpora hold no article")
		}
		source = scaledSource(corpus, *scale, *seed, *batch)
	}

	rep := benchReport{DocsByLang: map[string]int{}, TextMBByLang: map[string]float64{}}
	start := time.Now()
	a, err := openApp(ctx, quiet, dataDir, true)
	if err != nil {
		return err
	}
	defer a.close()
	rep.LoadS = time.Since(start).Seconds()
	// Every query is measured as computed, not as remembered.
	ix, err := a.openIndex(ctx, index.Options{ResultCache: -1})
	if err != nil {
		return err
	}
	defer ix.Close()
	if !*reuse {
		if err := benchImport(ctx, quiet, a, ix, source, start, &rep, *importProfile, *memProfile); err != nil {
			return err
		}
	}
	if len(queries) > 0 {
		if err := benchQueries(ctx, quiet, a, ix, queries, *syntax, clientCounts, *repeat, *warmup, &rep, *queryProfile); err != nil {
			return err
		}
	}
	printBench(e.stdout, &rep)
	line, _ := json.Marshal(rep)
	fmt.Fprintln(e.stdout, string(line))
	return nil
}

// benchRuns runs the bench `runs` times, each in a process of its own as a
// user would (a warm process, or one whose peak RSS already counts an
// earlier import, would not measure the same thing), and reports the medians.
func benchRuns(ctx context.Context, e *env, fs *flag.FlagSet, files []string, dataDir string, runs int, reuse bool) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("bench --runs: %w", err)
	}
	var common []string
	fs.Visit(func(f *flag.Flag) {
		if f.Name != "runs" && f.Name != "data" {
			common = append(common, "--"+f.Name+"="+f.Value.String())
		}
	})
	var reps []benchReport
	for k := 1; k <= runs; k++ {
		dir := dataDir
		if !reuse {
			dir = filepath.Join(dataDir, fmt.Sprintf("run-%d", k))
		}
		args := append(append([]string{"bench", "--data=" + dir}, common...), append([]string{"--"}, files...)...)
		cmd := exec.CommandContext(ctx, exe, args...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, e.stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("bench run %d of %d: %w\n%s", k, runs, err, out.String())
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		var rep benchReport
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &rep); err != nil {
			return fmt.Errorf("bench run %d of %d: no report: %w", k, runs, err)
		}
		reps = append(reps, rep)
		fmt.Fprintf(e.stderr, "run %d of %d: %s\n", k, runs, runSummary(&rep))
	}
	med := medianReport(reps)
	printBench(e.stdout, &med)
	fmt.Fprintf(e.stdout, "medians of %d runs, each in a new process\n", runs)
	line, _ := json.Marshal(struct {
		benchReport
		Runs []benchReport `json:"runs"`
	}{med, reps})
	fmt.Fprintln(e.stdout, string(line))
	return nil
}

// runSummary is one run in a line: import wall time and single-client p99s.
func runSummary(r *benchReport) string {
	parts := []string{}
	if r.ImportS > 0 {
		parts = append(parts, fmt.Sprintf("import %.2f s", r.ImportS))
	}
	for _, l := range r.Latency {
		parts = append(parts, fmt.Sprintf("%s %d client(s) p99 %.1f ms", l.Mode, l.Clients, l.P99MS))
	}
	return strings.Join(parts, ", ")
}

// medianReport takes each measure's median over the runs: every float64
// field, of the report and of each latency row. Counts (documents,
// requests) come from the first run; failed requests are summed.
func medianReport(reps []benchReport) benchReport {
	med := reps[0]
	runs := make([]reflect.Value, len(reps))
	for i := range reps {
		runs[i] = reflect.ValueOf(reps[i])
	}
	setMedians(reflect.ValueOf(&med).Elem(), runs)
	med.Latency = append([]benchLatency(nil), reps[0].Latency...)
	for k := range med.Latency {
		l := &med.Latency[k]
		var rows []reflect.Value
		l.Failed = 0
		for _, r := range reps {
			if k < len(r.Latency) {
				rows = append(rows, reflect.ValueOf(r.Latency[k]))
				l.Failed += r.Latency[k].Failed
			}
		}
		setMedians(reflect.ValueOf(l).Elem(), rows)
	}
	return med
}

// setMedians sets every float64 field of dst, in nested structs too, to the
// median of that field over runs (values of dst's type).
func setMedians(dst reflect.Value, runs []reflect.Value) {
	for f := 0; f < dst.NumField(); f++ {
		switch field := dst.Field(f); field.Kind() {
		case reflect.Float64:
			vs := make([]float64, len(runs))
			for i, r := range runs {
				vs[i] = r.Field(f).Float()
			}
			sort.Float64s(vs)
			n := len(vs)
			field.SetFloat((vs[(n-1)/2] + vs[n/2]) / 2)
		case reflect.Struct:
			sub := make([]reflect.Value, len(runs))
			for i, r := range runs {
				sub[i] = r.Field(f)
			}
			setMedians(field, sub)
		}
	}
}

// benchImport imports the corpora through the same pipeline as `import`,
// timing it and noting when the first article became searchable.
func benchImport(ctx context.Context, e *env, a *app, ix *index.Index, source articleSource, start time.Time, rep *benchReport, cpuProfile, memProfile string) error {
	var firstAt atomic.Int64
	pollCtx, stopPoll := context.WithCancel(ctx)
	defer stopPoll()
	go func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			if n, _ := ix.DocCount(); n > 0 {
				firstAt.Store(int64(time.Since(start)))
				return
			}
			select {
			case <-pollCtx.Done():
				return
			case <-t.C:
			}
		}
	}()
	g := &index.Ingester{Analyzer: a.analyzer, Entities: a.entities, Store: a.store, Index: ix}
	raw := make(chan []newsdex.Article)
	counted := make(chan []newsdex.Article)
	go func() {
		defer close(counted)
		for b := range raw {
			for _, art := range b {
				lang := art.Lang
				if lang == "" {
					lang = "?"
				}
				rep.DocsByLang[lang]++
				mb := float64(len(art.Title)+len(art.Body)) / (1 << 20)
				rep.TextMBByLang[lang] += mb
				rep.TextMB += mb
			}
			counted <- b
		}
	}()
	stopProfile, err := startProfile(cpuProfile)
	if err != nil {
		return err
	}
	importStart := time.Now()
	streamErr := make(chan error, 1)
	go func() { streamErr <- g.Stream(ctx, counted, nil) }()
	var lineErrors int
	readErr := source(ctx, raw, &lineErrors)
	close(raw)
	if err := <-streamErr; err != nil {
		return err
	}
	if readErr != nil {
		return readErr
	}
	if memProfile != "" {
		if err := writeHeapProfile(memProfile); err != nil {
			return err
		}
	}
	if err := ix.Flush(ctx); err != nil {
		return err
	}
	stopPoll()
	rep.ImportS = time.Since(importStart).Seconds()
	stopProfile()
	for _, n := range rep.DocsByLang {
		rep.Docs += n
	}
	rep.DocsPerS = float64(rep.Docs) / rep.ImportS
	rep.MBPerS = rep.TextMB / rep.ImportS
	rep.FirstSearchable = time.Duration(firstAt.Load()).Seconds()
	if err := a.store.Checkpoint(ctx); err != nil {
		e.log.Warn("checkpoint", "err", err)
	}
	rep.IndexMB = dirMB(a.indexPath())
	rep.StoreMB = dirMB(a.storePath()) + dirMB(a.storePath()+"-wal")
	if rep.TextMB > 0 {
		rep.IndexPerText = rep.IndexMB / rep.TextMB
	}
	rep.PeakRSSMB = peakRSSMB()
	if lineErrors > 0 {
		e.log.Warn("lines could not be imported", "lines", lineErrors)
	}
	return nil
}

// articleSource sends the articles to import in batches; errs counts the
// lines it could not read.
type articleSource func(ctx context.Context, out chan<- []newsdex.Article, errs *int) error

// readAll reads every article of the files into memory.
func readAll(ctx context.Context, e *env, files []string) ([]newsdex.Article, error) {
	out := make(chan []newsdex.Article)
	var all []newsdex.Article
	done := make(chan struct{})
	go func() {
		defer close(done)
		for b := range out {
			all = append(all, b...)
		}
	}()
	var errs int
	err := readFiles(ctx, e, files, 1000, out, &errs)
	close(out)
	<-done
	if errs > 0 {
		e.log.Warn("lines could not be read", "lines", errs)
	}
	return all, err
}

// scaledSource sends n articles drawn at random (with seed) from as many
// copies of the corpus as it takes: copy k ≥ 1 of an article gets the id and
// URL suffix -copyk, so that it is stored as an article of its own. Copies
// are near-duplicates of their originals, as syndicated news is.
func scaledSource(corpus []newsdex.Article, n int, seed uint64, batch int) articleSource {
	return func(ctx context.Context, out chan<- []newsdex.Article, _ *int) error {
		copies := (n + len(corpus) - 1) / len(corpus)
		order := rand.New(rand.NewPCG(seed, seed)).Perm(copies * len(corpus))[:n]
		pending := make([]newsdex.Article, 0, batch)
		for i, j := range order {
			a := corpus[j%len(corpus)]
			if k := j / len(corpus); k > 0 {
				suffix := fmt.Sprintf("-copy%d", k)
				if a.ID == "" && a.URL == "" {
					a.ID = fmt.Sprintf("scale-%d", j%len(corpus))
				}
				if a.ID != "" {
					a.ID += suffix
				}
				if a.URL != "" {
					a.URL += "#" + suffix[1:]
				}
			}
			pending = append(pending, a)
			if len(pending) == batch || i == len(order)-1 {
				select {
				case out <- pending:
				case <-ctx.Done():
					return ctx.Err()
				}
				pending = make([]newsdex.Article, 0, batch)
			}
		}
		return nil
	}
}

// benchQueries serves the index on loopback and times the queries through
// /api/search, with facets and snippets and without, for each client count.
func benchQueries(ctx context.Context, e *env, a *app, ix *index.Index, queries []string, syntax string, clients []int, repeat, warmup int, rep *benchReport, cpuProfile string) error {
	rep.Queries = len(queries)
	if docs, err := ix.DocCount(); err == nil && rep.Docs == 0 {
		rep.Docs = int(docs)
	}
	srv, err := server.New(ix, a.store, a.entities, e.log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	httpSrv := &http.Server{Handler: srv.NewMux()}
	go httpSrv.Serve(ln)
	defer httpSrv.Close()
	base := "http://" + ln.Addr().String()
	// The import's garbage is not the server's memory.
	debug.FreeOSMemory()
	stopProfile, err := startProfile(cpuProfile)
	if err != nil {
		return err
	}
	defer stopProfile()
	for _, mode := range []struct {
		name   string
		params url.Values
	}{
		{"facets+snippets", url.Values{"syntax": {syntax}, "size": {"10"}}},
		{"hits only", url.Values{"syntax": {syntax}, "size": {"10"}, "facets": {"off"}, "snippets": {"off"}}},
	} {
		for _, c := range clients {
			res, err := loadtest.Run(ctx, base, queries, loadtest.Config{Clients: c, Repeat: repeat, Warmup: warmup, Params: mode.params})
			if err != nil {
				return fmt.Errorf("bench %s, %d clients: %w", mode.name, c, err)
			}
			rep.Latency = append(rep.Latency, benchLatency{mode.name, res})
		}
	}
	rep.ServeRSSMB = currentRSSMB()
	rep.ServeFileMB = procStatusMB("RssFile:") + procStatusMB("RssShmem:")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rep.ServeHeapMB = math.Round(float64(ms.HeapInuse) / (1 << 20))
	return nil
}

func printBench(w io.Writer, r *benchReport) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if r.ImportS > 0 {
		fmt.Fprintf(tw, "import\t%d docs (%s), %.1f MB of text\n", r.Docs, langCounts(r.DocsByLang), r.TextMB)
		fmt.Fprintf(tw, "  wall\t%.2f s (+ %.2f s loading the segmenter)\n", r.ImportS, r.LoadS)
		fmt.Fprintf(tw, "  throughput\t%.0f docs/s, %.2f MB/s\n", r.DocsPerS, r.MBPerS)
		fmt.Fprintf(tw, "  first searchable\t%.2f s after start\n", r.FirstSearchable)
		fmt.Fprintf(tw, "  index / text\t%.1f MB / %.1f MB = %.2f (store %.1f MB)\n", r.IndexMB, r.TextMB, r.IndexPerText, r.StoreMB)
		fmt.Fprintf(tw, "  peak RSS\t%.0f MB\n", r.PeakRSSMB)
	} else {
		fmt.Fprintf(tw, "index\t%d docs (existing data folder)\n", r.Docs)
	}
	if len(r.Latency) > 0 {
		fmt.Fprintf(tw, "queries\t%d, through /api/search\n", r.Queries)
		fmt.Fprintf(tw, "  mode\tclients\tp50 ms\tp90 ms\tp99 ms\tmax ms\tqps\n")
		for _, l := range r.Latency {
			fmt.Fprintf(tw, "  %s\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.0f\n", l.Mode, l.Clients, l.P50MS, l.P90MS, l.P99MS, l.MaxMS, l.QPS)
		}
		fmt.Fprintf(tw, "  RSS serving\t%.0f MB: %.0f MB mapped files (mostly the index), %.0f MB anonymous (Go heap %.0f MB)\n",
			r.ServeRSSMB, r.ServeFileMB, r.ServeRSSMB-r.ServeFileMB, r.ServeHeapMB)
	}
	tw.Flush()
}

func langCounts(m map[string]int) string {
	var parts []string
	for _, l := range []string{"zh", "en", "?"} {
		if m[l] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", l, m[l]))
		}
	}
	return strings.Join(parts, ", ")
}

// dirMB is the size of a file or of everything under a folder.
func dirMB(path string) float64 {
	var total int64
	_ = filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if info, err := d.Info(); err == nil && !d.IsDir() {
			total += info.Size()
		}
		return nil
	})
	return math.Round(float64(total)/(1<<20)*10) / 10
}

// peakRSSMB reads the process's peak resident set (Linux); 0 elsewhere.
func peakRSSMB() float64 { return procStatusMB("VmHWM:") }

// currentRSSMB reads the process's resident set now (Linux); 0 elsewhere.
func currentRSSMB() float64 { return procStatusMB("VmRSS:") }

func procStatusMB(key string) float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, key) {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseFloat(f[1], 64)
				return math.Round(kb / 1024)
			}
		}
	}
	return 0
}

// startProfile starts a CPU profile into path ("" = none) and returns what
// stops it.
func startProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	defer f.Close()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	return nil
}

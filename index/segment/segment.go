// Package segment wraps gojieba: it ships jieba's dictionaries inside the
// binary, loads the segmenter once, and returns words with byte offsets and
// part-of-speech tags, plus the search-mode sub-words of long words.
package segment

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yanyiwu/gojieba"
)

//go:embed dict/jieba.dict.utf8.gz dict/hmm_model.utf8.gz dict/stop_words.utf8 dict/idf.utf8 dict/industry.dict.utf8
var dictFS embed.FS

// dictFiles are the five files gojieba.NewJieba takes, in its order.
var dictFiles = [5]string{"jieba.dict.utf8", "hmm_model.utf8", "industry.dict.utf8", "idf.utf8", "stop_words.utf8"}

// Word is one segment of the input.
type Word struct {
	Text string
	// Tag is jieba's part of speech: n, v, nr (person), ns (place),
	// nt (organisation), nz (other proper noun), x (unknown) …
	Tag        string
	Start, End int // byte offsets in the segmented string
}

// Segmenter is safe for concurrent use; load one per process.
type Segmenter struct {
	jieba *gojieba.Jieba
	// dictWords holds the dictionary's two- and three-character words: the
	// sub-words search mode adds inside longer words (as cppjieba's
	// QuerySegment does), computed here so one Tag call serves both the
	// entity rules and the index.
	dictWords map[string]struct{}
	dir       string
}

// Options configure Load.
type Options struct {
	// CacheDir receives the dictionary files; default os.UserCacheDir()/newsdex,
	// falling back to the temporary directory.
	CacheDir string
}

// Load writes the embedded dictionaries to the cache folder (once per
// dictionary version) and loads jieba from there. It takes about a second.
func Load(opts Options) (*Segmenter, error) {
	dir, err := writeDicts(opts.CacheDir)
	if err != nil {
		return nil, err
	}
	var (
		wg        sync.WaitGroup
		dictWords map[string]struct{}
		wordsErr  error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		dictWords, wordsErr = loadShortWords()
	}()
	paths := make([]string, len(dictFiles))
	for i, f := range dictFiles {
		paths[i] = filepath.Join(dir, f)
	}
	j := gojieba.NewJieba(paths...)
	wg.Wait()
	if wordsErr != nil {
		j.Free()
		return nil, wordsErr
	}
	return &Segmenter{jieba: j, dictWords: dictWords, dir: dir}, nil
}

// Close frees the C++ segmenter.
func (s *Segmenter) Close() { s.jieba.Free() }

// DictDir is where the dictionary files were written.
func (s *Segmenter) DictDir() string { return s.dir }

// Tag segments text in jieba's default (precise) mode with part-of-speech
// tags. The text must be valid UTF-8 without NUL bytes (see package
// normalize); words cover the text end to end.
func (s *Segmenter) Tag(text string) []Word {
	if text == "" {
		return nil
	}
	tagged := s.jieba.Tag(text)
	words := make([]Word, 0, len(tagged))
	off := 0
	for _, wt := range tagged {
		slash := strings.LastIndexByte(wt, '/')
		if slash < 0 {
			continue
		}
		w, tag := wt[:slash], wt[slash+1:]
		if w == "" {
			continue
		}
		start := off
		if !strings.HasPrefix(text[off:], w) {
			// jieba normally returns the text in order; resynchronise if not.
			i := strings.Index(text[off:], w)
			if i < 0 {
				continue
			}
			start = off + i
		}
		off = start + len(w)
		words = append(words, Word{Text: w, Tag: tag, Start: start, End: off})
	}
	return words
}

// SubWords calls emit for every dictionary word of two or three characters
// inside word (a word of more than two characters), with its byte offsets in
// word: 中华人民共和国 gives 中华, 华人, 人民, 共和, 共和国.
func (s *Segmenter) SubWords(word string, emit func(sub string, start, end int)) {
	n := utf8.RuneCountInString(word)
	if n <= 2 {
		return
	}
	// Byte offset of each rune, plus the end.
	var offsBuf [32]int
	offs := offsBuf[:0]
	for i := range word {
		offs = append(offs, i)
	}
	offs = append(offs, len(word))
	for _, width := range [2]int{2, 3} {
		if n <= width {
			break
		}
		for i := 0; i+width <= n; i++ {
			sub := word[offs[i]:offs[i+width]]
			if _, ok := s.dictWords[sub]; ok {
				emit(sub, offs[i], offs[i+width])
			}
		}
	}
}

// IsDictWord reports whether w (two or three characters) is in the dictionary.
func (s *Segmenter) IsDictWord(w string) bool {
	_, ok := s.dictWords[w]
	return ok
}

func writeDicts(cacheDir string) (string, error) {
	contents := make([][]byte, len(dictFiles))
	h := sha256.New()
	for i, name := range dictFiles {
		b, err := readDict(name)
		if err != nil {
			return "", err
		}
		contents[i] = b
		fmt.Fprintf(h, "%s %d\n", name, len(b))
		h.Write(b)
	}
	version := hex.EncodeToString(h.Sum(nil))[:12]
	if cacheDir == "" {
		if d, err := os.UserCacheDir(); err == nil {
			cacheDir = filepath.Join(d, "newsdex")
		}
	}
	dirs := []string{filepath.Join(os.TempDir(), "newsdex")}
	if cacheDir != "" {
		dirs = append([]string{cacheDir}, dirs...)
	}
	var firstErr error
	for _, base := range dirs {
		dir := filepath.Join(base, "jieba-"+version)
		err := writeDictsTo(dir, contents)
		if err == nil {
			return dir, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return "", fmt.Errorf("write jieba dictionaries: %w", firstErr)
}

func writeDictsTo(dir string, contents [][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i, name := range dictFiles {
		path := filepath.Join(dir, name)
		if st, err := os.Stat(path); err == nil && st.Size() == int64(len(contents[i])) {
			continue
		}
		// Write then rename: another process may be loading the same folder.
		tmp, err := os.CreateTemp(dir, name+".tmp*")
		if err != nil {
			return err
		}
		_, werr := tmp.Write(contents[i])
		cerr := tmp.Close()
		if werr != nil || cerr != nil {
			os.Remove(tmp.Name())
			return fmt.Errorf("write %s: %w", path, errorsJoin(werr, cerr))
		}
		if err := os.Rename(tmp.Name(), path); err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	return nil
}

func errorsJoin(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// readDict returns a dictionary file's bytes, gunzipping the big ones.
func readDict(name string) ([]byte, error) {
	if b, err := dictFS.ReadFile("dict/" + name); err == nil {
		return b, nil
	}
	gz, err := dictFS.ReadFile("dict/" + name + ".gz")
	if err != nil {
		return nil, fmt.Errorf("embedded dictionary %s: %w", name, err)
	}
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("embedded dictionary %s: %w", name, err)
	}
	return io.ReadAll(r)
}

func loadShortWords() (map[string]struct{}, error) {
	words := make(map[string]struct{}, 200000)
	for _, name := range []string{"jieba.dict.utf8", "industry.dict.utf8"} {
		b, err := readDict(name)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			line := sc.Text()
			if sp := strings.IndexByte(line, ' '); sp >= 0 {
				line = line[:sp]
			}
			if n := utf8.RuneCountInString(line); n == 2 || n == 3 {
				words[line] = struct{}{}
			}
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
	}
	return words, nil
}

package sites

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Load reads and checks a sites file.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: err.Error()}
	}
	return Parse(data, path)
}

// Parse reads a sites file already in memory; path is used in messages.
// The YAML is walked node by node rather than decoded into structs so that
// every error can point at its line and key, and unknown keys (a typo such
// as `max_page`) are errors instead of silently ignored.
func Parse(data []byte, path string) (*File, error) {
	p := parser{file: path}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, p.yamlError(err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &Error{File: path, Msg: "empty file: it needs a `sites:` list"}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, p.errAt(root, "", "the file must be a mapping with `sites:` (and optionally `user_agent:`)")
	}
	f := &File{Path: path, UserAgent: DefaultUserAgent}
	var sitesNode *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "user_agent":
			ua, err := p.str(v, "user_agent")
			if err != nil {
				return nil, err
			}
			if strings.TrimSpace(ua) == "" || strings.ContainsAny(ua, "\r\n") {
				return nil, p.errAt(v, "user_agent", "must be one non-empty line")
			}
			f.UserAgent = strings.TrimSpace(ua)
		case "sites":
			sitesNode = v
		default:
			return nil, p.errAt(k, k.Value, "unknown key (known: user_agent, sites)")
		}
	}
	if sitesNode == nil {
		return nil, p.errAt(root, "sites", "missing: list the sites to crawl")
	}
	if sitesNode.Kind != yaml.SequenceNode || len(sitesNode.Content) == 0 {
		return nil, p.errAt(sitesNode, "sites", "must be a non-empty list of sites")
	}
	names := map[string]int{}
	for i, n := range sitesNode.Content {
		s, err := p.site(n, fmt.Sprintf("sites[%d]", i))
		if err != nil {
			return nil, err
		}
		if line, dup := names[s.Name]; dup {
			return nil, p.errAt(n, fmt.Sprintf("sites[%d].name", i), fmt.Sprintf("%q is already the name of the site on line %d", s.Name, line))
		}
		names[s.Name] = s.Line
		f.Sites = append(f.Sites, s)
	}
	return f, nil
}

type parser struct{ file string }

func (p parser) errAt(n *yaml.Node, key, msg string) error {
	return &Error{File: p.file, Line: n.Line, Key: key, Msg: msg}
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// yamlError turns a syntax error into an Error with its line.
func (p parser) yamlError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimSpace(strings.Replace(msg, m[0]+":", "", 1))
	}
	return &Error{File: p.file, Line: line, Msg: "YAML: " + msg}
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

func (p parser) site(n *yaml.Node, key string) (Site, error) {
	s := Site{Rate: DefaultRate, MaxPages: DefaultMaxPages, Line: n.Line}
	if n.Kind != yaml.MappingNode {
		return s, p.errAt(n, key, "must be a mapping with at least `name` and `start`")
	}
	var haveStart bool
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		kk := key + "." + k.Value
		var err error
		switch k.Value {
		case "name":
			s.Name, err = p.str(v, kk)
			if err == nil && !nameRE.MatchString(s.Name) {
				err = p.errAt(v, kk, "must be a short id: letters, digits, '.', '_' or '-'")
			}
		case "start":
			s.Start, err = p.urls(v, kk)
			haveStart = true
		case "rate":
			s.Rate, err = p.float(v, kk)
			if err == nil && (s.Rate <= 0 || s.Rate > 1000 || math.IsNaN(s.Rate)) {
				err = p.errAt(v, kk, "must be a number of requests per second above 0 (e.g. 0.5 or 2)")
			}
		case "max_pages":
			s.MaxPages, err = p.int(v, kk)
			if err == nil && s.MaxPages < 1 {
				err = p.errAt(v, kk, "must be at least 1")
			}
		case "lang":
			s.Lang, err = p.str(v, kk)
			if err == nil && s.Lang != "zh" && s.Lang != "en" {
				err = p.errAt(v, kk, "must be zh or en (leave it out to detect the language)")
			}
		case "timezone":
			var tz string
			if tz, err = p.str(v, kk); err == nil {
				if s.Location, err = time.LoadLocation(tz); err != nil {
					err = p.errAt(v, kk, fmt.Sprintf("unknown time zone %q (e.g. Asia/Shanghai, UTC)", tz))
				}
			}
		case "article":
			var pat string
			if pat, err = p.str(v, kk); err == nil {
				s.articleOnPath = strings.HasPrefix(pat, "/")
				if s.articleOnPath {
					pat = "^" + pat
				}
				if s.Article, err = regexp.Compile(pat); err != nil {
					err = p.errAt(v, kk, "not a valid regular expression: "+strings.TrimPrefix(err.Error(), "error parsing regexp: "))
				}
			}
		case "source":
			s.Source, err = p.str(v, kk)
		case "select":
			s.Select, err = p.selectors(v, kk)
		default:
			err = p.errAt(k, kk, "unknown key (known: name, start, rate, max_pages, lang, timezone, article, source, select)")
		}
		if err != nil {
			return s, err
		}
	}
	if s.Name == "" {
		return s, p.errAt(n, key+".name", "missing: every site needs a name")
	}
	if !haveStart || len(s.Start) == 0 {
		return s, p.errAt(n, key+".start", "missing: give the site's list pages, sitemaps or feeds")
	}
	return s, nil
}

func (p parser) selectors(n *yaml.Node, key string) (Select, error) {
	var sel Select
	if n.Kind != yaml.MappingNode {
		return sel, p.errAt(n, key, "must be a mapping such as {title: h1, body: .content}")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		kk := key + "." + k.Value
		val, err := p.str(v, kk)
		if err != nil {
			return sel, err
		}
		if err := checkSelector(val); err != nil {
			return sel, p.errAt(v, kk, err.Error())
		}
		switch k.Value {
		case "title":
			sel.Title = val
		case "published":
			sel.Published = val
		case "body":
			sel.Body = val
		case "author":
			sel.Author = val
		case "source":
			sel.Source = val
		default:
			return sel, p.errAt(k, kk, "unknown key (known: title, published, body, author, source)")
		}
	}
	return sel, nil
}

func (p parser) str(n *yaml.Node, key string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", p.errAt(n, key, "must be a single value")
	}
	return n.Value, nil
}

func (p parser) float(n *yaml.Node, key string) (float64, error) {
	if n.Kind != yaml.ScalarNode {
		return 0, p.errAt(n, key, "must be a number")
	}
	f, err := strconv.ParseFloat(n.Value, 64)
	if err != nil {
		return 0, p.errAt(n, key, fmt.Sprintf("must be a number, not %q", n.Value))
	}
	return f, nil
}

func (p parser) int(n *yaml.Node, key string) (int, error) {
	if n.Kind != yaml.ScalarNode {
		return 0, p.errAt(n, key, "must be a whole number")
	}
	i, err := strconv.Atoi(n.Value)
	if err != nil {
		return 0, p.errAt(n, key, fmt.Sprintf("must be a whole number, not %q", n.Value))
	}
	return i, nil
}

// urls reads a URL or a list of URLs.
func (p parser) urls(n *yaml.Node, key string) ([]*url.URL, error) {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var out []*url.URL
	for i, it := range items {
		k := key
		if n.Kind == yaml.SequenceNode {
			k = fmt.Sprintf("%s[%d]", key, i)
		}
		raw, err := p.str(it, k)
		if err != nil {
			return nil, err
		}
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, p.errAt(it, k, fmt.Sprintf("%q is not an absolute http(s) URL", raw))
		}
		out = append(out, u)
	}
	return out, nil
}

// checkSelector rejects selectors goquery cannot compile, at load time
// rather than on the first page of the site.
func checkSelector(sel string) error {
	if strings.TrimSpace(sel) == "" {
		return errors.New("empty selector")
	}
	return compileSelector(sel)
}

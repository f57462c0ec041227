package charset

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

const (
	zhText   = "滨州市高端铝产业集群预计实现营业收入3950亿元，同比增长10%，铝原料就地转化为中高端铝制品的比例达到50.1%。"
	zhTextTW = "臺灣鋁業公司表示，今年的訂單比去年增加了兩成，主要來自電動車與建築市場的需求。"
)

func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func page(meta, body string) string {
	return "<html><head>" + meta + "<title>t</title></head><body><p>" + body + "</p></body></html>"
}

func TestDecode(t *testing.T) {
	gbkPage := func(meta string) []byte {
		return encode(t, simplifiedchinese.GBK, page(meta, zhText+"镕"))
	}
	tests := []struct {
		name        string
		body        []byte
		contentType string
		wantLabel   string
		wantText    string
	}{
		{"utf-8 bom", append([]byte{0xEF, 0xBB, 0xBF}, page("", zhText)...), "text/html; charset=gbk", "utf-8", zhText},
		{"utf-16le bom", append([]byte{0xFF, 0xFE}, encode(t, encoding.Encoding(utf16le()), page("", zhText))...), "", "utf-16le", zhText},
		{"header gbk", gbkPage(""), "text/html; charset=GBK", "gb18030", zhText + "镕"},
		{"meta gb2312 holding gbk characters", gbkPage(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`), "", "gb18030", zhText + "镕"},
		{"meta charset", gbkPage(`<meta charset="gbk">`), "", "gb18030", zhText},
		{"header says utf-8, bytes are gbk", gbkPage(""), "text/html; charset=utf-8", "gb18030", zhText},
		{"meta says utf-8, bytes are gbk", gbkPage(`<meta charset="utf-8">`), "", "gb18030", zhText},
		{"meta says gb2312, bytes are utf-8", []byte(page(`<meta charset="gb2312">`, zhText)), "", "utf-8", zhText},
		{"latin label on gbk bytes", gbkPage(`<meta charset="iso-8859-1">`), "", "gb18030", zhText},
		{"no label, gbk", gbkPage(""), "", "gb18030", zhText},
		{"no label, big5", encode(t, traditionalchinese.Big5, page("", zhTextTW)), "", "big5", zhTextTW},
		{"meta big5", encode(t, traditionalchinese.Big5, page(`<meta charset="big5">`, zhTextTW)), "", "big5", zhTextTW},
		{"no label, utf-8", []byte(page("", zhText)), "", "utf-8", zhText},
		{"plain ascii", []byte(page("", "Aluminium prices rose.")), "", "utf-8", "Aluminium prices rose."},
		{"latin-1 declared", []byte("<meta charset=iso-8859-1><p>caf\xe9 cr\xe8me</p>"), "", "windows-1252", "café crème"},
		{"unknown label sniffs", gbkPage(`<meta charset="x-made-up">`), "", "gb18030", zhText},
		{"malformed content type", gbkPage(""), "text/html;; charset=gbk;", "gb18030", zhText},
		{"utf-8 with a stray bad byte", []byte(page("", zhText+"\xff"+zhText+zhText)), "", "utf-8", "\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, label, err := Decode(tt.body, tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if label != tt.wantLabel {
				t.Errorf("label = %q, want %q", label, tt.wantLabel)
			}
			if !strings.Contains(text, tt.wantText) {
				t.Errorf("text %q does not contain %q", text, tt.wantText)
			}
			if !utf8.ValidString(text) {
				t.Errorf("text is not valid UTF-8")
			}
		})
	}
}

func TestDecodeInvalidBytesBecomeReplacement(t *testing.T) {
	body := encode(t, simplifiedchinese.GBK, page(`<meta charset="gbk">`, zhText))
	body = append(body, 0x81, '<', 0xFF)
	text, _, err := Decode(body, "")
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.ValidString(text) || !strings.Contains(text, "\uFFFD") {
		t.Errorf("want valid UTF-8 with U+FFFD, got %q", text[len(text)-20:])
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("<meta charset=gbk><p>\xc2\xc1\xbc\xd3</p>"), "")
	f.Add([]byte("\xff\xfe<\x00p\x00"), "text/html; charset=utf-8")
	f.Add([]byte("\xef\xbb\xbf<p>ok</p>"), "text/html; charset=big5")
	f.Add([]byte("<p>\xa4\xa4\xa4\xe5</p>"), "text/html; charset=\"")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		text, label, err := Decode(body, contentType)
		if err != nil {
			return
		}
		if label == "" {
			t.Fatalf("empty label for %q", body)
		}
		if !utf8.ValidString(text) {
			t.Fatalf("invalid UTF-8 out of %q (%s)", body, label)
		}
	})
}

package charset

import (
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// sniffLimit bounds the bytes the statistics look at; a few tens of KB of a
// page tell its encoding as well as all of it.
const sniffLimit = 64 << 10

// candidate is an encoding sniffing may settle on.
type candidate struct {
	name string
	enc  encoding.Encoding
}

var cjkCandidates = []candidate{
	{"gb18030", simplifiedchinese.GB18030},
	{"big5", traditionalchinese.Big5},
}

// sniff guesses the encoding of undeclared or wrongly declared bytes: UTF-8
// when they are (nearly) valid UTF-8, else the Chinese encoding whose
// decoding reads most like Chinese, else windows-1252.
func sniff(body []byte) (string, encoding.Encoding) {
	sample := head(body)
	if mostlyUTF8(sample) {
		return "utf-8", unicode.UTF8
	}
	best, bestScore := candidate{}, 0.0
	for _, c := range cjkCandidates {
		if s := chineseScore(sample, c.enc); s > bestScore {
			best, bestScore = c, s
		}
	}
	if bestScore >= 0.15 {
		return best.name, best.enc
	}
	return "windows-1252", charmap.Windows1252
}

// plausible reports whether decoding body with a declared non-UTF-8
// encoding gives sensible text: few replacement characters, and for a
// single-byte Latin label, bytes that do not read far better as Chinese.
func plausible(body []byte, name string, enc encoding.Encoding) bool {
	sample := head(body)
	out, err := enc.NewDecoder().Bytes(sample)
	if err != nil {
		return false
	}
	bad, nonASCII := 0, 0
	for _, r := range string(out) {
		if r >= 0x80 {
			nonASCII++
		}
		if r == utf8.RuneError {
			bad++
		}
	}
	if nonASCII > 0 && float64(bad)/float64(nonASCII) > 0.05 {
		return false
	}
	if isSingleByte(name) {
		for _, c := range cjkCandidates {
			if chineseScore(sample, c.enc) >= 0.3 {
				return false
			}
		}
	}
	return true
}

func isSingleByte(name string) bool {
	switch name {
	case "gb18030", "big5", "shift_jis", "euc-jp", "iso-2022-jp", "euc-kr", "utf-8":
		return false
	}
	return true
}

// mostlyUTF8 reports whether body is UTF-8 with at most a stray broken
// sequence or two (a truncated page, one bad paste) rather than text in
// another encoding, which breaks on almost every non-ASCII byte.
func mostlyUTF8(body []byte) bool {
	valid, invalid := 0, 0
	for len(body) > 0 {
		if body[0] < utf8.RuneSelf {
			body = body[1:]
			continue
		}
		r, n := utf8.DecodeRune(body)
		if r == utf8.RuneError && n <= 1 {
			invalid++
			n = 1
		} else {
			valid++
		}
		body = body[n:]
	}
	if invalid == 0 {
		return true
	}
	return invalid <= 3 && valid >= 20*invalid || float64(invalid) < 0.01*float64(valid+invalid)
}

// multiByteRunes reports whether body holds at least n multi-byte runes.
func multiByteRunes(body []byte, n int) bool {
	count := 0
	for i := 0; i < len(body); i++ {
		if body[i] >= 0xC0 {
			count++
			if count >= n {
				return true
			}
		}
	}
	return false
}

func head(body []byte) []byte {
	if len(body) > sniffLimit {
		return body[:sniffLimit]
	}
	return body
}

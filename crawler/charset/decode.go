// Package charset turns the bytes of a fetched page into UTF-8 text. Chinese
// sites label their pages wrongly often enough (gb2312 pages full of GBK
// characters, utf-8 headers on GBK pages, no label at all) that a declared
// charset is only trusted when the bytes agree with it.
package charset

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// Decode returns body as UTF-8 text and the label of the encoding it was
// decoded from. The encoding comes from, in order of trust: a byte-order
// mark, the charset of the HTTP Content-Type, a <meta charset> or
// <meta http-equiv> in the page, then sniffing; a declared charset the bytes
// contradict is overruled by sniffing. Bytes invalid in the chosen encoding
// become U+FFFD.
func Decode(body []byte, contentType string) (text string, label string, err error) {
	if enc, name, n := bomEncoding(body); enc != nil {
		text, err := decodeWith(enc, body[n:])
		if err != nil {
			return "", "", fmt.Errorf("decode %s: %w", name, err)
		}
		return text, name, nil
	}

	declared := headerLabel(contentType)
	if declared == "" {
		declared = metaLabel(body)
	}
	name, enc := choose(body, declared)
	if name == "utf-8" {
		return string(bytes.ToValidUTF8(body, []byte("\uFFFD"))), name, nil
	}
	text, err = decodeWith(enc, body)
	if err != nil {
		return "", "", fmt.Errorf("decode %s: %w", name, err)
	}
	return text, name, nil
}

// choose settles on an encoding for body given the declared label ("" when
// none), checking the declaration against the bytes.
func choose(body []byte, declared string) (string, encoding.Encoding) {
	name, enc := lookup(declared)
	switch {
	case enc == nil:
		return sniff(body)
	case name == "utf-8":
		if mostlyUTF8(body) {
			return name, enc
		}
		return sniff(body)
	case isUTF16(name):
		return name, enc
	}
	// A page stored or re-served as UTF-8 keeps its old <meta> label; valid
	// multi-byte UTF-8 is practically never an accident of another encoding.
	if utf8.Valid(body) && multiByteRunes(body, 4) {
		return "utf-8", unicode.UTF8
	}
	if plausible(body, name, enc) {
		return name, enc
	}
	return sniff(body)
}

// decodeWith decodes body with enc; x/text decoders replace invalid
// sequences with U+FFFD, and the result is made valid UTF-8 regardless.
func decodeWith(enc encoding.Encoding, body []byte) (string, error) {
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return "", err
	}
	return string(bytes.ToValidUTF8(out, []byte("\uFFFD"))), nil
}

package charset

import (
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

func utf16le() encoding.Encoding { return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM) }

package extract

import (
	"fmt"

	"github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/crawler/charset"
)

// ExtractBytes decodes a fetched page (contentType is the HTTP header, ""
// when unknown) and extracts its article.
func ExtractBytes(body []byte, contentType string, opts Options) (newsdex.Article, error) {
	if len(body) > maxInput {
		body = body[:maxInput]
	}
	text, _, err := charset.Decode(body, contentType)
	if err != nil {
		return newsdex.Article{}, fmt.Errorf("extract %s: %w", opts.URL, err)
	}
	return Extract(text, opts)
}

package sites

import (
	"fmt"

	"github.com/andybalholm/cascadia"
)

// compileSelector checks a CSS selector with the parser goquery uses.
func compileSelector(sel string) error {
	if _, err := cascadia.ParseGroup(sel); err != nil {
		return fmt.Errorf("not a valid CSS selector: %v", err)
	}
	return nil
}

package messages

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Every language must define every text, or a message would lose a part.
func TestEveryLanguageDefinesEveryText(t *testing.T) {
	names := []string{"greeting", "closing", "pin_label", "link_help", "contact", "ref_label", "kiosk_code"}
	for _, k := range Kinds {
		for _, part := range []string{"subject", "sms", "intro", "action"} {
			names = append(names, string(k)+"."+part)
		}
	}
	for _, lang := range supported {
		for _, n := range names {
			assert.NotNil(t, texts[lang].Lookup(n), "%s: %s", lang, n)
		}
	}
}

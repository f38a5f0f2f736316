package messages

import (
	"strings"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// supported are the languages with a template file.
var supported = []enums.LanguageCode{enums.LanguageCodeEnGB, enums.LanguageCodeNlNL, enums.LanguageCodeFrFR, enums.LanguageCodeDeDE}

// resolve picks the supported language for lang: exact match, then same
// primary subtag (nl-BE -> nl-NL), then en-GB.
func resolve(lang enums.LanguageCode) enums.LanguageCode {
	prefix, _, _ := strings.Cut(strings.ToLower(string(lang)), "-")
	for _, s := range supported {
		if s == lang {
			return s
		}
	}
	for _, s := range supported {
		if p, _, _ := strings.Cut(strings.ToLower(string(s)), "-"); p == prefix {
			return s
		}
	}
	return enums.LanguageCodeEnGB
}

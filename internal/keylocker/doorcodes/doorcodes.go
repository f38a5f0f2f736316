// Package doorcodes finds the door codes inside a stored ACSES event body
// (webhook_histories.sent_content): sealed when the body is stored, opened
// for the roles that hand keys out, redacted for the others.
package doorcodes

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/pitstop-dev/pitstop/internal/keylocker/seal"
)

// Redacted replaces a door code where the reader may not see it.
const Redacted = "[redacted]"

// doorCodeField finds a "code" member in JSON that does not parse (a
// truncated or broken delivery).
var doorCodeField = regexp.MustCompile(`(?i)("code"\s*:\s*)"(?:[^"\\]|\\.)*"`)

// historyCodePurpose seals the door codes inside a stored event body.
const historyCodePurpose = "webhook_histories.sent_content.code"

// Seal is an authentic event's body as stored: each door code
// sealed (internal/keylocker/seal), like the bookings' own codes. A body
// that is not JSON (never an authentic one) is kept as is.
func Seal(raw []byte) string {
	return mapDoorCodes(string(raw), func(v string) string { return seal.Seal(historyCodePurpose, v) })
}

// Open shows a stored body with its door codes opened (bodies
// stored before sealing have them in clear already).
func Open(content string) string {
	return mapDoorCodes(content, func(v string) string {
		if !strings.HasPrefix(v, seal.Prefix) {
			return v
		}
		if o, err := seal.Open(historyCodePurpose, v); err == nil {
			return o
		}
		return Redacted
	})
}

// Redact hides every door code in a delivery's body. A body that
// is not JSON has its "code" members masked by pattern.
func Redact(content string) string {
	var v any
	if err := json.Unmarshal([]byte(content), &v); err != nil {
		return doorCodeField.ReplaceAllString(content, `${1}"`+Redacted+`"`)
	}
	return mapDoorCodes(content, func(string) string { return Redacted })
}

// mapDoorCodes rewrites each door code of a JSON body with f: every member
// named "code" (in any case, as Go's decoder matches names) at any depth
// (a code that is not a string becomes f("")). A body that is not JSON,
// or has no code, is returned as is.
func mapDoorCodes(content string, f func(string) string) string {
	var v any
	if err := json.Unmarshal([]byte(content), &v); err != nil {
		return content
	}
	if !mapCodes(v, f) {
		return content
	}
	b, err := json.Marshal(v)
	if err != nil {
		return Redacted
	}
	return string(b)
}

func mapCodes(v any, f func(string) string) bool {
	changed := false
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if strings.EqualFold(k, "code") {
				s, ok := e.(string)
				switch {
				case ok && s != "":
					if n := f(s); n != s {
						x[k], changed = n, true
					}
				case !ok && e != nil:
					x[k], changed = f(""), true
				}
				continue
			}
			changed = mapCodes(e, f) || changed
		}
	case []any:
		for _, e := range x {
			changed = mapCodes(e, f) || changed
		}
	}
	return changed
}

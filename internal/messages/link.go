package messages

import "strings"

// Link builds the customer link in the spec's form <base>/#!/<COMMUNICATION_KEY>,
// e.g. Link("https://mycarcheck.pro/", "abc") == "https://mycarcheck.pro/#!/abc".
func Link(base, key string) string {
	return strings.TrimRight(strings.TrimSpace(base), "/") + "/#!/" + strings.TrimSpace(key)
}

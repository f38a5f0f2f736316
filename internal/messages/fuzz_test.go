package messages

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// FuzzCheckText: whatever a dealer admin types, the check does not panic,
// and a template it accepts renders within the caps (or fails cleanly)
// with sample data, without printing the data structure.
func FuzzCheckText(f *testing.F) {
	for _, s := range []string{
		`Hello {{.Customer}} {{.Link}}`,
		`{{range 20}}{{printf "%0999999d" 1}}{{end}}`,
		`{{printf "%#v" $}}`,
		`{{range .Welcome}}{{.}}{{$.Sender}}{{end}}{{.Link}}`,
		`{{if and .Customer (not .Reg)}}x{{else if eq .Lang "nl-NL"}}y{{end}}{{.Link}}`,
		`{{with $x := .Customer}}{{$x}}{{end}}`,
		`{{template "greeting" .}}`,
		`{{.Customer | printf "%q"}}`,
		`{{range .Body}}{{range $.Welcome}}{{end}}{{end}}`,
		`{{.}}{{$}}{{call .Link}}`,
		"{{/* c */}}{{- .PIN -}}",
	} {
		f.Add(s, 0, 3)
	}
	f.Fuzz(func(t *testing.T, src string, k, c int) {
		kind := Kinds[uint(k)%uint(len(Kinds))]
		ch := Channels[uint(c)%uint(len(Channels))]
		if p := CheckText(kind, ch, src); len(p) > 0 {
			for _, s := range p {
				if !utf8.ValidString(s) && utf8.ValidString(src) {
					t.Fatalf("problem %q is not UTF-8", s)
				}
			}
			return
		}
		d := SampleData(enums.LanguageCodeEnGB)
		m, err := RenderWith(kind, d, Overrides{ch: src})
		if err != nil {
			return
		}
		if n := utf8.RuneCountInString(m.SMS); n > MaxSMSChars {
			t.Fatalf("SMS of %d characters", n)
		}
		if n := len(m.Subject) + len(m.Text) + len(m.HTML); n > MaxEmailBytes {
			t.Fatalf("e-mail of %d bytes", n)
		}
		for _, s := range []string{m.SMS, m.Subject, m.Text, m.HTML} {
			if strings.Contains(s, "messages.email{") || strings.Contains(s, "Customer:") {
				t.Fatalf("the data structure leaks: %q", s)
			}
		}
	})
}

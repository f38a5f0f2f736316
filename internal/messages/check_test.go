package messages

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// A template may use the documented placeholders and a few safe
// constructs; everything that could dump the data, loop or grow without
// bound is refused, at save time (CheckOverride) and in CheckText.
func TestCheckTextRefusesAllButTheSafeConstructs(t *testing.T) {
	cases := map[string]struct{ src, want string }{
		"printf in a range of 20": {`{{range 20}}{{printf "%0999999d" 1}}{{end}} {{.Link}}`, "{{range}} over anything but .Welcome or .Body"},
		"printf":                  {`{{printf "%0999999d" 1}} {{.Link}}`, "{{printf}} is not allowed"},
		"dump of the data":        {`{{printf "%#v" $}} {{.Link}}`, "{{printf}} is not allowed"},
		"dollar":                  {`{{$}} {{.Link}}`, "{{$}} is not allowed"},
		"dot outside a range":     {`{{.}} {{.Link}}`, "{{.}} outside {{range}} is not allowed"},
		"call":                    {`{{call .Link}} {{.Link}}`, "{{call}} is not allowed"},
		"len":                     {`{{len .Body}} {{.Link}}`, "{{len}} is not allowed"},
		"index":                   {`{{index .Body 0}} {{.Link}}`, "{{index}} is not allowed"},
		"function in a condition": {`{{if len .Body}}x{{end}} {{.Link}}`, "{{len}} is not allowed"},
		"with":                    {`{{with .Customer}}{{.}}{{end}} {{.Link}}`, "{{with}} is not allowed"},
		"variable":                {`{{$x := .Customer}}{{$x}} {{.Link}}`, "a variable"},
		"range variables":         {`{{range $i, $p := .Body}}{{$p}}{{end}} {{.Link}}`, "a variable"},
		"pipeline":                {`{{.Customer | html}} {{.Link}}`, "a pipeline (|)"},
		"nested range":            {`{{range .Body}}{{range $.Welcome}}x{{end}}{{end}} {{.Link}}`, "{{range}} inside {{range}}"},
		"range over a string":     {`{{range .Customer}}x{{end}} {{.Link}}`, "{{range}} over anything but .Welcome or .Body"},
		"list printed whole":      {`{{.Welcome}} {{.Link}}`, "{{.Welcome}} is a list of paragraphs"},
		"field of the paragraph":  {`{{range .Body}}{{.Customer}}{{end}} {{.Link}}`, "write {{$.Customer}}"},
		"sub-field":               {`{{.Customer.Name}} {{.Link}}`, "{{.Customer.Name}} is not allowed"},
		"break":                   {`{{range .Body}}{{break}}{{end}} {{.Link}}`, "{{break}} is not allowed"},
		"number":                  {`{{1}} {{.Link}}`, "{{1}} is not allowed"},
		"too many actions":        {strings.Repeat("{{.Reg}}", MaxTemplateActions) + "{{.Link}}", "more than 300 {{...}} actions"},
		"unknown placeholder":     {`{{$.Nope}} {{.Link}}`, "unknown placeholder {{.Nope}}"},
		"block":                   {`{{block "b" .}}x{{end}} {{.Link}}`, "{{define}} and {{block}} are not allowed"},
		"too long":                {strings.Repeat("x", MaxTemplateLen+1), "longer than 65536 bytes"},
	}
	for name, c := range cases {
		p := CheckText(OnlineCheckIn, EmailText, c.src)
		require.NotEmpty(t, p, name)
		assert.Contains(t, strings.Join(p, "; "), c.want, name)
		assert.Equal(t, p, CheckOverride(OnlineCheckIn, EmailText, c.src), "%s: the save refuses it for the same reason", name)
		_, err := RenderWith(OnlineCheckIn, SampleData(enums.LanguageCodeEnGB), Overrides{EmailText: c.src})
		assert.Error(t, err, "%s: the send refuses it too", name)
	}
}

func TestCheckTextAcceptsTheSafeConstructs(t *testing.T) {
	for _, src := range []string{
		`Hello {{.Customer}}, {{.Link}}`,
		`{{if and .Customer (.Reg)}}{{.Customer}} {{.Reg}}{{else if not .Customer}}Hello{{else}}Hi{{end}} {{.Link}}`,
		`{{if or (eq .Lang "nl-NL") (ne .Reg "")}}x{{end}} {{.Link}}`,
		`{{range .Welcome}}{{.}} ({{$.Sender}}){{if .}}!{{end}}{{else}}none{{end}} {{/* a comment */}}{{.Link}}`,
		`{{- "quoted" -}} {{.Link}}`,
	} {
		assert.Empty(t, CheckOverride(OnlineCheckIn, EmailText, src), src)
	}
}

// The rendered SMS and e-mail are capped: at save time with sample data,
// at send time with the real data (a long welcome text repeated by a
// {{range}}), stopped as soon as the cap is reached, not after.
func TestRenderedMessagesAreCapped(t *testing.T) {
	p := CheckOverride(OnlineCheckIn, SMS, strings.Repeat("x", MaxSMSChars)+" {{.Link}}")
	assert.Equal(t, []string{"sms: the SMS renders longer than 1600 characters (en-GB, with sample data)"}, p)
	assert.Empty(t, CheckOverride(OnlineCheckIn, SMS, strings.Repeat("x", MaxSMSChars-200)+" {{.Link}}"))
	p = CheckOverride(OnlineCheckIn, EmailSubject, strings.Repeat("{{.Sender}}", 120))
	assert.Equal(t, []string{"email_subject: the e-mail subject renders longer than 998 characters (en-GB, with sample data)"}, p)

	d := SampleData(enums.LanguageCodeEnGB)
	d.WelcomeText = strings.Repeat("a\n", 2500)
	for _, ch := range []Channel{EmailHTML, EmailText} {
		src := "{{range .Welcome}}<p>" + strings.Repeat("y", 60000) + "{{.}}</p>{{end}}{{.Link}}"
		require.Empty(t, CheckOverride(OnlineCheckIn, ch, src), "with one paragraph of sample data it fits")
		start := time.Now()
		_, err := RenderWith(OnlineCheckIn, d, Overrides{ch: src})
		var capped capError
		require.True(t, errors.As(err, &capped), "%s: %v", ch, err)
		assert.Equal(t, "the e-mail renders larger than 256 KB", capped.what)
		assert.Less(t, time.Since(start), RenderTimeout, "stopped at the cap, not after rendering 150 MB")
	}
	// Just under the cap is fine.
	d.WelcomeText = strings.Repeat("a\n", 3)
	_, err := RenderWith(OnlineCheckIn, d, Overrides{EmailText: "{{range .Welcome}}" + strings.Repeat("y", 60000) + "{{end}}{{.Link}}"})
	require.NoError(t, err)
}

// A render past its deadline stops at its next write.
func TestCapWriterStopsAtTheDeadline(t *testing.T) {
	w := &capWriter{max: 100, what: "too long", deadline: time.Now().Add(-time.Millisecond)}
	_, err := w.Write([]byte("x"))
	assert.EqualError(t, err, "takes longer than 2s to render")
	w.deadline = time.Now().Add(time.Minute)
	n, err := w.Write([]byte("x"))
	assert.NoError(t, err)
	assert.Equal(t, 1, n)
	_, err = w.Write(make([]byte, 100))
	assert.EqualError(t, err, "too long")
}

package messages

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

func TestDefaultsPassTheirOwnCheck(t *testing.T) {
	for _, kind := range Kinds {
		for _, lang := range supported {
			for _, ch := range Channels {
				src, err := Default(kind, lang, ch)
				require.NoError(t, err)
				assert.Empty(t, CheckOverride(kind, ch, src), "%s/%s/%s", kind, lang, ch)
			}
		}
	}
}

func TestDefaultAsOverrideRendersTheSame(t *testing.T) {
	for _, lang := range supported {
		d := SampleData(lang)
		want, err := Render(DiagnoseOverview, d)
		require.NoError(t, err)
		ov := Overrides{}
		for _, ch := range Channels {
			ov[ch], err = Default(DiagnoseOverview, lang, ch)
			require.NoError(t, err)
		}
		got, err := RenderWith(DiagnoseOverview, d, ov)
		require.NoError(t, err)
		assert.Equal(t, want, got, lang)
	}
}

func TestCheckOverrideRefuses(t *testing.T) {
	cases := map[string]struct {
		kind Kind
		ch   Channel
		src  string
		want string
	}{
		"unknown placeholder":    {OnlineCheckIn, SMS, "Hi {{.Nme}} {{.Link}}", "unknown placeholder {{.Nme}}"},
		"PIN outside PIN kinds":  {RepairOverview, SMS, "{{.PIN}} {{.Link}}", "unknown placeholder {{.PIN}}"},
		"long-only field in SMS": {RepairOverview, SMS, "{{.Greeting}} {{.Link}}", "unknown placeholder {{.Greeting}}"},
		"syntax error":           {OnlineCheckIn, EmailSubject, "Hello {{.Customer", "unclosed action"},
		"no link":                {OnlineCheckIn, SMS, "Please check in, {{.Customer}}", "must print the customer's link"},
		"no PIN":                 {KeyLockerDropPIN, SMS, "Your PIN is ready {{.Link}}", "must print the PIN"},
		"template call":          {OnlineCheckIn, SMS, `{{template "greeting" .}} {{.Link}}`, "{{template}} is not allowed"},
		"define":                 {OnlineCheckIn, SMS, `{{define "y"}}y{{end}}{{.Link}}`, "{{define}} and {{block}} are not allowed"},
		"fails to render":        {OnlineCheckIn, EmailText, `{{if eq .Welcome "x"}}{{end}} {{.Link}}`, "does not render"},
		"empty":                  {OnlineCheckIn, EmailSubject, "  ", "must not be empty"},
		"renders empty":          {OnlineCheckIn, EmailSubject, "{{if .Customer}}{{end}}", "renders empty"},
		"html context error":     {OnlineCheckIn, EmailHTML, `<a href="{{.Link}}">{{.Link}}</a><script>var x = "{{.Customer}}`, "does not render"},
	}
	for name, c := range cases {
		p := CheckOverride(c.kind, c.ch, c.src)
		require.NotEmpty(t, p, name)
		assert.Contains(t, strings.Join(p, "; "), c.want, name)
	}
}

func TestOverrideEscapesAndKeepsRef(t *testing.T) {
	d := SampleData(enums.LanguageCodeNlNL)
	d.CustomerName = `<b>Jo</b>`
	m, err := RenderWith(RepairOverview, d, Overrides{
		SMS:          "Klaar, {{.Customer}}: {{.Link}}",
		EmailHTML:    `<p>Hoi {{.Customer}}</p><a href="{{.Link}}">{{.Action}}</a>`,
		EmailSubject: "Uw auto {{.Reg}}",
		EmailText:    "Hoi {{.Customer}} {{.Link}}",
	})
	require.NoError(t, err)
	assert.Equal(t, "Klaar, bJo/b: "+d.Link+" Ref: PS000000A", m.SMS)
	assert.Contains(t, m.HTML, "&lt;b&gt;Jo&lt;/b&gt;")
	assert.Equal(t, "Uw auto AB-123-C", m.Subject)
	assert.Equal(t, "Hoi <b>Jo</b> "+d.Link, m.Text)
}

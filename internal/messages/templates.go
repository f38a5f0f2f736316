package messages

import (
	"embed"
	htmltemplate "html/template"
	"text/template"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

//go:embed templates/*.tmpl templates/layout/*.tmpl
var files embed.FS

// Parsed once at start-up: the files are embedded, so a parse error is a
// programming error caught by the tests, not a runtime condition.
var (
	texts      = map[enums.LanguageCode]*template.Template{}
	smsLayout  = template.Must(template.ParseFS(files, "templates/layout/sms.tmpl"))
	textLayout = template.Must(template.ParseFS(files, "templates/layout/email.txt.tmpl"))
	htmlLayout = htmltemplate.Must(htmltemplate.ParseFS(files, "templates/layout/email.html.tmpl"))
)

func init() {
	for _, lang := range supported {
		// Missing keys must fail loudly instead of printing "<no value>".
		t := template.New(string(lang)).Option("missingkey=error")
		texts[lang] = template.Must(t.ParseFS(files, "templates/"+string(lang)+".tmpl"))
	}
}

package messages

import (
	"errors"
	"fmt"
	htmltemplate "html/template"
	"slices"
	"strings"
	"text/template"
	"time"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Channel is one editable part of a message.
type Channel string

// The channels a location may override.
const (
	EmailSubject Channel = "email_subject"
	EmailHTML    Channel = "email_html"
	EmailText    Channel = "email_text"
	SMS          Channel = "sms"
)

// Channels lists every Channel.
var Channels = []Channel{EmailSubject, EmailHTML, EmailText, SMS}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return slices.Contains(Channels, c) }

// Overrides are a location's own templates per channel; a missing channel
// uses the default.
type Overrides map[Channel]string

// Supported lists the languages with templates.
func Supported() []enums.LanguageCode { return slices.Clone(supported) }

// Resolve picks the supported language used for lang (see resolve).
func Resolve(lang enums.LanguageCode) enums.LanguageCode { return resolve(lang) }

// Placeholder is one value a template may print, as {{.Name}}.
type Placeholder struct {
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Channels    []Channel `json:"channels"`
	// Kinds restricts the subject and the SMS to these kinds (empty: all).
	Kinds []Kind `json:"kinds,omitempty"`
}

var (
	short = []Channel{EmailSubject, EmailHTML, EmailText, SMS}
	long  = []Channel{EmailHTML, EmailText}
	pins  = []Kind{KeyLockerDropPIN, KeyLockerPickUpPIN, CarReady}
	ready = []Kind{CarReady}
)

// Placeholders documents every value a template may use. Values are plain
// text: the HTML channel escapes them; the SMS gets them without < and >.
// Text, Welcome and Body are lists: use {{range .Body}}{{.}}{{end}}.
var Placeholders = []Placeholder{
	{"Customer", "the customer's name (may be empty)", short, nil},
	{"Sender", "dealer and location name as customers know it", short, nil},
	{"Phone", "the location's phone number (may be empty)", short, nil},
	{"Date", "appointment date and time in the location's zone and the message's language (may be empty)", short, nil},
	{"Reg", "the car's registration number (may be empty)", short, nil},
	{"Link", "the customer's personal link (required in SMS, text and HTML of link kinds)", short, nil},
	{"PIN", "the key locker PIN (required in SMS, text and HTML of PIN kinds; car_ready: set when the key waits in a locker)", short, pins},
	{"Locker", "the key locker's name (may be empty)", short, pins},
	{"Amount", "the amount due at the pick-up, VAT included, in the message's language (may be empty)", short, ready},
	{"Hours", "the location's opening hours in its own zone and the message's language (may be empty)", short, ready},
	{"Ref", "the message reference; the SMS always ends with it anyway", short, nil},
	{"Lang", "the message language, e.g. nl-NL", long, nil},
	{"Subject", "the e-mail subject", long, nil},
	{"Preheader", "the first line mail clients show in the inbox", long, nil},
	{"Greeting", "the default greeting (\"Dear ...,\")", long, nil},
	{"Welcome", "the location's welcome text, a list of paragraphs", long, nil},
	{"Body", "the default introduction, a list of paragraphs", long, nil},
	{"PINLabel", "the default label of the PIN (\"Your PIN\")", long, pins},
	{"Action", "the default button text", long, nil},
	{"LinkHelp", "the default help line under the button", long, nil},
	{"Closing", "the default closing (\"Kind regards,\")", long, nil},
	{"Contact", "the default contact line with the phone number", long, nil},
	{"RefLabel", "the word for reference in the message's language", long, nil},
	{"Color", "the location's colour #rrggbb (CommunicationSetting.Color)", long, nil},
	{"OnColor", "a readable text colour on top of Color", long, nil},
	{"Logo", "the location's logo URL (may be empty)", long, nil},
}

func allowed(kind Kind, ch Channel, name string) bool {
	for _, p := range Placeholders {
		if p.Name == name {
			// The e-mail layouts are shared by every kind (a PIN block
			// that stays empty without a PIN), so Kinds restricts only the
			// subject and the SMS.
			long := ch == EmailHTML || ch == EmailText
			return slices.Contains(p.Channels, ch) && (len(p.Kinds) == 0 || long || slices.Contains(p.Kinds, kind))
		}
	}
	return false
}

// Default returns the built-in template of one channel, ready to edit.
func Default(kind Kind, lang enums.LanguageCode, ch Channel) (string, error) {
	if !kind.Valid() || !ch.Valid() {
		return "", fmt.Errorf("messages: unknown kind %q or channel %q", kind, ch)
	}
	switch ch {
	case EmailHTML:
		b, err := files.ReadFile("templates/layout/email.html.tmpl")
		return string(b), err
	case EmailText:
		b, err := files.ReadFile("templates/layout/email.txt.tmpl")
		return string(b), err
	}
	name := string(kind) + ".subject"
	if ch == SMS {
		name = string(kind) + ".sms"
	}
	t := texts[resolve(lang)].Lookup(name)
	if t == nil || t.Tree == nil {
		return "", fmt.Errorf("messages: no default %s", name)
	}
	return t.Tree.Root.String(), nil
}

// CheckOverride refuses, at save time, a template that would fail or send
// something useless or unbounded at send time: what CheckText refuses (size,
// syntax, unknown placeholders, constructs beyond the safe few), a template
// that fails to render with sample data in any language or renders past the
// caps (MaxSMSChars, MaxSubjectChars, MaxEmailBytes, RenderTimeout), an empty
// result, or a link (PIN) message that does not print .Link (.PIN).
func CheckOverride(kind Kind, ch Channel, src string) []string {
	if p := CheckText(kind, ch, src); len(p) > 0 {
		return p
	}
	for _, lang := range supported {
		d := SampleData(lang)
		m, err := RenderWith(kind, d, Overrides{ch: src})
		var capped capError
		if errors.As(err, &capped) {
			return []string{fmt.Sprintf("%s: %s (%s, with sample data)", ch, capped.what, lang)}
		}
		if err != nil {
			return []string{fmt.Sprintf("%s: does not render (%s): %v", ch, lang, err)}
		}
		out := map[Channel]string{EmailSubject: m.Subject, EmailHTML: m.HTML, EmailText: m.Text, SMS: strings.TrimSuffix(m.SMS, " Ref: "+d.Reference)}[ch]
		if strings.TrimSpace(out) == "" || (ch == SMS && strings.HasPrefix(out, "Ref: ")) {
			return []string{fmt.Sprintf("%s: renders empty", ch)}
		}
		if ch == EmailSubject {
			continue
		}
		if kind.NeedsPIN() && !strings.Contains(out, d.PIN) {
			return []string{fmt.Sprintf("%s: must print the PIN ({{.PIN}})", ch)}
		}
		if kind.NeedsLink() && !strings.Contains(out, d.Link) {
			return []string{fmt.Sprintf("%s: must print the customer's link ({{.Link}})", ch)}
		}
	}
	return nil
}

// parseHTML parses an HTML override (html/template escapes every value).
func parseHTML(src string) (*htmltemplate.Template, error) {
	return htmltemplate.New("html").Option("missingkey=error").Parse(src)
}

// override renders a text channel's template into at most max bytes;
// errors are kept in r. The template is checked again (CheckText): one
// stored before a check existed or tightened never runs.
func (r *renderer) override(kind Kind, ch Channel, src string, data any, max int, what string) string {
	if p := CheckText(kind, ch, src); len(p) > 0 {
		r.keep(errors.New(strings.Join(p, "; ")))
		return ""
	}
	t, err := template.New(string(ch)).Option("missingkey=error").Parse(src)
	if err != nil {
		r.keep(err)
		return ""
	}
	return r.execCapped(t, data, max, what)
}

// SampleData is the fictitious appointment previews and checks render.
func SampleData(lang enums.LanguageCode) Data {
	return Data{
		Lang: lang, CustomerName: "Sam Jansen", DealerName: "Demo Motors", LocationName: "Amsterdam",
		LocationPhone: "+31201234567", AppointmentDate: time.Date(2026, 11, 24, 8, 30, 0, 0, time.UTC),
		TimeZone: time.UTC, RegNumber: "AB-123-C", Link: Link("https://example.com/app", "SAMPLEKEY0123456789"),
		PIN: "4711", LockerName: "Locker 1", Color: "#1f5fa8", WelcomeText: "Welcome!", Reference: "PS000000A",
	}
}

// Segments describes what an SMS costs.
type Segments struct {
	Encoding   string `json:"encoding"` // GSM-7 or UCS-2
	Characters int    `json:"characters"`
	Segments   int    `json:"segments"`
}

// SMSSegments counts an SMS's segments (160/153 GSM-7 septets, 70/67 UCS-2).
func SMSSegments(s string) Segments {
	enc := "GSM-7"
	for _, r := range s {
		if !strings.ContainsRune(gsm7Basic, r) && !strings.ContainsRune(gsm7Ext, r) {
			enc = "UCS-2"
			break
		}
	}
	return Segments{Encoding: enc, Characters: len([]rune(s)), Segments: smsSegments(s)}
}

// ErrNoOverride is returned by lookups that find no template.
var ErrNoOverride = errors.New("messages: no override")

package messages

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"text/template"
	"time"
	"unicode/utf8"
)

// Render produces the SMS and email of kind for d.
func Render(kind Kind, d Data) (Message, error) { return RenderWith(kind, d, nil) }

// RenderWith is Render with a location's own templates for some channels
// (checked when saved with CheckOverride); the other channels use the
// defaults. The SMS always ends with the reference, which delivery needs.
func RenderWith(kind Kind, d Data, ov Overrides) (Message, error) {
	if err := validate(kind, d); err != nil {
		return Message{}, err
	}
	lang := resolve(d.Lang)
	r := renderer{t: texts[lang], deadline: time.Now().Add(RenderTimeout)}
	v := newView(d)
	sv := v.forSMS()

	color, onColor := brandColors(d.Color)
	e := email{
		Lang:     string(lang),
		Customer: v.Customer, Phone: v.Phone, Date: v.Date, Reg: v.Reg, Locker: v.Locker, Amount: v.Amount, Hours: v.Hours,
		Subject:  oneLine(r.exec(string(kind)+".subject", v)),
		Greeting: r.exec("greeting", v),
		Welcome:  paragraphs(d.WelcomeText),
		Body:     []string{r.exec(string(kind)+".intro", v)},
		PINLabel: r.exec("pin_label", v),
		PIN:      pinFor(kind, v.PIN),
		Action:   r.exec(string(kind)+".action", v),
		Link:     v.Link,
		LinkHelp: r.exec("link_help", v),
		Closing:  r.exec("closing", v),
		Sender:   v.Sender,
		Contact:  r.exec("contact", v),
		RefLabel: r.exec("ref_label", v),
		Ref:      v.Ref,
		Color:    color,
		OnColor:  onColor,
		Logo:     logoURL(d.Logo),
	}
	e.Preheader = e.Body[0]
	// The kiosk line is added outside the kind's texts, so a location's own
	// SMS template gets it too.
	kioskLine, smsKiosk := "", ""
	if kind == OnlineCheckIn && v.KioskCode != "" {
		kioskLine, smsKiosk = r.exec("kiosk_code", v), r.exec("kiosk_code", sv)
		e.Body = append(e.Body, kioskLine)
	}
	smsBody := ""
	if src, ok := ov[SMS]; ok {
		se := e
		se.Customer, se.Sender, se.Phone, se.Reg, se.PIN, se.Locker, se.Ref = sv.Customer, sv.Sender, sv.Phone, sv.Reg, pinFor(kind, sv.PIN), sv.Locker, sv.Ref
		smsBody = r.override(kind, SMS, src, se, 4*MaxSMSChars, smsTooLong)
	} else {
		smsBody = r.exec(string(kind)+".sms", sv)
	}
	if src, ok := ov[EmailSubject]; ok {
		e.Subject = oneLine(r.override(kind, EmailSubject, src, e, 4*MaxSubjectChars, subjectTooLong))
	}
	sms := oneLine(r.execWith(smsLayout, struct{ Body, Kiosk, Ref string }{smsBody, smsKiosk, sv.Ref}))
	var text string
	if src, ok := ov[EmailText]; ok {
		text = r.override(kind, EmailText, src, e, MaxEmailBytes, emailTooLarge)
	} else {
		text = r.execWith(textLayout, e)
	}
	html := r.writer(MaxEmailBytes, emailTooLarge)
	layout := htmlLayout
	if src, ok := ov[EmailHTML]; ok {
		if p := CheckText(kind, EmailHTML, src); len(p) > 0 {
			r.keep(errors.New(strings.Join(p, "; ")))
		} else if t, err := parseHTML(src); err != nil {
			r.keep(err)
		} else {
			layout = t
		}
	}
	if r.err == nil {
		r.keep(layout.Execute(html, e))
	}
	// The caps on the whole message (each part was already stopped at them).
	switch {
	case r.err != nil:
	case utf8.RuneCountInString(sms) > MaxSMSChars:
		r.keep(capError{smsTooLong})
	case utf8.RuneCountInString(e.Subject) > MaxSubjectChars:
		r.keep(capError{subjectTooLong})
	case len(e.Subject)+len(text)+html.Len() > MaxEmailBytes:
		r.keep(capError{emailTooLarge})
	}
	if r.err != nil {
		return Message{}, fmt.Errorf("messages: %s/%s: %w", kind, lang, r.err)
	}
	return Message{SMS: sms, Subject: e.Subject, Text: text, HTML: html.String()}, nil
}

// pinFor keeps a stray PIN out of messages that are not about the key locker.
func pinFor(kind Kind, pin string) string {
	if kind.MayCarryPIN() {
		return pin
	}
	return ""
}

// email is what both email layouts print.
type email struct {
	// What the short texts may use too (see Placeholders).
	Customer, Phone, Date, Reg, Locker  string
	Amount, Hours                       string
	Lang, Subject, Preheader, Greeting  string
	Welcome, Body                       []string
	PINLabel, PIN, Action, Link         string
	LinkHelp, Closing, Sender, Contact  string
	RefLabel, Ref, Color, OnColor, Logo string
}

// validate enforces what makes a message useful: the link for link kinds
// and the PIN for key locker kinds.
func validate(kind Kind, d Data) error {
	if !kind.Valid() {
		return fmt.Errorf("messages: unknown kind %q", kind)
	}
	link := strings.TrimSpace(d.Link)
	if kind.NeedsLink() && link == "" {
		return fmt.Errorf("messages: %s needs a Link", kind)
	}
	if kind.NeedsPIN() && strings.TrimSpace(d.PIN) == "" {
		return fmt.Errorf("messages: %s needs a PIN", kind)
	}
	if link != "" && !isWebURL(link) {
		return fmt.Errorf("messages: Link %q is not an http(s) URL", link)
	}
	return nil
}

func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// logoURL drops anything that is not a web URL rather than showing a broken image.
func logoURL(s string) string {
	if s = strings.TrimSpace(s); isWebURL(s) {
		return s
	}
	return ""
}

// What a message over a cap is told (see the caps in check.go).
var (
	smsTooLong     = fmt.Sprintf("the SMS renders longer than %d characters", MaxSMSChars)
	subjectTooLong = fmt.Sprintf("the e-mail subject renders longer than %d characters", MaxSubjectChars)
	emailTooLarge  = fmt.Sprintf("the e-mail renders larger than %d KB", MaxEmailBytes>>10)
)

// renderer executes templates and keeps the first error, so Render reads
// as a list of texts instead of a ladder of error checks. Every execution
// writes into a capWriter bounded in size and by the message's deadline.
type renderer struct {
	t        *template.Template
	err      error
	deadline time.Time
}

func (r *renderer) writer(max int, what string) *capWriter {
	return &capWriter{max: max, what: what, deadline: r.deadline}
}

func (r *renderer) execCapped(t *template.Template, data any, max int, what string) string {
	w := r.writer(max, what)
	r.keep(t.Execute(w, data))
	return strings.TrimSpace(w.String())
}

func (r *renderer) exec(name string, data any) string {
	if r.t.Lookup(name) == nil {
		r.keep(errors.New("missing template " + name))
		return ""
	}
	var b bytes.Buffer
	r.keep(r.t.ExecuteTemplate(&b, name, data))
	return strings.TrimSpace(b.String())
}

func (r *renderer) execWith(t *template.Template, data any) string {
	return r.execCapped(t, data, MaxEmailBytes, emailTooLarge)
}

func (r *renderer) keep(err error) {
	if err != nil && r.err == nil {
		r.err = err
	}
}

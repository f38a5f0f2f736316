// Package messages holds the texts of every customer communication (SMS and
// email) in en-GB, nl-NL, fr-FR and de-DE, falling back to en-GB.
//
// Wording lives in embedded templates (templates/<lang>.tmpl, one file per
// language so translators see whole sentences); the email layouts are shared
// by all languages. Sentences are rendered as plain text first and only then
// placed into the HTML layout, so html/template escapes everything that came
// from customers or dealers.
package messages

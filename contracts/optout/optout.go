// Package optout is the contract of an SMS keyword from a customer (opt out
// of messages, or back in): the words in the four languages, the workflow
// that applies one inbound keyword exactly once, and its confirmation texts.
// It imports only the standard library and the enumerations.
package optout

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// WorkflowName is the keyword workflow's registered type.
const WorkflowName = "SMSKeywordWorkflow"

// WorkflowID names the handling of one inbound SMS: Twilio's MessageSid is
// unique per message and the same on each of Twilio's retries, so a retried
// webhook joins the first handling instead of applying it twice. subject is
// the sender's ContactSubject (internal/keys, a keyed hash of the number):
// the workflow's payloads are sealed with its data key, which erasing a
// customer with that number deletes (issue #26); "" gives the ID from
// before (master key).
func WorkflowID(subject, messageSID string) string {
	if subject == "" {
		return "sms-keyword-" + messageSID
	}
	return "sms-keyword-" + subject + "-" + messageSID
}

// Source of a change of a customer's block_communication, as recorded.
const SourceSMSKeyword = "sms_keyword"

// Kind is what a keyword asks for.
type Kind string

const (
	OptOut Kind = "opt_out"
	OptIn  Kind = "opt_in"
)

// Keyword is a recognised word: what it asks and, when the word belongs to
// one language only, that language ("" for STOP and START, which every
// language uses).
type Keyword struct {
	Word     string             `json:"word"`
	Kind     Kind               `json:"kind"`
	Language enums.LanguageCode `json:"language,omitempty"`
}

// words maps a folded word (upper case, no accents, no spaces or
// punctuation) to its keyword. Twilio's own defaults come first: Twilio
// itself answers them (and blocks or unblocks the number at its side).
var words = map[string]Keyword{}

func init() {
	add := func(kind Kind, lang enums.LanguageCode, ws ...string) {
		for _, w := range ws {
			words[w] = Keyword{Word: w, Kind: kind, Language: lang}
		}
	}
	add(OptOut, "", "STOP")
	add(OptIn, "", "START")
	add(OptOut, enums.LanguageCodeEnGB, "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT")
	add(OptIn, enums.LanguageCodeEnGB, "UNSTOP", "YES", "OPTIN", "SUBSCRIBE")
	add(OptOut, enums.LanguageCodeNlNL, "AFMELDEN", "UITSCHRIJVEN", "STOPPEN")
	add(OptIn, enums.LanguageCodeNlNL, "AANMELDEN", "INSCHRIJVEN")
	add(OptOut, enums.LanguageCodeFrFR, "ARRET", "ARRETER", "DESABONNER", "DESINSCRIRE", "DESINSCRIPTION")
	add(OptIn, enums.LanguageCodeFrFR, "DEMARRER", "REPRENDRE", "ABONNER", "REABONNER")
	add(OptOut, enums.LanguageCodeDeDE, "STOPP", "ABMELDEN", "ABBESTELLEN", "KUNDIGEN", "KUENDIGEN", "BEENDEN")
	add(OptIn, enums.LanguageCodeDeDE, "ANMELDEN", "STARTEN", "FORTSETZEN")
}

// Classify recognises a keyword in an SMS body: the whole message, in any
// case, with or without accents, surrounding spaces and trailing
// punctuation ("Arrêt", "afmelden!", " Stop "). A sentence that merely
// contains a keyword ("please don't stop") is not one: it is a reply.
func Classify(body string) (Keyword, bool) {
	k, ok := words[fold(body)]
	return k, ok
}

// fold upper-cases, strips accents from Latin letters and drops everything
// that is not a letter, so "Désabonner." and "DESABONNER" are one word.
func fold(s string) string {
	if len(s) > 64 { // no keyword is this long: a message, not a word
		return ""
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if base, ok := accents[r]; ok {
			b.WriteString(base)
		} else if unicode.IsLetter(r) {
			if r > unicode.MaxASCII {
				return "" // a letter no keyword has
			}
			b.WriteRune(r)
		} else if unicode.IsSpace(r) || unicode.IsPunct(r) {
			continue
		} else {
			return ""
		}
	}
	return b.String()
}

// accents folds the accented capitals of the four languages.
var accents = map[rune]string{
	'À': "A", 'Á': "A", 'Â': "A", 'Ä': "A", 'Ç': "C", 'È': "E", 'É': "E", 'Ê': "E", 'Ë': "E",
	'Î': "I", 'Ï': "I", 'Ô': "O", 'Ö': "O", 'Ù': "U", 'Û': "U", 'Ü': "U", 'Ÿ': "Y", 'ß': "SS", 'ẞ': "SS",
}

// Input is one inbound keyword to apply. From is the sender's number: the
// payload codec encrypts it in the workflow's history.
type Input struct {
	MessageSID string  `json:"message_sid"`
	From       string  `json:"from"`
	Keyword    Keyword `json:"keyword"`
	// TwilioAnswered: Twilio handled the word itself (its OptOutType field
	// was set) and has already sent its own reply; we send none.
	TwilioAnswered bool `json:"twilio_answered,omitempty"`
}

// Applied is what applying a keyword changed.
type Applied struct {
	// Customers with the sender's number; Changed of them had another
	// block_communication before.
	Customers int `json:"customers"`
	Changed   int `json:"changed"`
	// Language is the language of the confirmation: the word's own, else
	// the first matching customer's, else English.
	Language enums.LanguageCode `json:"language"`
	// Dealer names the sender of the confirmation.
	Dealer string `json:"dealer,omitempty"`
}

// Confirm says whether a confirmation goes out: never when Twilio answered
// or nobody has the number (an unknown sender learns nothing); always for an
// opt-out (the customer wants to know it worked); for an opt-in only when it
// changed something (a stray "start" gets no message).
func Confirm(in Input, a Applied) bool {
	if in.TwilioAnswered || a.Customers == 0 {
		return false
	}
	return in.Keyword.Kind == OptOut || a.Changed > 0
}

// ConfirmationText is the confirmation in the language, signed by the dealer.
func ConfirmationText(kind Kind, lang enums.LanguageCode, dealer string) string {
	t, ok := texts[lang]
	if !ok {
		t = texts[enums.LanguageCodeEnGB]
	}
	msg := t.in
	if kind == OptOut {
		msg = t.out
	}
	if dealer == "" {
		return msg
	}
	return fmt.Sprintf("%s: %s", dealer, msg)
}

var texts = map[enums.LanguageCode]struct{ out, in string }{
	enums.LanguageCodeEnGB: {"You will no longer receive messages about your appointments. Reply START to receive them again.",
		"You will receive messages about your appointments again. Reply STOP to stop them."},
	enums.LanguageCodeNlNL: {"U ontvangt geen berichten meer over uw afspraken. Antwoord AANMELDEN om ze weer te ontvangen.",
		"U ontvangt weer berichten over uw afspraken. Antwoord AFMELDEN om ze te stoppen."},
	enums.LanguageCodeFrFR: {"Vous ne recevrez plus de messages concernant vos rendez-vous. Répondez DEMARRER pour les recevoir à nouveau.",
		"Vous recevrez à nouveau des messages concernant vos rendez-vous. Répondez ARRET pour les arrêter."},
	enums.LanguageCodeDeDE: {"Sie erhalten keine Nachrichten mehr zu Ihren Terminen. Antworten Sie ANMELDEN, um sie wieder zu erhalten.",
		"Sie erhalten wieder Nachrichten zu Ihren Terminen. Antworten Sie ABMELDEN, um sie zu beenden."},
}

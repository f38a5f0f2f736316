package optout

import (
	"strings"
	"testing"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

func TestClassifyKnowsTheWordsOfFourLanguages(t *testing.T) {
	cases := []struct {
		body string
		kind Kind
		lang enums.LanguageCode
	}{
		{"STOP", OptOut, ""}, {"  Stop \n", OptOut, ""}, {"stop!", OptOut, ""}, {"START", OptIn, ""},
		{"unsubscribe", OptOut, enums.LanguageCodeEnGB}, {"Quit", OptOut, enums.LanguageCodeEnGB}, {"unstop", OptIn, enums.LanguageCodeEnGB},
		{"Afmelden", OptOut, enums.LanguageCodeNlNL}, {"uitschrijven.", OptOut, enums.LanguageCodeNlNL}, {"AANMELDEN", OptIn, enums.LanguageCodeNlNL},
		{"Arrêt", OptOut, enums.LanguageCodeFrFR}, {"ARRET", OptOut, enums.LanguageCodeFrFR}, {"désabonner", OptOut, enums.LanguageCodeFrFR},
		{"Démarrer", OptIn, enums.LanguageCodeFrFR},
		{"Abmelden", OptOut, enums.LanguageCodeDeDE}, {"STOPP", OptOut, enums.LanguageCodeDeDE}, {"kündigen", OptOut, enums.LanguageCodeDeDE},
		{"Anmelden", OptIn, enums.LanguageCodeDeDE},
	}
	for _, c := range cases {
		k, ok := Classify(c.body)
		if !ok || k.Kind != c.kind || k.Language != c.lang {
			t.Errorf("Classify(%q) = %+v, %v; want %s in %q", c.body, k, ok, c.kind, c.lang)
		}
	}
}

func TestClassifyIgnoresMessagesThatOnlyContainAWord(t *testing.T) {
	for _, body := range []string{"", "stop it, I'll call you", "please don't stop", "can I bring it at 10 instead?",
		"STOP STOP STOP x", "ja", "Σtop", strings.Repeat("STOP", 20), "ST0P", "stop\x00"} {
		if k, ok := Classify(body); ok {
			t.Errorf("Classify(%q) = %+v: a message, not a keyword", body, k)
		}
	}
}

func TestConfirmOnlyWhatTheCustomerShouldHear(t *testing.T) {
	out := Input{Keyword: Keyword{Word: "AFMELDEN", Kind: OptOut}}
	in := Input{Keyword: Keyword{Word: "AANMELDEN", Kind: OptIn}}
	cases := []struct {
		name string
		in   Input
		a    Applied
		want bool
	}{
		{"opt-out of a known customer", out, Applied{Customers: 1, Changed: 1}, true},
		{"opt-out repeated", out, Applied{Customers: 1}, true},
		{"unknown number learns nothing", out, Applied{}, false},
		{"Twilio answered its own word", Input{Keyword: out.Keyword, TwilioAnswered: true}, Applied{Customers: 1, Changed: 1}, false},
		{"opt-in that changed something", in, Applied{Customers: 2, Changed: 1}, true},
		{"stray opt-in", in, Applied{Customers: 1}, false},
	}
	for _, c := range cases {
		if got := Confirm(c.in, c.a); got != c.want {
			t.Errorf("%s: Confirm = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestConfirmationTextIsInTheLanguageAndNamesTheDealer(t *testing.T) {
	for lang, word := range map[enums.LanguageCode]string{enums.LanguageCodeEnGB: "START", enums.LanguageCodeNlNL: "AANMELDEN",
		enums.LanguageCodeFrFR: "DEMARRER", enums.LanguageCodeDeDE: "ANMELDEN"} {
		txt := ConfirmationText(OptOut, lang, "Autohuis Demo")
		if !strings.HasPrefix(txt, "Autohuis Demo: ") || !strings.Contains(txt, word) {
			t.Errorf("%s: %q should name the dealer and the word to opt back in (%s)", lang, txt, word)
		}
		if k, ok := Classify(word); !ok || k.Kind != OptIn {
			t.Errorf("%s: the confirmation's opt-in word %s is not recognised", lang, word)
		}
	}
	if got := ConfirmationText(OptIn, "th-FR", ""); got != texts[enums.LanguageCodeEnGB].in {
		t.Errorf("an unknown language falls back to English, got %q", got)
	}
}

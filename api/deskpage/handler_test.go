package deskpage

import (
	"regexp"
	"strings"
	"testing"

	"github.com/pitstop-dev/pitstop/api/pagefiles/pagetest"
)

// The console's files, headers and strict CSP (what every screen must do).
func TestScreen(t *testing.T) { pagetest.CheckScreen(t, Handler("/desk/"), "/desk/", CSP(), 3) }

// The console's own bytes stay within the screens' budget (issue #23:
// own bytes <= 150 KB each).
func TestBudget(t *testing.T) { pagetest.CheckBudget(t, "desk console", Size()) }

// The console's strings: every key of en-GB in every language, none left
// in English, and no language with a key en-GB lacks (read from app.js
// as text, so the check needs no browser).
func TestEveryStringInFourLanguages(t *testing.T) {
	b, err := static.ReadFile("static/app.js")
	if err != nil {
		t.Fatal(err)
	}
	js := string(b)
	keys := regexp.MustCompile(`(?m)^\s+'([a-z]{2}-[A-Z]{2})': \{$`)
	idx := keys.FindAllStringSubmatchIndex(js, -1)
	if len(idx) != 4 {
		t.Fatalf("%d languages in app.js, want 4", len(idx))
	}
	entry := regexp.MustCompile(`(?:^|[\s,{])([a-zA-Z_0-9]+): '((?:[^'\\]|\\.)*)'`)
	dicts := map[string]map[string]string{}
	for i, m := range idx {
		end := len(js)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		part := js[m[1]:end]
		if j := strings.Index(part, "\n    }"); j >= 0 {
			part = part[:j]
		}
		d := map[string]string{}
		for _, e := range entry.FindAllStringSubmatch(part, -1) {
			d[e[1]] = e[2]
		}
		dicts[js[m[2]:m[3]]] = d
	}
	en := dicts["en-GB"]
	if len(en) < 100 {
		t.Fatalf("en-GB has %d strings; the parse is broken", len(en))
	}
	// Words that are the same in a language by nature.
	same := map[string]bool{"wo": true, "live": true, "ch1": true, "ch2": true, "ch3": true, "ticketN": true, "pinIs": true, "deskEvent": true,
		"fr-FR:signatureAlt": true, "fr-FR:actions": true}
	for _, l := range []string{"nl-NL", "fr-FR", "de-DE"} {
		d := dicts[l]
		for k, v := range en {
			if d[k] == "" {
				t.Errorf("%s lacks %s", l, k)
			} else if d[k] == v && !same[k] && !same[l+":"+k] {
				t.Errorf("%s:%s is still English: %q", l, k, v)
			}
		}
		for k := range d {
			if _, ok := en[k]; !ok {
				t.Errorf("%s has %s, which en-GB lacks", l, k)
			}
		}
	}
}

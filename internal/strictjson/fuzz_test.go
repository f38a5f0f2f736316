package strictjson

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzDecode: never panics, errors are one line, and whatever is accepted
// is valid JSON that encoding/json decodes to the same value.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"key":"x"}`, `{"key":"x"} garbage`, `{"a":1,"a":2}`, `{"a":{"b":[{"c":1,"C":2}]}}`,
		`[1,2,3]`, `null`, `"s"`, `{"count":1.5}`, `{"items":[{"name":false}]}`, `{"key":"\u0000"}`,
		strings.Repeat("[", 70) + strings.Repeat("]", 70), "{\"a\":\"\xff\"}", `{"customer":{"phone":1}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var a answer
		err := Decode(bytes.NewReader(body), &a, 4096)
		var generic any
		errG := Decode(bytes.NewReader(body), &generic, 4096)
		for _, e := range []error{err, errG} {
			if e != nil && (strings.Contains(e.Error(), "\n") || e.Error() == "") {
				t.Fatalf("bad error message %q", e)
			}
		}
		if errG != nil {
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		var want any
		if err := json.Unmarshal(body, &want); err != nil {
			t.Fatalf("accepted %q that encoding/json refuses: %v", body, err)
		}
		gotJSON, _ := json.Marshal(generic)
		wantJSON, _ := json.Marshal(want)
		if !bytes.Equal(gotJSON, wantJSON) {
			t.Fatalf("decoded %s, encoding/json %s", gotJSON, wantJSON)
		}
	})
}

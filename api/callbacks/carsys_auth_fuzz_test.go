package callbacks

import (
	"encoding/base64"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pitstop-dev/pitstop/internal/auth"
)

// FuzzCarsysBasicAuth: the Carsys push's Authorization header parser. It
// never panics, and what it accepts is a user name and password we can look
// up and check (bounded, valid, no NUL bytes PostgreSQL refuses) that a
// client's SetBasicAuth would send the same way. Seed corpus:
// testdata/fuzz/FuzzCarsysBasicAuth.
func FuzzCarsysBasicAuth(f *testing.F) {
	f.Fuzz(func(t *testing.T, header string) {
		user, pw, ok := carsysCredentials(header)
		if !ok {
			if user != "" || pw != "" {
				t.Fatalf("refused header returned credentials %q %q", user, pw)
			}
			return
		}
		switch {
		case user == "" || pw == "":
			t.Fatalf("empty credentials accepted: %q %q", user, pw)
		case len(user) > carsysMaxUserLen || len(pw) > auth.MaxPasswordLen:
			t.Fatalf("overlong credentials accepted: %d %d bytes", len(user), len(pw))
		case !utf8.ValidString(user) || strings.ContainsRune(user, 0) || strings.ContainsRune(pw, 0):
			t.Fatalf("user name or password PostgreSQL cannot store accepted: %q %q", user, pw)
		case strings.Contains(user, ":"):
			t.Fatalf("user name with a colon accepted: %q", user)
		}
		again := "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pw))
		if u2, p2, ok2 := carsysCredentials(again); !ok2 || u2 != user || p2 != pw {
			t.Fatalf("re-encoded %q %q parsed as %q %q %v", user, pw, u2, p2, ok2)
		}
	})
}

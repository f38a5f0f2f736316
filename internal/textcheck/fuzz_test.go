package textcheck

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFileName: whatever comes in, an accepted name is clean, short, stable.
func FuzzFileName(f *testing.F) {
	for _, s := range []string{
		"scan.pdf", "../../etc/passwd", `C:\x\y.jpg`, "invoice\u202Efdp.exe", "CON.txt", "..", "a\x00b",
		strings.Repeat("é", 200) + ".jpeg", "\xff", "x. . .", "what?*:.txt",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := FileName(in)
		if err != nil {
			if out != "" {
				t.Fatalf("error %v with a result %q", err, out)
			}
			return
		}
		switch {
		case out == "" || out == "." || out == "..":
			t.Fatalf("FileName(%q) = %q", in, out)
		case len(out) > MaxFileNameBytes:
			t.Fatalf("FileName(%q) is %d bytes", in, len(out))
		case !utf8.ValidString(out):
			t.Fatalf("FileName(%q) = %q is not UTF-8", in, out)
		case strings.ContainsAny(out, "/\\<>:\"|?*"):
			t.Fatalf("FileName(%q) = %q keeps a separator or reserved character", in, out)
		case strings.TrimSpace(out) != out || strings.HasSuffix(out, "."):
			t.Fatalf("FileName(%q) = %q is not trimmed", in, out)
		}
		for _, r := range out {
			if isControl(r) || r == '\t' || r == '\n' || r == '\r' || isBidi(r) {
				t.Fatalf("FileName(%q) = %q keeps %U", in, out, r)
			}
		}
		if again, err := FileName(out); err != nil || again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", in, out, again, err)
		}
	})
}

// FuzzField: no panic, and "no problems" really means storable text.
func FuzzField(f *testing.F) {
	f.Add("Hallo\nJan", 10, false)
	f.Add("a\x00b", 2, true)
	f.Add("\xff\xfe", 0, false)
	f.Add("evil\u202Etxt", 20, true)
	f.Add("Zoë 😀", 5, false)
	f.Fuzz(func(t *testing.T, value string, maxLen int, single bool) {
		var problems []string
		if single {
			problems = Line("f", value, maxLen)
		} else {
			problems = Field("f", value, maxLen)
		}
		for _, p := range problems {
			if !strings.HasPrefix(p, "f ") || strings.Contains(p, "\n") {
				t.Fatalf("problem %q does not name the field on one line", p)
			}
		}
		if len(problems) > 0 {
			return
		}
		if !utf8.ValidString(value) || strings.IndexByte(value, 0) >= 0 {
			t.Fatalf("accepted %q: invalid UTF-8 or NUL", value)
		}
		if maxLen > 0 && utf8.RuneCountInString(value) > maxLen {
			t.Fatalf("accepted %q over %d runes", value, maxLen)
		}
		for _, r := range value {
			if isControl(r) || (single && (r == '\n' || r == '\r' || r == '\t' || isBidi(r))) {
				t.Fatalf("accepted %q with %U", value, r)
			}
		}
	})
}

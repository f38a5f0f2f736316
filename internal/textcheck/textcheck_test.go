package textcheck

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestField(t *testing.T) {
	for _, tc := range []struct {
		value string
		max   int
		want  []string
	}{
		{"Hallo, ik kom om 9 uur.\nGroet,\tJan", 100, nil},
		{"Zoë Ünal – 😀", 12, nil}, // 12 runes, more bytes
		{"Zoë Ünal – 😀!", 12, []string{"remark is 13 characters long, at most 12 allowed"}},
		{strings.Repeat("x", 5000), 0, nil}, // no limit
		{"a\x00b", 10, []string{"remark contains a NUL byte"}},
		{"a\xffb", 10, []string{"remark is not valid UTF-8 text"}},
		{"\xed\xa0\x80", 10, []string{"remark is not valid UTF-8 text"}}, // UTF-16 surrogate
		{"bell\a", 10, []string{"remark contains control character U+0007 at position 5"}},
		{"esc\x1b[31m", 20, []string{"remark contains control character U+001B at position 4"}},
		{"del\x7f", 10, []string{"remark contains control character U+007F at position 4"}},
		{"c1\u0085", 10, []string{"remark contains control character U+0085 at position 3"}},
		{"ls\u2028", 10, []string{"remark contains control character U+2028 at position 3"}},
		{"\x00\x00xxxxxx", 3, []string{"remark contains a NUL byte", "remark is 8 characters long, at most 3 allowed"}},
		{"rtl \u202Egood", 20, nil}, // Field allows bidi characters: free text may mix scripts
	} {
		if got := Field("remark", tc.value, tc.max); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Field(%q, %d) = %q, want %q", tc.value, tc.max, got, tc.want)
		}
	}
}

func TestLine(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  []string
	}{
		{"WO-1001", nil},
		{"Jan de Vries", nil},
		{"a\nb", []string{"name must be a single line (character 2 is U+000A)"}},
		{"a\tb", []string{"name must be a single line (character 2 is U+0009)"}},
		{"a\rb", []string{"name must be a single line (character 2 is U+000D)"}},
		{"evil\u202Etxt.exe", []string{"name contains bidirectional formatting character U+202E at position 5"}},
		{"x\u2066y", []string{"name contains bidirectional formatting character U+2066 at position 2"}},
		{"x\u200Fy", []string{"name contains bidirectional formatting character U+200F at position 2"}},
	} {
		if got := Line("name", tc.value, 50); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Line(%q) = %q, want %q", tc.value, got, tc.want)
		}
	}
}

func TestEmail(t *testing.T) {
	for _, ok := range []string{
		"rita@demo.pitstop.local", "jan.de.vries+werkplaats@garage-noord.nl", "a@b.co", "o'brien@example.ie",
		"zoë@example.nl",
	} {
		if p := Email("email", ok); p != nil {
			t.Errorf("Email(%q) = %q", ok, p)
		}
	}
	for bad, want := range map[string]string{
		"":                                      "email is empty",
		"rita":                                  "exactly one @",
		"rita@@x.nl":                            "exactly one @",
		"a@b@c.nl":                              "exactly one @",
		"@x.nl":                                 "nothing before the @",
		"rita@":                                 "nothing after the @",
		"rita@localhost":                        "needs a dot",
		"rita@x..nl":                            "malformed",
		"rita@-x.nl":                            "malformed",
		"rita@x.nl.":                            "malformed",
		".rita@x.nl":                            "dots in the part before",
		"ri..ta@x.nl":                           "dots in the part before",
		"Rita <rita@x.nl>":                      "bare address",
		" rita@x.nl":                            "bare address",
		"rita@x.nl\n":                           "single line",
		"rita@x.nl\r\nBcc: a@b.nl":              "single line",
		"ri\x00ta@x.nl":                         "NUL byte",
		"ri\xffta@x.nl":                         "not valid UTF-8",
		strings.Repeat("a", 65) + "@x.nl":       "longer than 64 bytes",
		"a@" + strings.Repeat("b", 250) + ".nl": "at most 254 allowed",
	} {
		p := Email("email", bad)
		if len(p) == 0 || !strings.Contains(strings.Join(p, "; "), want) {
			t.Errorf("Email(%q) = %q, want a problem containing %q", bad, p, want)
		}
	}
}

func TestFileName(t *testing.T) {
	long := strings.Repeat("a", 300)
	longUTF8 := strings.Repeat("é", 200) // 400 bytes
	for _, tc := range []struct{ in, want string }{
		{"scan.pdf", "scan.pdf"},
		{"Offerte APK – Zoë.pdf", "Offerte APK – Zoë.pdf"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\jan\Documents\foto 1.jpg`, "foto 1.jpg"},
		{"a/b\\c.txt", "c.txt"},
		{"invoice\u202Efdp.exe", "invoicefdp.exe"},
		{"\u2066x\u2069.png", "x.png"},
		{"\u200Fname\u200E.txt", "name.txt"},
		{"bad\x00name\x1f.txt", "badname.txt"},
		{"line\nbreak.txt", "linebreak.txt"},
		{"what?*:.txt", "what___.txt"},
		{`"quoted" <x>|y.txt`, "_quoted_ _x__y.txt"},
		{"  spaced  ", "spaced"},
		{"trailing.pdf. . ", "trailing.pdf"},
		{".hidden", ".hidden"},
		{"CON", "_CON"},
		{"nul.txt", "_nul.txt"},
		{"com1.tar.gz", "_com1.tar.gz"},
		{"CONSOLE.txt", "CONSOLE.txt"},
		{long + ".pdf", strings.Repeat("a", 251) + ".pdf"},
		{long, strings.Repeat("a", 255)},
		{longUTF8 + ".jpeg", strings.Repeat("é", 125) + ".jpeg"}, // 250 + 5 bytes, no half rune
		{strings.Repeat("a", 250) + "     b.pdf", strings.Repeat("a", 250) + ".pdf"},
		{long + ".thisisnotanextension", strings.Repeat("a", 255)},
	} {
		got, err := FileName(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("FileName(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			continue
		}
		if again, err := FileName(got); err != nil || again != got {
			t.Errorf("FileName not idempotent on %q: %q, %v", got, again, err)
		}
		if len(got) > MaxFileNameBytes || !utf8.ValidString(got) {
			t.Errorf("FileName(%q) = %q: too long or broken UTF-8", tc.in, got)
		}
	}
}

func TestFileNameRefuses(t *testing.T) {
	for _, in := range []string{
		"", ".", "..", "...", "/", "a/", "../", `..\`, "foo/..", "foo/.", " ", "\u202E", "\x00", "\n\t",
		"\xff.pdf", strings.Repeat(".", 300) + "x",
	} {
		if got, err := FileName(in); err == nil {
			t.Errorf("FileName(%q) = %q, want an error", in, got)
		} else if !strings.HasPrefix(err.Error(), "unusable file name: ") {
			t.Errorf("FileName(%q) error %q", in, err)
		}
	}
}

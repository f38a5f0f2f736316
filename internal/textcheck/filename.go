package textcheck

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxFileNameBytes is the longest name most file systems (ext4, NTFS in
// UTF-16 units aside) and Content-Disposition consumers take.
const MaxFileNameBytes = 255

// maxExtBytes: a longer "extension" is part of the name, not an extension.
const maxExtBytes = 16

// ErrFileName is wrapped by every FileName refusal.
var ErrFileName = errors.New("unusable file name")

// FileName turns an uploaded file's name into one safe to store, show and
// send back in Content-Disposition. It cleans what can be cleaned and refuses
// what cannot:
//
//   - invalid UTF-8: refused (we cannot know what was meant);
//   - a path ("../../etc/passwd", `C:\Users\x\scan.pdf`): only the part after
//     the last slash or backslash is kept;
//   - control characters (NUL included), U+2028/U+2029, and the
//     bidirectional formatting characters (U+202A..U+202E, U+2066..U+2069,
//     LRM, RLM, ALM: "invoice\u202Efdp.exe" shows as "invoiceexe.pdf") are
//     removed;
//   - characters Windows forbids in names (< > : " | ? *) become "_";
//   - leading and trailing spaces, and trailing dots, are trimmed (Windows
//     drops them, which makes two names collide);
//   - a Windows device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9, any case,
//     with or without extension) gets a "_" prefix;
//   - what is left must not be empty, "." or "..": refused;
//   - over 255 bytes, the stem is cut on a character boundary so that the
//     extension (up to 16 bytes, e.g. ".pdf") survives.
//
// FileName(FileName(x)) == FileName(x) for every x it accepts.
func FileName(name string) (string, error) {
	if !utf8.ValidString(name) {
		return "", fmt.Errorf("%w: not valid UTF-8", ErrFileName)
	}
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	b.Grow(len(name))
	for _, r := range name {
		switch {
		case isControl(r) || r == '\t' || r == '\n' || r == '\r' || isBidi(r):
			// dropped
		case strings.ContainsRune(`<>:"|?*`, r):
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	clean := trimName(b.String())
	if len(clean) > MaxFileNameBytes {
		clean = truncate(clean)
	}
	switch clean {
	case "":
		return "", fmt.Errorf("%w: nothing is left of it once the path, control and formatting characters, and trailing dots and spaces are removed", ErrFileName)
	case ".", "..": // unreachable after trimName (trailing dots go); kept as the rule
		return "", fmt.Errorf("%w: %q is not a file name", ErrFileName, clean)
	}
	if isWindowsDevice(clean) {
		clean = "_" + clean // device names are short: no cap to re-apply
	}
	return clean, nil
}

// trimName removes leading/trailing spaces and trailing dots until stable.
func trimName(s string) string {
	for {
		t := strings.TrimRight(strings.TrimSpace(s), ".")
		if t == s {
			return s
		}
		s = t
	}
}

func isWindowsDevice(name string) bool {
	stem, _, _ := strings.Cut(name, ".")
	switch strings.ToUpper(strings.TrimRight(stem, " ")) {
	case "CON", "PRN", "AUX", "NUL",
		"COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		return true
	}
	return false
}

// truncate cuts s to MaxFileNameBytes keeping a short extension, on rune
// boundaries, and trims again so the result is itself clean (it may be empty
// when the stem was all dots; FileName refuses that).
func truncate(s string) string {
	ext := ""
	if i := strings.LastIndexByte(s, '.'); i > 0 && len(s)-i <= maxExtBytes && !strings.ContainsRune(s[i:], ' ') {
		ext = s[i:]
	}
	if stem := trimName(cutBytes(s[:len(s)-len(ext)], MaxFileNameBytes-len(ext))); stem != "" {
		return stem + ext
	}
	return trimName(cutBytes(s, MaxFileNameBytes))
}

// cutBytes returns the longest prefix of s of at most n bytes that ends on a
// rune boundary.
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

package messages

import "strings"

// gsm7 is the GSM 03.38 basic character set (plus the extension table, whose
// characters cost two septets).
const (
	gsm7Basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsm7Ext = "^{}\\[~]|€"
)

// smsSegments counts the segments an SMS is billed as: 160/153 septets in
// GSM-7, 70/67 characters once any other character forces UCS-2.
func smsSegments(s string) int {
	septets, ucs2 := 0, false
	for _, r := range s {
		switch {
		case strings.ContainsRune(gsm7Basic, r):
			septets++
		case strings.ContainsRune(gsm7Ext, r):
			septets += 2
		default:
			ucs2 = true
		}
	}
	n, single, multi := septets, 160, 153
	if ucs2 {
		n, single, multi = len([]rune(s)), 70, 67
	}
	if n <= single {
		return 1
	}
	return (n + multi - 1) / multi
}

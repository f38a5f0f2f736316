package messages

import (
	"strings"
)

// view is what the wording templates may use: single-line plain strings.
type view struct {
	Customer, Sender, Phone, Date, Reg string
	Link, PIN, Locker, Ref             string
	KioskCode                          string
	Amount, Hours                      string
}

func newView(d Data) view {
	return view{
		Customer:  oneLine(d.CustomerName),
		Sender:    sender(oneLine(d.DealerName), oneLine(d.LocationName)),
		Phone:     oneLine(d.LocationPhone),
		Date:      FormatDate(d.AppointmentDate, d.TimeZone, d.Lang),
		Reg:       oneLine(d.RegNumber),
		Link:      strings.TrimSpace(d.Link),
		PIN:       oneLine(d.PIN),
		Locker:    oneLine(d.LockerName),
		Ref:       oneLine(d.Reference),
		KioskCode: oneLine(d.KioskCode),
		Amount:    FormatAmount(d.AmountDue, d.Lang),
		Hours:     FormatOpeningHours(d.OpeningHours, d.Lang),
	}
}

// forSMS strips angle brackets: an SMS is never markup, and a name like
// "<b>Jo</b>" must not make it look like one.
func (v view) forSMS() view {
	strip := strings.NewReplacer("<", "", ">", "")
	for _, p := range []*string{&v.Customer, &v.Sender, &v.Phone, &v.Reg, &v.PIN, &v.Locker, &v.Ref, &v.KioskCode} {
		*p = oneLine(strip.Replace(*p))
	}
	return v
}

// sender names the location the way customers know it, without repeating
// the dealer when the location name already contains it.
func sender(dealer, location string) string {
	switch {
	case location == "":
		return dealer
	case dealer == "" || strings.Contains(strings.ToLower(location), strings.ToLower(dealer)):
		return location
	case strings.Contains(strings.ToLower(dealer), strings.ToLower(location)):
		return dealer
	}
	return dealer + " " + location
}

// oneLine collapses all whitespace (newlines included) to single spaces:
// values end up in subjects and SMS where a newline would break things.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// paragraphs splits the dealer's plain welcome text on line breaks.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if p = oneLine(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

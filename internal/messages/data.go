package messages

import (
	"time"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Data is what a message may mention. Only Link (link kinds) and PIN (PIN
// kinds) are required; empty optional fields are left out of the sentences.
type Data struct {
	Lang            enums.LanguageCode
	CustomerName    string
	DealerName      string
	LocationName    string
	LocationPhone   string
	AppointmentDate time.Time
	TimeZone        *time.Location // location's zone; nil keeps AppointmentDate's own
	RegNumber       string
	Link            string // build with Link(base, key)
	PIN             string
	LockerName      string
	Color           string // CommunicationSetting.Color, "#rrggbb"
	Logo            string // CommunicationSetting.Logo, an http(s) URL
	WelcomeText     string // CommunicationSetting.WelcomeText, plain text
	Reference       string // short code to find the message again at the provider
	// KioskCode is the appointment's kiosk code (internal/kioskcheckin),
	// set only where the location has kiosks: the online check-in then
	// says to type it at the kiosk.
	KioskCode string
	// AmountDue is what the customer pays at the pick-up, VAT included
	// (car_ready; 0 leaves it out).
	AmountDue float64
	// OpeningHours are the location's (weekday "mon".."sun" to ranges
	// "HH:MM-HH:MM" in its own zone), for car_ready; nil leaves them out.
	OpeningHours map[string][]string
}

// Message is one communication rendered for both channels.
type Message struct {
	SMS     string
	Subject string
	Text    string // email plain-text part
	HTML    string // email HTML part
}

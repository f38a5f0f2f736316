// Package routes names the API paths that other layers must know: provider
// callbacks the notifier registers with Twilio and Mailgun, and the URL of an
// uploaded attachment that customer answers refer to. The API mounts these
// paths; activities only print them into URLs, so neither imports the other.
package routes

import (
	"fmt"
	"strings"

	"github.com/google/uuid"
)

const (
	// TwilioStatusPath receives Twilio's delivery status callbacks.
	TwilioStatusPath = "/v1/notifications/twilio/status"
	// TwilioInboundPath receives SMS sent to our number (opt-out keywords).
	TwilioInboundPath = "/v1/notifications/twilio/inbound"
	// MailgunInboundPath receives customers' e-mail replies, forwarded by a
	// Mailgun inbound route (match_recipient("reply+.*@<domain>")).
	MailgunInboundPath = "/v1/notifications/mailgun/inbound"
	// MailgunEventsPath receives Mailgun's event webhooks.
	MailgunEventsPath = "/v1/notifications/mailgun/events"
	// ReceiverParam names the receiver in a Twilio status callback URL, so a
	// callback that overtakes the activity's own write still finds its row.
	ReceiverParam = "receiver_id"
	// ReceiverVariable tags every email with its receiver's idempotency key, so
	// an uncertain send can be found at Mailgun before it is repeated, and a
	// webhook that overtakes the activity's own write still finds its row.
	ReceiverVariable = "pitstop_receiver"
	// ACSESEventsPath receives the ACSES locker vendor's events (spec 001).
	ACSESEventsPath = "/v1/events/handler"
	// AttachmentPath is where the API serves an uploaded file; answers refer
	// to attachments by this URL path.
	AttachmentPath = "/v1/communication/attachments/"
)

// AttachmentID parses the uploaded file's ID out of its URL.
func AttachmentID(url string) (uuid.UUID, error) {
	i := strings.Index(url, AttachmentPath)
	if i < 0 {
		return uuid.UUID{}, fmt.Errorf("%q is not an attachment URL of this communication", url)
	}
	rest := strings.SplitN(url[i+len(AttachmentPath):], "/", 2)
	return uuid.Parse(rest[0])
}

// DeskSignature is the path of a desk check-in's signature (a PNG), served
// to staff of the location and to its tablet.
func DeskSignature(deskID int) string { return fmt.Sprintf("/v1/desk_checkin/%d/signature", deskID) }

// Package conversation is the contract of two-way messages (issue #25): a
// customer's reply by SMS or e-mail, attached to its appointment by the
// conversation it answers, and the receptionist's answer in the same
// thread. Standard library and enumerations only.
package conversation

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Workflow types.
const (
	InboundWorkflowName = "InboundMessageWorkflow"
	AnswerWorkflowName  = "AppointmentAnswerWorkflow"
)

// Directions of a thread's message.
const (
	DirectionIn  = "in"
	DirectionOut = "out"
)

// MaxText bounds a message's text (ten SMS segments; a longer e-mail is cut).
const MaxText = 1600

// ReplyLocalPart is the local part of the Reply-To address of e-mails:
// reply+<token>@<mail domain>.
const ReplyLocalPart = "reply"

// Inbound is one message a customer sent us, as the provider's verified
// webhook gave it.
type Inbound struct {
	Channel enums.CommunicationChannelID `json:"channel"`
	// ProviderID is unique per message and the same on the provider's
	// retries: twilio:<MessageSid>, mailgun:<hash of Message-Id>.
	ProviderID string `json:"provider_id"`
	// From is the customer's number or address; To ours (the sender
	// number, or the reply token of the address the e-mail went to).
	From string `json:"from"`
	To   string `json:"to"`
	Text string `json:"text"`
}

// InboundWorkflowID names the handling of one inbound message: a repeated
// webhook joins (or finds) the first. subject is the sender's
// ContactSubject (internal/keys, a keyed hash of the normalised number or
// address: the same on every retry): the data converter seals the
// workflow's payloads with that subject's data key, which erasing a
// customer with that number or address deletes (issue #26). Without a
// subject (no secret) the ID is the one from before, sealed with the
// master key.
func InboundWorkflowID(subject, providerID string) string {
	if subject == "" {
		return "inbound-message-" + short(providerID)
	}
	return "inbound-message-" + subject + "-" + short(providerID)
}

// MailProviderID is an e-mail reply's unique id (Message-Id, hashed: it
// may be long and is the same on Mailgun's retries).
func MailProviderID(messageID string) string { return "mailgun:" + short(messageID) }

// InboundResult is where the reply went.
type InboundResult struct {
	MessageID     int  `json:"message_id"`
	AppointmentID int  `json:"appointment_id,omitempty"`
	Matched       bool `json:"matched"`
	// Closed: the appointment's lifecycle had ended; the reply is stored
	// against it all the same and its task opened.
	Closed bool `json:"closed,omitempty"`
	// LocationID is the location of an unmatched reply when the number it
	// was sent to belongs to one location's own sender pool (0: the
	// location cannot be told; the reply is listed for admins).
	LocationID int `json:"location_id,omitempty"`
}

// Answer is the receptionist's answer in an appointment's thread.
type Answer struct {
	AppointmentID int    `json:"appointment_id"`
	LocationID    int    `json:"location_id"`
	UserID        int    `json:"user_id"`
	Key           string `json:"key"`
	Text          string `json:"text"`
}

// AnswerProviderID is the answer's unique id: one request key, one message.
func AnswerProviderID(appointmentID int, key string) string {
	return fmt.Sprintf("answer:%d:%s", appointmentID, short(key))
}

// AnswerWorkflowID names the delivery of one answer (one per key).
func AnswerWorkflowID(appointmentID int, key string) string {
	return fmt.Sprintf("appointment-answer-%d-%s", appointmentID, short(key))
}

// AnswerResult is the answer's message and the receiver delivering it;
// NoChannel when the customer has neither written nor has a number or
// address to answer to.
type AnswerResult struct {
	MessageID  int                               `json:"message_id"`
	ReceiverID int                               `json:"receiver_id"`
	Channel    enums.CommunicationChannelID      `json:"channel"`
	NoChannel  bool                              `json:"no_channel,omitempty"`
	Status     enums.CommunicationReceiverStatus `json:"status"`
}

// CheckText validates a message's text: PostgreSQL must store it (valid
// UTF-8, no NUL) and it must fit MaxText characters.
func CheckText(s string) error {
	switch {
	case !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0:
		return fmt.Errorf("text: must be valid UTF-8 without NUL bytes")
	case strings.TrimSpace(s) == "":
		return fmt.Errorf("text: required")
	case utf8.RuneCountInString(s) > MaxText:
		return fmt.Errorf("text: at most %d characters", MaxText)
	}
	return nil
}

// Clip cuts an inbound text to MaxText characters (a customer's long
// e-mail is kept, its tail is not).
func Clip(s string) string {
	s = strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD")
	if utf8.RuneCountInString(s) <= MaxText {
		return s
	}
	return string([]rune(s)[:MaxText])
}

// ReplyToken extracts the token of a reply address reply+<token>@domain
// ("" when the address is not one of ours).
func ReplyToken(recipient, domain string) string {
	addr := strings.ToLower(strings.TrimSpace(recipient))
	if i := strings.LastIndexByte(addr, '<'); i >= 0 {
		addr = strings.TrimSuffix(addr[i+1:], ">")
	}
	local, dom, ok := strings.Cut(addr, "@")
	if !ok || !strings.EqualFold(dom, domain) {
		return ""
	}
	tok, ok := strings.CutPrefix(local, ReplyLocalPart+"+")
	if !ok || tok == "" {
		return ""
	}
	return tok
}

// ReplyAddress is the Reply-To address of a conversation's e-mails.
func ReplyAddress(token, domain string) string { return ReplyLocalPart + "+" + token + "@" + domain }

// short makes an id safe and bounded for workflow IDs and unique columns.
func short(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}

package notify

import (
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// PlanInput is everything the channel rules look at.
type PlanInput struct {
	Kind string // Kind*
	// Customer
	BlockCommunication bool
	IsLease            bool
	Preferred          enums.CommunicationChannelID // 0: none chosen
	Email, Phone       string                       // best known (corrected ones first)
	// Location
	ThirdParty       bool // ThirdPartySendCommunications with a webhook URL
	WebhookURL       string
	SMSForCheckIn    bool // IsSMSForOnlineCheckInEnabled
	MultipleChannels bool // HasMultipleCommunicationChannels
	BlockLeaseAuto   bool // BlockAutomatedCommunicationForLeaseCustomer
	TestingMode      bool // the testing mode of this communication type
	TestingEmail     string
	TestingPhone     string
}

// Planned is one receiver to create: Status Sent means "to deliver"; Failed
// receivers are recorded with their reason so the receptionist sees why.
type Planned struct {
	Channel     enums.CommunicationChannelID
	Destination string
	Status      enums.CommunicationReceiverStatus
	Reason      string
}

// Plan applies the spec's channel rules, in this order: third-party control
// sends the key to the dealer only; a customer who blocked communication gets
// nothing; automated communication skips lease customers where the location
// says so; testing mode redirects to the location's testing address; then the
// customer's preferred channel, or every channel when the location has
// multiple channels (SMS for the online check-in only where enabled). The
// key-locker PIN answers the customer's own check-in: it is not automated
// communication, may go by SMS, and follows the check-in's testing mode. A
// desk check-in confirmation is an email (SendConfirmationEmails), also not
// automated, and follows the check-in's testing mode too.
func Plan(in PlanInput) []Planned {
	if in.ThirdParty {
		return []Planned{{Channel: enums.CommunicationChannelIDWebhook, Destination: in.WebhookURL, Status: enums.CommunicationReceiverStatusSent}}
	}
	if in.BlockCommunication {
		return []Planned{{Channel: firstNonZero(in.Preferred, enums.CommunicationChannelIDEmail), Status: enums.CommunicationReceiverStatusFailed,
			Reason: "the customer blocked communication"}}
	}
	if in.IsLease && in.BlockLeaseAuto && in.Kind == KindOnlineCheckIn {
		return []Planned{{Channel: firstNonZero(in.Preferred, enums.CommunicationChannelIDEmail), Status: enums.CommunicationReceiverStatusFailed,
			Reason: "automated communication is blocked for lease customers at this location"}}
	}
	email, phone := in.Email, in.Phone
	if in.TestingMode {
		email, phone = in.TestingEmail, in.TestingPhone
	}
	smsAllowed := in.Kind != KindOnlineCheckIn || in.SMSForCheckIn
	var channels []enums.CommunicationChannelID
	switch {
	case in.Kind == KindDeskConfirmation: // the location "sends confirmation emails"
		if email == "" {
			return []Planned{{Channel: enums.CommunicationChannelIDEmail, Status: enums.CommunicationReceiverStatusFailed,
				Reason: "no email address known for the confirmation"}}
		}
		channels = []enums.CommunicationChannelID{enums.CommunicationChannelIDEmail}
	case in.MultipleChannels:
		channels = []enums.CommunicationChannelID{enums.CommunicationChannelIDEmail, enums.CommunicationChannelIDSMS}
	case in.Preferred == enums.CommunicationChannelIDSMS && smsAllowed && phone != "":
		channels = []enums.CommunicationChannelID{enums.CommunicationChannelIDSMS}
	case email != "":
		channels = []enums.CommunicationChannelID{enums.CommunicationChannelIDEmail}
	default:
		channels = []enums.CommunicationChannelID{enums.CommunicationChannelIDSMS}
	}
	var out []Planned
	for _, ch := range channels {
		dest := email
		if ch == enums.CommunicationChannelIDSMS {
			if !smsAllowed {
				continue
			}
			dest = phone
		}
		if dest == "" {
			if !in.MultipleChannels {
				out = append(out, Planned{Channel: ch, Status: enums.CommunicationReceiverStatusFailed, Reason: "no destination known for this channel"})
			}
			continue
		}
		out = append(out, Planned{Channel: ch, Destination: dest, Status: enums.CommunicationReceiverStatusSent})
	}
	if len(out) == 0 {
		out = append(out, Planned{Channel: enums.CommunicationChannelIDEmail, Status: enums.CommunicationReceiverStatusFailed,
			Reason: "the customer has neither an email address nor a mobile number"})
	}
	return out
}

func firstNonZero(a, b enums.CommunicationChannelID) enums.CommunicationChannelID {
	if a != 0 {
		return a
	}
	return b
}

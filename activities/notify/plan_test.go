package notify

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

func TestPlan(t *testing.T) {
	base := PlanInput{Kind: KindOnlineCheckIn, Email: "a@example.com", Phone: "+31612345678"}
	sent := enums.CommunicationReceiverStatusSent
	failed := enums.CommunicationReceiverStatusFailed
	email, sms, hook := enums.CommunicationChannelIDEmail, enums.CommunicationChannelIDSMS, enums.CommunicationChannelIDWebhook
	for name, tc := range map[string]struct {
		edit func(*PlanInput)
		want []Planned
	}{
		"email by default":                        {func(*PlanInput) {}, []Planned{{email, "a@example.com", sent, ""}}},
		"preferred SMS, but SMS off for check-in": {func(p *PlanInput) { p.Preferred = sms }, []Planned{{email, "a@example.com", sent, ""}}},
		"preferred SMS allowed":                   {func(p *PlanInput) { p.Preferred, p.SMSForCheckIn = sms, true }, []Planned{{sms, "+31612345678", sent, ""}}},
		"preferred SMS for diagnose":              {func(p *PlanInput) { p.Preferred, p.Kind = sms, KindDiagnoseOverview }, []Planned{{sms, "+31612345678", sent, ""}}},
		"multiple channels": {func(p *PlanInput) { p.MultipleChannels, p.SMSForCheckIn = true, true },
			[]Planned{{email, "a@example.com", sent, ""}, {sms, "+31612345678", sent, ""}}},
		"multiple channels, no phone": {func(p *PlanInput) { p.MultipleChannels, p.Phone = true, "" }, []Planned{{email, "a@example.com", sent, ""}}},
		"blocked":                     {func(p *PlanInput) { p.BlockCommunication = true }, []Planned{{email, "", failed, "the customer blocked communication"}}},
		"lease check-in blocked": {func(p *PlanInput) { p.IsLease, p.BlockLeaseAuto = true, true },
			[]Planned{{email, "", failed, "automated communication is blocked for lease customers at this location"}}},
		"lease diagnose is not automated": {func(p *PlanInput) { p.IsLease, p.BlockLeaseAuto, p.Kind = true, true, KindDiagnoseOverview },
			[]Planned{{email, "a@example.com", sent, ""}}},
		"testing mode": {func(p *PlanInput) { p.TestingMode, p.TestingEmail = true, "test@dealer.example" }, []Planned{{email, "test@dealer.example", sent, ""}}},
		"third party": {func(p *PlanInput) {
			p.ThirdParty, p.WebhookURL, p.BlockCommunication = true, "https://dealer.example/hook", true
		},
			[]Planned{{hook, "https://dealer.example/hook", sent, ""}}},
		"PIN by SMS where SMS is off for check-in": {func(p *PlanInput) { p.Preferred, p.Kind = sms, KindKeyLockerPIN },
			[]Planned{{sms, "+31612345678", sent, ""}}},
		"PIN to a lease customer (answers the customer)": {func(p *PlanInput) { p.IsLease, p.BlockLeaseAuto, p.Kind = true, true, KindKeyLockerPIN },
			[]Planned{{email, "a@example.com", sent, ""}}},
		"PIN blocked": {func(p *PlanInput) { p.BlockCommunication, p.Kind = true, KindKeyLockerPIN },
			[]Planned{{email, "", failed, "the customer blocked communication"}}},
		"testing mode, both channels": {func(p *PlanInput) {
			p.TestingMode, p.TestingEmail, p.TestingPhone, p.MultipleChannels, p.Kind = true, "t@dealer.example", "+31600000000", true, KindRepairOverview
		}, []Planned{{email, "t@dealer.example", sent, ""}, {sms, "+31600000000", sent, ""}}},
		"desk confirmation is an email, even where SMS is preferred": {func(p *PlanInput) {
			p.Preferred, p.MultipleChannels, p.Kind = sms, true, KindDeskConfirmation
		}, []Planned{{email, "a@example.com", sent, ""}}},
		"desk confirmation to a lease customer": {func(p *PlanInput) { p.IsLease, p.BlockLeaseAuto, p.Kind = true, true, KindDeskConfirmation },
			[]Planned{{email, "a@example.com", sent, ""}}},
		"desk confirmation, no email": {func(p *PlanInput) { p.Email, p.Kind = "", KindDeskConfirmation },
			[]Planned{{email, "", failed, "no email address known for the confirmation"}}},
		"desk confirmation in testing mode": {func(p *PlanInput) {
			p.TestingMode, p.TestingEmail, p.Kind = true, "t@dealer.example", KindDeskConfirmation
		},
			[]Planned{{email, "t@dealer.example", sent, ""}}},
		"desk confirmation under third-party control": {func(p *PlanInput) {
			p.ThirdParty, p.WebhookURL, p.Kind = true, "https://dealer.example/hook", KindDeskConfirmation
		}, []Planned{{hook, "https://dealer.example/hook", sent, ""}}},
		"nothing known":      {func(p *PlanInput) { p.Email, p.Phone = "", "" }, []Planned{{email, "", failed, "the customer has neither an email address nor a mobile number"}}},
		"SMS only, no phone": {func(p *PlanInput) { p.Email, p.Phone, p.Kind = "", "", KindRepairOverview }, []Planned{{sms, "", failed, "no destination known for this channel"}}},
	} {
		t.Run(name, func(t *testing.T) {
			in := base
			tc.edit(&in)
			require.Equal(t, tc.want, Plan(in))
		})
	}
}

// Package receiptstore records what the message providers report back:
// delivery receipts (a receiver's provider message ID and its final status),
// and finds the customers an inbound SMS comes from. It is the one writer of
// receipts for the provider callbacks (api/callbacks), which call it once per
// callback; the delivery activities write their own sends, and an SMS
// keyword is applied by its workflow (workflows/optout).
package receiptstore

import (
	"context"
	"slices"
	"strings"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/ent/customer"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Receipt is what one callback says about one receiver.
type Receipt struct {
	ReceiverID int
	// TwilioSID / MailgunID, when set, are stored on a receiver that has no
	// provider ID yet (a callback that overtook the activity's own write).
	TwilioSID, MailgunID string
	// Final: Status (with Reason) is final and moves a receiver still at
	// "sent"; a final status never moves again.
	Final  bool
	Status enums.CommunicationReceiverStatus
	Reason string
}

// Record stores a receipt and reports whether the receiver's status moved.
// Repeated and reordered callbacks are harmless.
func Record(ctx context.Context, c *ent.Client, r Receipt) (moved bool, err error) {
	if r.TwilioSID != "" {
		if err := c.CommunicationReceiver.Update().Where(communicationreceiver.ID(r.ReceiverID), communicationreceiver.TwilioMessageSid("")).
			SetTwilioMessageSid(r.TwilioSID).SetSmsGatewayID(enums.SMSGatewayTwilio).Exec(ctx); err != nil {
			return false, err
		}
	}
	if r.MailgunID != "" {
		if err := c.CommunicationReceiver.Update().Where(communicationreceiver.ID(r.ReceiverID), communicationreceiver.MailgunMessageID("")).
			SetMailgunMessageID(r.MailgunID).Exec(ctx); err != nil {
			return false, err
		}
	}
	if !r.Final {
		return false, nil
	}
	n, err := c.CommunicationReceiver.Update().Where(communicationreceiver.ID(r.ReceiverID),
		communicationreceiver.StatusEQ(enums.CommunicationReceiverStatusSent)).SetStatus(r.Status).SetReason(r.Reason).Save(ctx)
	return n > 0, err
}

// CustomersAt lists every customer reachable at number: by their own
// mobile numbers, or by the one they gave in a check-in answer (the SMS
// keyword activity sets their block_communication).
func CustomersAt(ctx context.Context, c *ent.Client, number string) ([]int, error) {
	match := []string{number}
	if rest, ok := strings.CutPrefix(number, "+"); ok {
		match = append(match, "00"+rest) // the same number as some DMSs store it
	}
	ids, err := c.Customer.Query().Where(customer.Or(customer.TelMobilePrivateIn(match...), customer.TelMobileBusinessIn(match...))).IDs(ctx)
	if err != nil {
		return nil, err
	}
	corrected, err := c.CustomerCommunication.Query().Where(customercommunication.CorrectPhoneIn(match...)).
		QueryAppointment().QueryCustomerDriver().IDs(ctx)
	if err != nil {
		return nil, err
	}
	slices.Sort(ids)
	for _, id := range corrected {
		if _, found := slices.BinarySearch(ids, id); !found {
			ids = append(ids, id)
			slices.Sort(ids)
		}
	}
	return ids, nil
}

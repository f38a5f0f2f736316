package notify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/pitstop-dev/pitstop/contracts/optout"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/customer"
	"github.com/pitstop-dev/pitstop/ent/customerconsentchange"
	"github.com/pitstop-dev/pitstop/integrations/twilio"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/receiptstore"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// ApplyKeyword sets block_communication on every customer reachable at the
// sender's number (an opt-out sets it, an opt-in clears it) and records
// each change with its time, source and message. One message changes a
// customer once: a retry finds the recorded change and reports it again.
func (a *Activities) ApplyKeyword(ctx context.Context, in optout.Input) (optout.Applied, error) {
	block := in.Keyword.Kind == optout.OptOut
	out := optout.Applied{Language: in.Keyword.Language}
	err := store.WithTx(ctx, a.DB.Client, func(tx *ent.Tx) error {
		ids, err := receiptstore.CustomersAt(ctx, tx.Client(), in.From)
		if err != nil || len(ids) == 0 {
			return err
		}
		custs, err := tx.Customer.Query().Where(customer.IDIn(ids...)).Order(ent.Asc(customer.FieldID)).WithLocation().All(ctx)
		if err != nil {
			return err
		}
		done, err := tx.CustomerConsentChange.Query().Where(customerconsentchange.MessageSid(in.MessageSID),
			customerconsentchange.CustomerIDIn(ids...)).All(ctx)
		if err != nil {
			return err
		}
		recorded := map[int]bool{}
		for _, ch := range done {
			recorded[ch.CustomerID] = ch.Changed
		}
		now := a.now()
		for _, c := range custs {
			out.Customers++
			if out.Language == "" && slices.Contains(onboard.Languages, c.LanguageCode) {
				out.Language = c.LanguageCode
			}
			if out.Dealer == "" && c.Edges.Location != nil {
				out.Dealer = c.Edges.Location.Name
			}
			if changed, ok := recorded[c.ID]; ok { // a retry of this message
				if changed {
					out.Changed++
				}
				continue
			}
			changed := c.BlockCommunication != block
			if changed {
				if err := tx.Customer.UpdateOneID(c.ID).SetBlockCommunication(block).Exec(ctx); err != nil {
					return err
				}
				out.Changed++
			}
			if err := tx.CustomerConsentChange.Create().SetCustomerID(c.ID).SetBlockCommunication(block).SetChanged(changed).
				SetSource(optout.SourceSMSKeyword).SetKeyword(in.Keyword.Word).SetMessageSid(in.MessageSID).SetChangedAt(now).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	if out.Language == "" {
		out.Language = enums.LanguageCodeEnGB
	}
	if err == nil {
		// Counts and the keyword only: never the number.
		a.logger().Info("sms keyword applied", "keyword", in.Keyword.Word, "block_communication", block,
			"customers", out.Customers, "changed", out.Changed)
	}
	return out, err
}

// ConfirmKeywordInput is one confirmation to send.
type ConfirmKeywordInput struct {
	MessageSID string `json:"message_sid"`
	To         string `json:"to"`
	Text       string `json:"text"`
	// Since is when the workflow started: a retry looks for a confirmation
	// sent from then on before it sends one.
	Since time.Time `json:"since"`
}

// ConfirmKeyword sends the confirmation exactly once: an attempt first asks
// Twilio whether this text already went to the number since the keyword
// arrived (an earlier attempt that sent but did not report back), and sends
// only if not. A permanent refusal (the number opted out at Twilio) is the
// outcome, not an error to retry.
func (a *Activities) ConfirmKeyword(ctx context.Context, in ConfirmKeywordInput) (string, error) {
	if a.Notify == nil || a.Notify.SMS == nil {
		return "", errors.New("no SMS client configured")
	}
	if res, found, err := a.Notify.SMS.FindSent(ctx, in.To, in.Since.Add(-time.Minute), in.Text); err != nil || found {
		return res.SID, err
	}
	res, err := a.Notify.SMS.SendSMS(ctx, twilio.SMS{To: in.To, Body: in.Text})
	if twilio.IsPermanent(err) {
		a.logger().Warn("sms keyword confirmation refused", "message_sid", in.MessageSID, "reason", err.Error())
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("confirm sms keyword %s: %w", in.MessageSID, err)
	}
	return res.SID, nil
}

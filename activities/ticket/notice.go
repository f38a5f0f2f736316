package ticket

import (
	"context"
	"encoding/json"
	"strconv"

	"go.temporal.io/sdk/activity"

	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/webhookhistory"
	"github.com/pitstop-dev/pitstop/integrations/dealerhook"
)

// Telling the receptionist that a ticket ended. Decisions where the specs
// are silent:
//   - The spec's CommunicationEvent types are all customer communications
//     (spec 000's enumeration has no room for a staff notice), so the
//     notice is the appointment's remote_diagnosis_to_handle flag, which
//     every appointment list and detail answers (as check_in_com_to_handle
//     is for an answered check-in). It clears when the receptionist puts the
//     intervention in the diagnose overview.
//   - Where the location has a dealer webhook (ThirdPartyWebhookURL), the
//     dealer's system also gets a signed "remote_diagnosis.finished"
//     webhook (the same Standard Webhooks signing and history as the
//     customer communications the webhook carries), with no personal data.

// NoticeInput names the ended ticket the receptionist is told about.
type NoticeInput struct {
	RequestID string `json:"request_id"`
}

// NoticeOutput says what the dealer webhook did.
type NoticeOutput struct {
	// Webhook: "none" (the location has no webhook), "delivered", or
	// "refused: <status or reason>" (a permanent failure, not retried).
	Webhook string `json:"webhook"`
}

// FinishedWebhook is the dealer webhook of an ended ticket.
type FinishedWebhook struct {
	Type             string `json:"type"` // remote_diagnosis.finished
	AppointmentID    int    `json:"appointment_id"`
	DealerLocationID int    `json:"dealer_location_id"`
	WONr             string `json:"wo_nr"`
	RegNumber        string `json:"reg_number"`
	RequestID        string `json:"request_id"`
	ProviderTicketID int64  `json:"provider_ticket_id"`
	Status           Status `json:"status"`
	// Reason says why a ticket ended without a result (refused, expired).
	Reason         string  `json:"reason,omitempty"`
	InterventionID int     `json:"intervention_id"`
	Title          string  `json:"title"`
	Currency       string  `json:"currency"`
	TotalNet       float64 `json:"total_net"`
	Notes          int     `json:"notes"`
	Attachments    int     `json:"attachments"`
	// The provider as its branding names it (branding.go), when known.
	ProviderName      string `json:"provider_name,omitempty"`
	ProviderPortalURL string `json:"provider_portal_url,omitempty"`
}

// FinishedWebhookType is FinishedWebhook.Type.
const FinishedWebhookType = "remote_diagnosis.finished"

// FinishedWebhookID is the webhook-id (the dealer's dedupe key) of a
// ticket's finished webhook: one per ticket, stable across retries.
func FinishedWebhookID(requestID string) string { return "remote-diagnosis-finished-" + requestID }

// MarkToHandle tells the receptionist that the ticket's intervention waits
// for them: the appointment's remote_diagnosis_to_handle flag, set while
// the intervention is still hidden from the customer. Setting it again
// does nothing new.
func (a *Activities) MarkToHandle(ctx context.Context, in NoticeInput) error {
	rec, err := a.record(ctx, in.RequestID)
	if err != nil || rec.InterventionID == nil || rec.ResultDismissed {
		return err
	}
	// One statement: an intervention the receptionist has already put in
	// the diagnose overview leaves the flag alone (as does a dismissed
	// result, above).
	return dbErr(a.DB.Appointment.Update().Where(entappointment.ID(rec.AppointmentID),
		entappointment.HasInterventionsWith(intervention.ID(*rec.InterventionID), intervention.VisibleToCustomer(false))).
		SetRemoteDiagnosisToHandle(true).Exec(ctx))
}

// NotifyDealerWebhook sends the ticket's end to the location's dealer
// webhook, if it has one, and keeps each attempt in the webhook history.
// Outages are retried (the receiver dedupes on webhook-id); a permanent
// refusal is answered, not raised.
func (a *Activities) NotifyDealerWebhook(ctx context.Context, in NoticeInput) (NoticeOutput, error) {
	rec, err := a.record(ctx, in.RequestID)
	if err != nil {
		return NoticeOutput{}, err
	}
	loc, err := a.DB.DealerLocation.Get(ctx, rec.DealerLocationID)
	if err != nil {
		return NoticeOutput{}, err
	}
	if loc.ThirdPartyWebhookURL == "" {
		return NoticeOutput{Webhook: "none"}, nil
	}
	// A retry after a delivery that was recorded (only its completion was
	// lost) sends nothing: a retried send never sends twice. Between the
	// dealer's 2xx and the history row a crash can still resend; the
	// receiver dedupes that one on the stable webhook-id.
	id := FinishedWebhookID(rec.RequestID)
	done, err := a.DB.WebhookHistory.Query().Where(webhookhistory.WebhookEventID(id), webhookhistory.Direction("out"),
		webhookhistory.ResponseStatusHasPrefix("2")).Exist(ctx)
	if err != nil {
		return NoticeOutput{}, err
	}
	if done {
		return NoticeOutput{Webhook: "delivered"}, nil
	}
	ap, err := a.DB.Appointment.Get(ctx, rec.AppointmentID)
	if err != nil {
		return NoticeOutput{}, err
	}
	p := FinishedWebhook{Type: FinishedWebhookType, AppointmentID: ap.ID, DealerLocationID: loc.ID, WONr: ap.WoNr, RegNumber: ap.RegNumber,
		RequestID: rec.RequestID, Status: Status(rec.Status), Reason: rec.StatusReason, Currency: rec.Currency, TotalNet: rec.TotalNet, Notes: len(rec.Notes)}
	if rec.ProviderTicketID != nil {
		p.ProviderTicketID = *rec.ProviderTicketID
	}
	for _, n := range rec.Notes {
		p.Attachments += len(n.Attachments)
	}
	if rec.InterventionID != nil {
		p.InterventionID = *rec.InterventionID
		if iv, err := a.DB.Intervention.Get(ctx, *rec.InterventionID); err == nil {
			p.Title = iv.Title
		} else if !ent.IsNotFound(err) {
			return NoticeOutput{}, err
		}
	}
	if a.Accounts != nil { // without an account (or off) the webhook goes without the provider's name
		if rdc, err := a.Accounts.ForLocation(ctx, loc.ID); err == nil {
			b := a.branding(ctx, rdc)
			p.ProviderName, p.ProviderPortalURL = b.BrandingName, b.CustomerPortalURL
		}
	}
	attempt := 1
	if activity.IsActivity(ctx) {
		attempt = int(activity.GetInfo(ctx).Attempt)
	}
	hook := a.Webhook
	if hook == nil {
		hook = defaultWebhook
	}
	res, err := hook.Deliver(ctx, loc.ThirdPartyWebhookURL, []byte(loc.ThirdPartyWebhookSecret), id, p)
	status := strconv.Itoa(res.StatusCode)
	if err != nil && res.StatusCode == 0 {
		status = "error: " + err.Error()
	}
	sent, _ := json.Marshal(p)
	herr := a.DB.WebhookHistory.Create().SetWebhookEventID(id).SetDirection("out").SetDealerLocationID(loc.ID).
		SetTargetURL(loc.ThirdPartyWebhookURL).SetSentContent(string(sent)).SetResponseStatus(clean(status)).
		SetResponseContent(res.ResponseBody).SetSentDate(a.now()).SetAttempt(attempt).Exec(ctx)
	if ent.IsConstraintError(herr) {
		herr = nil      // this attempt number has its row (a run outside a retry starts at 1 again)
		if err == nil { // keep the delivery on record, so no later run sends again
			herr = a.DB.WebhookHistory.Update().Where(webhookhistory.WebhookEventID(id), webhookhistory.Direction("out"),
				webhookhistory.Attempt(attempt)).SetResponseStatus(clean(status)).SetResponseContent(res.ResponseBody).
				SetSentDate(a.now()).Exec(ctx)
		}
	}
	if herr != nil {
		return NoticeOutput{}, herr
	}
	switch {
	case err == nil:
		return NoticeOutput{Webhook: "delivered"}, nil
	case dealerhook.IsPermanent(err):
		a.log().Warn("remote-diagnosis webhook refused", "location", loc.ID, "request_id", rec.RequestID, "status", status)
		return NoticeOutput{Webhook: "refused: " + status}, nil
	}
	return NoticeOutput{}, err
}

var defaultWebhook = dealerhook.NewClient(nil)

package ticket

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/remotediagticket"
	"github.com/pitstop-dev/pitstop/ent/schema"
	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
)

// StoreResult puts a finished ticket's notes, attachments (each fetched
// from its chat channel, attachments.go) and final prices
// on the appointment as an intervention, hidden from the customer until
// the receptionist puts it in the diagnose overview (visible_to_customer),
// and records the final status. Done once: a retry finds the intervention
// id on our row.
func (a *Activities) StoreResult(ctx context.Context, in StoreInput) (StoreOutput, error) {
	if err := a.configured(); err != nil {
		return StoreOutput{}, err
	}
	rec, err := a.record(ctx, in.RequestID)
	if err != nil {
		return StoreOutput{}, err
	}
	if rec.InterventionID != nil {
		return storeOutput(rec), nil
	}
	rdc, err := a.clientFor(ctx, rec.DealerLocationID)
	if err != nil {
		return StoreOutput{}, err
	}
	notes, err := rdc.TicketNotes(ctx, in.TicketID)
	if err != nil {
		return StoreOutput{}, providerErr("ticket notes", err)
	}
	hist, err := rdc.HistoricalTicket(ctx, in.TicketID)
	if err != nil && !rd.IsNotFound(err) {
		return StoreOutput{}, providerErr("historical ticket", err)
	}
	unlisted := err != nil // ended, but not yet among the historical tickets
	var kept []schema.TicketNote
	var text, files []string
	for _, n := range notes.Result {
		tn := schema.TicketNote{ID: clean(n.ID), Value: clean(n.Value), CreatedAt: clean(n.CreatedAt)}
		text = append(text, tn.Value)
		for _, at := range n.Attachments {
			ta, err := a.fetchAttachment(ctx, rdc, at)
			if err != nil {
				return StoreOutput{}, err
			}
			tn.Attachments = append(tn.Attachments, ta)
			line := ta.FileName + " (" + ta.FileReference + ")"
			if ta.State == AttachmentMissing {
				line += ": not found on the provider's channel"
			}
			files = append(files, line)
		}
		kept = append(kept, tn)
	}
	var lines []string
	for _, l := range hist.ProductLines {
		lines = append(lines, clean(l.Description))
	}
	net, gross, cur := hist.Total.NetPrice.Value, hist.Total.GrossPrice.Value, hist.Total.NetPrice.Currency
	// Not listed as historical yet (404): a closed ticket keeps the prices it
	// was ordered at rather than showing the receptionist zero.
	quoted := unlisted && in.Quote != nil && in.Status == StatusClosed
	if quoted {
		net, gross, cur = in.Quote.TotalNet, in.Quote.TotalGross, in.Quote.Currency
		for _, it := range in.Quote.Items {
			lines = append(lines, clean(it.Name))
		}
	}
	title := "Remote diagnosis"
	if in.Status == StatusFailed {
		title = "Remote diagnosis (not completed)"
	}
	if len(lines) > 0 {
		title += ": " + strings.Join(lines, ", ")
	}
	desc := strings.Join(text, "\n\n")
	mech := fmt.Sprintf("Remote-diagnose ticket %d (%s).", in.TicketID, in.Status)
	if l := brandingLine(a.branding(ctx, rdc)); l != "" {
		mech += "\n" + l
	}
	if quoted {
		mech += "\nPrices as quoted when ordered: the provider had not listed the ticket as finished yet."
	}
	if len(files) > 0 {
		mech += "\nAttachments:\n- " + strings.Join(files, "\n- ")
	}
	tx, err := a.DB.Tx(ctx)
	if err != nil {
		return StoreOutput{}, err
	}
	defer func() { _ = tx.Rollback() }()
	iv, err := tx.Intervention.Create().SetAppointmentID(rec.AppointmentID).SetDealerLocationID(rec.DealerLocationID).
		SetDmsNr(fmt.Sprintf("RD-%d", in.TicketID)).SetTitle(cut(title, 250)).SetDescription(desc).SetMechanicNotes(mech).
		SetPrice(net).SetVisibleToCustomer(false).Save(ctx)
	if err != nil {
		return StoreOutput{}, dbErr(err)
	}
	// Conditional on no intervention yet (works on PostgreSQL and SQLite,
	// which has no SELECT ... FOR UPDATE): of two attempts running at once,
	// one links its intervention; the other's is rolled back.
	u := tx.RemoteDiagTicket.Update().Where(remotediagticket.ID(rec.ID), remotediagticket.InterventionIDIsNil()).
		SetInterventionID(iv.ID).SetNotes(kept).SetTotalNet(net).SetTotalGross(gross).SetCurrency(cur).
		SetStatus(string(in.Status)).SetFinishedAt(a.now())
	if hist.State != 0 { // unlisted: keep the state the follow activity recorded
		u.SetProviderState(int(hist.State))
	}
	n, err := u.Save(ctx)
	if err != nil {
		return StoreOutput{}, dbErr(err)
	}
	if n == 0 {
		_ = tx.Rollback()
		rec, err = a.record(ctx, in.RequestID)
		if err != nil {
			return StoreOutput{}, err
		}
		return storeOutput(rec), nil
	}
	// The dealers' stream hears of the finish in the same transaction.
	if _, err := dealerevents.Record(ctx, tx.Client(), dealerevents.Event{LocationID: rec.DealerLocationID,
		AppointmentID: rec.AppointmentID, Type: dealerevents.TypeTicketFinished, At: a.now(),
		Data: dealerevents.TicketFinished{TicketID: rec.ID, Status: string(in.Status), InterventionID: iv.ID}}); err != nil {
		return StoreOutput{}, dbErr(err)
	}
	if err := tx.Commit(); err != nil {
		return StoreOutput{}, err
	}
	rec, err = a.record(ctx, in.RequestID)
	if err != nil {
		return StoreOutput{}, err
	}
	return storeOutput(rec), nil
}

func storeOutput(rec *ent.RemoteDiagTicket) StoreOutput {
	out := StoreOutput{Notes: len(rec.Notes), TotalNet: rec.TotalNet, Currency: rec.Currency}
	if rec.InterventionID != nil {
		out.InterventionID = *rec.InterventionID
	}
	for _, n := range rec.Notes {
		out.Attachments += len(n.Attachments)
	}
	return out
}

func dbErr(err error) error {
	if ent.IsConstraintError(err) || ent.IsValidationError(err) {
		return temporal.NewNonRetryableApplicationError(err.Error(), errtypes.Unstorable, err)
	}
	return err
}

// clean makes provider text storable on PostgreSQL (no NUL, valid UTF-8).
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.ReplaceAll(s, "\x00", "")
}

func cut(s string, n int) string {
	for len(s) > n {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

// ForwardCSAT sends the mechanic's score to the provider (a PUT: sending it
// again replaces it) and keeps it on our row.
func (a *Activities) ForwardCSAT(ctx context.Context, in CSATInput) error {
	rdc, _, err := a.clientOfRequest(ctx, in.RequestID)
	if err != nil {
		return err
	}
	if err := rdc.SetCSAT(ctx, in.TicketID, in.Score, in.Comment); err != nil {
		return providerErr("CSAT", err)
	}
	rec, err := a.record(ctx, in.RequestID)
	if err != nil {
		return err
	}
	u := rec.Update().SetCsatScore(in.Score)
	if in.Comment != nil {
		u.SetCsatComment(clean(*in.Comment))
	}
	return dbErr(u.Exec(ctx))
}

// Package ticket holds the activities of a remote-diagnose ticket (spec
// 003): checking the connector and the service center, pricing, creating
// the provider's ticket exactly once, following it to its end over the
// websocket (polling when the socket drops), storing its result on the
// appointment as an intervention, the mechanic's CSAT score and the read
// model of each step. Every activity is idempotent: our RemoteDiagTicket
// row, keyed by the workflow's request id, records what was done.
package ticket

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/contracts/ticket"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/remotediagticket"
	"github.com/pitstop-dev/pitstop/integrations/dealerhook"
	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// SignalStatus is ticket.SignalStatus: the follow activity sends it.
const SignalStatus = ticket.SignalStatus

// Signaler sends a signal to a workflow (a Temporal client does).
type Signaler interface {
	SignalWorkflow(ctx context.Context, workflowID, runID, signalName string, arg interface{}) error
}

// Activities holds what the ticket activities use.
type Activities struct {
	DB *ent.Client
	// Accounts gives the client of a location's own provider account
	// (account.go); nil: remote diagnosis is off.
	Accounts Accounts
	// Signal, when set, tells the workflow of every state the follow
	// activity sees while the ticket runs (so its state query and current
	// details move); without it the workflow learns the final state only.
	Signal Signaler
	Log    *slog.Logger
	Now    func() time.Time
	// Webhook delivers the dealer webhook of an ended ticket (nil: a
	// default client).
	Webhook *dealerhook.Client
	// PollInterval is how often a ticket is looked up while the websocket
	// is down; HeartbeatEvery how often the follow activity heartbeats.
	PollInterval   time.Duration
	HeartbeatEvery time.Duration
}

// Check (a function, not a method, so it is not registered as an activity)
// refuses a worker without the dependencies these activities need.
func Check(a *Activities) error {
	if a == nil || a.DB == nil {
		return errors.New("ticket activities: no database client")
	}
	return nil // nil Accounts means remote diagnosis is off (see configured)
}

// configured refuses work when remote diagnosis is off (no
// PITSTOP_REMOTEDIAG_BASE_URL): final, retrying will not configure it.
func (a *Activities) configured() error {
	if a.Accounts == nil {
		return temporal.NewNonRetryableApplicationError("remote diagnosis is not configured (PITSTOP_REMOTEDIAG_BASE_URL)", errtypes.Rejected, nil)
	}
	return nil
}

func (a *Activities) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

func (a *Activities) log() *slog.Logger {
	if a.Log != nil {
		return a.Log
	}
	return slog.Default()
}

func (a *Activities) pollInterval() time.Duration {
	if a.PollInterval > 0 {
		return a.PollInterval
	}
	return 5 * time.Second
}

func (a *Activities) heartbeatEvery() time.Duration {
	if a.HeartbeatEvery > 0 {
		return a.HeartbeatEvery
	}
	return 2 * time.Second // well inside the workflow's 6 s heartbeat timeout
}

// WorkflowID is ticket.WorkflowID.
func WorkflowID(appointmentID int, requestID string) string {
	return ticket.WorkflowID(appointmentID, requestID)
}

// StatusOf maps the provider's numeric state to ours. Unknown states are
// taken as "in progress" (not final), as the client does.
func StatusOf(s rd.TicketState) Status {
	switch s {
	case rd.TicketStatePending:
		return StatusPending
	case rd.TicketStateClosed:
		return StatusClosed
	case rd.TicketStateFailed:
		return StatusFailed
	}
	return StatusInProgress
}

// providerErr maps a client error to what Temporal should do with it: a
// retry fixes outages (5xx, timeouts, network), never a refusal.
func providerErr(what string, err error) error {
	if err == nil {
		return nil
	}
	switch {
	case rd.IsRetryable(err):
		return fmt.Errorf("%s: %w", what, err)
	case rd.IsNotFound(err):
		return temporal.NewNonRetryableApplicationError(what+": not found at the provider", errtypes.NotFound, err)
	case rd.IsInvalidInput(err) || rd.IsBadRequest(err):
		return temporal.NewNonRetryableApplicationError(what+": "+err.Error(), errtypes.Validation, err)
	}
	return temporal.NewNonRetryableApplicationError(what+": "+err.Error(), errtypes.Rejected, err)
}

func (a *Activities) record(ctx context.Context, requestID string) (*ent.RemoteDiagTicket, error) {
	rec, err := a.DB.RemoteDiagTicket.Query().Where(remotediagticket.RequestID(requestID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, temporal.NewNonRetryableApplicationError("ticket request "+requestID+" not recorded", errtypes.NotFound, err)
	}
	return rec, err
}

// RecordRequest writes our row of the ticket request before anything is
// asked of the provider. Recording it again does nothing.
func (a *Activities) RecordRequest(ctx context.Context, in Request) error {
	exists := func() (bool, error) {
		return a.DB.RemoteDiagTicket.Query().Where(remotediagticket.RequestID(in.RequestID)).Exist(ctx)
	}
	if ok, err := exists(); err != nil || ok {
		return err
	}
	err := a.DB.RemoteDiagTicket.Create().
		SetRequestID(in.RequestID).SetAppointmentID(in.AppointmentID).SetDealerLocationID(in.DealerLocationID).
		SetConnectorID(in.ConnectorID).SetVin(in.VIN).SetVehicleModelID(in.VehicleModelID).
		SetVehicleModelVariantID(in.VehicleModelVariantID).SetProductIds(in.ProductIDs).SetVoucher(in.Voucher).
		SetReference(Reference(in.RequestID)).SetStatus(string(StatusRequested)).Exec(ctx)
	if ent.IsConstraintError(err) {
		if ok, err2 := exists(); err2 == nil && ok { // a concurrent attempt recorded it
			return nil
		}
		// The partial unique index on the connector of running tickets: a
		// second order on a busy connector is refused.
		busy, err2 := a.DB.RemoteDiagTicket.Query().Where(remotediagticket.ConnectorID(in.ConnectorID),
			remotediagticket.StatusIn(activeStatuses...)).First(ctx)
		if err2 == nil {
			return temporal.NewNonRetryableApplicationError(fmt.Sprintf("connector %d already has a ticket in progress (request %s): wait for it to end",
				in.ConnectorID, busy.RequestID), errtypes.Rejected, err)
		}
		// The appointment is gone: retrying will not bring it back.
		return temporal.NewNonRetryableApplicationError("ticket request refused by the database: "+err.Error(), errtypes.NotFound, err)
	}
	return err
}

// activeStatuses are the statuses of a running ticket (the partial unique
// index on connector_id covers them).
var activeStatuses = []string{string(StatusRequested), string(StatusWaiting), string(StatusPending), string(StatusInProgress)}

// Reference is ticket.Reference.
func Reference(requestID string) string { return ticket.Reference(requestID) }

// MarkStatus records a status in the read model. A final status is never
// overwritten (a late update cannot reopen a finished ticket). A ticket
// that ends here, without a result (refused, expired, failed: the ends the
// dealer webhook also hears of), writes the dealers' stream's
// ticket.finished in the same transaction, once: the move to final is
// conditional on a status that was not final yet, so a retry finds it done.
// A cancel by staff writes none (as the webhook); a result's end is
// StoreResult's.
func (a *Activities) MarkStatus(ctx context.Context, in MarkInput) error {
	rec, err := a.record(ctx, in.RequestID)
	if err != nil {
		return err
	}
	if Status(rec.Status).Final() && rec.Status != string(in.Status) {
		return nil
	}
	if !in.Status.Final() || Status(rec.Status).Final() {
		u := rec.Update().SetStatus(string(in.Status)).SetStatusReason(clean(in.Reason))
		if in.ProviderState != 0 {
			u.SetProviderState(in.ProviderState)
		}
		if in.Status.Final() && rec.FinishedAt == nil {
			u.SetFinishedAt(a.now())
		}
		return u.Exec(ctx)
	}
	return dbErr(store.WithTx(ctx, a.DB, func(tx *ent.Tx) error {
		u := tx.RemoteDiagTicket.Update().Where(remotediagticket.ID(rec.ID), remotediagticket.StatusIn(activeStatuses...)).
			SetStatus(string(in.Status)).SetStatusReason(clean(in.Reason))
		if in.ProviderState != 0 {
			u.SetProviderState(in.ProviderState)
		}
		if rec.FinishedAt == nil {
			u.SetFinishedAt(a.now())
		}
		n, err := u.Save(ctx)
		if err != nil || n == 0 || in.Status == StatusCancelled {
			return err // n == 0: another attempt ended it first
		}
		d := dealerevents.TicketFinished{TicketID: rec.ID, Status: string(in.Status)}
		if rec.InterventionID != nil {
			d.InterventionID = *rec.InterventionID
		}
		_, err = dealerevents.Record(ctx, tx.Client(), dealerevents.Event{LocationID: rec.DealerLocationID,
			AppointmentID: rec.AppointmentID, Type: dealerevents.TypeTicketFinished, At: a.now(), Data: d})
		return err
	}))
}

// CheckReadiness asks whether the connector is online and the service
// center accepts tickets. An unknown connector is final.
func (a *Activities) CheckReadiness(ctx context.Context, in ReadinessInput) (Readiness, error) {
	rdc, err := a.clientOfReadiness(ctx, in)
	if err != nil {
		return Readiness{}, err
	}
	c, err := rdc.Connector(ctx, in.ConnectorID)
	if err != nil {
		return Readiness{}, providerErr(fmt.Sprintf("connector %d", in.ConnectorID), err)
	}
	st, err := rdc.ServiceCenterState(ctx)
	if err != nil {
		return Readiness{}, providerErr("service center state", err)
	}
	return Readiness{ConnectorOnline: c.IsOnline, ServiceCenterOpen: st.Open(), Message: st.Message, EndsAt: st.EndsAt}, nil
}

// PriceProducts asks the provider's price calculation (with the voucher).
func (a *Activities) PriceProducts(ctx context.Context, in Request) (Price, error) {
	rdc, err := a.clientFor(ctx, in.DealerLocationID)
	if err != nil {
		return Price{}, err
	}
	vin := in.VIN
	calc, err := rdc.CalculatePrice(ctx, rd.PriceRequest{Voucher: in.Voucher, VehicleModelID: in.VehicleModelID,
		VehicleModelVariantID: in.VehicleModelVariantID, VIN: &vin, ProductIDs: in.ProductIDs})
	if err != nil {
		return Price{}, providerErr("price calculation", err)
	}
	p := Price{Currency: calc.Total.NetPrice.Currency, TotalNet: calc.Total.NetPrice.Value, TotalGross: calc.Total.GrossPrice.Value,
		NeedsUnattendedConfirmation: calc.NeedsConfirmationForUnattendedService}
	for _, it := range calc.Items {
		p.Items = append(p.Items, PriceItem{ProductID: it.ProductID, Name: it.ProductName, Net: it.NetPrice.Value, Gross: it.GrossPrice.Value})
	}
	return p, nil
}

// StatusOfState is StatusOf for a state carried as an int (workflows do not
// import the provider's client).
func StatusOfState(state int) Status { return StatusOf(rd.TicketState(state)) }

package ticket

import (
	"context"
	"slices"
	"strings"

	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/ent"
	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
)

// AppName and AppVersion go in the ticket's required metadata.
const (
	AppName    = "Pitstop"
	AppVersion = "1"
)

// CreateTicket orders the ticket exactly once. Our row says what happened
// before: a known provider ticket id is returned as it is; a row marked
// "creating" (an earlier attempt asked and may have succeeded before it
// died) first looks for its own ticket on the connector (the active
// ticket with the same VIN and products, or a finished one carrying our
// reference) and adopts it instead of ordering a second. The provider's
// refusals are outcomes, not errors: the workflow decides what follows.
func (a *Activities) CreateTicket(ctx context.Context, in Request) (CreateOutput, error) {
	rdc, rec, err := a.clientOfRequest(ctx, in.RequestID)
	if err != nil {
		return CreateOutput{}, err
	}
	if rec.ProviderTicketID != nil {
		return CreateOutput{Outcome: CreateCreated, TicketID: *rec.ProviderTicketID, ProviderState: rec.ProviderState, Adopted: true}, nil
	}
	if rec.Creating {
		if out, ok, err := a.adopt(ctx, rdc, rec); err != nil || ok {
			return out, err
		}
	}
	if err := rec.Update().SetCreating(true).Exec(ctx); err != nil {
		return CreateOutput{}, err
	}
	answers := make([]rd.PrerequisiteAnswer, 0, len(in.Prerequisites))
	for _, p := range in.Prerequisites {
		answers = append(answers, rd.PrerequisiteAnswer{DefinitionID: p.DefinitionID, Value: p.Value})
	}
	t, err := rdc.CreateTicket(ctx, rd.CreateTicketRequest{
		VIN: in.VIN, VehicleModelID: in.VehicleModelID, VehicleModelVariantID: in.VehicleModelVariantID,
		ConnectorID: in.ConnectorID, Voucher: in.Voucher, ProductIDs: in.ProductIDs, ProductPrerequisites: answers,
		Metadata:  rd.TicketMetadata{AppName: AppName, AppVersion: AppVersion, Platform: "server"},
		Reference: rec.Reference, ConfirmedUnattendedService: in.ConfirmedUnattended,
	})
	refused := func(o CreateOutcome) (CreateOutput, error) {
		msg := ""
		if ae, ok := rd.AsAPIError(err); ok {
			msg = ae.Detail
		}
		if o == CreateConnectorBusy {
			// The provider's detail names the other ticket: not ours to show.
			msg = "another ticket runs on it at the provider; wait for it to end"
		}
		return CreateOutput{Outcome: o, Message: msg}, rec.Update().SetCreating(false).Exec(ctx)
	}
	switch {
	case err == nil:
		return a.saveCreated(ctx, rec, t.IDInt(), int(t.State), false)
	case rd.IsServiceCenterClosed(err):
		return refused(CreateCenterClosed)
	case rd.IsConnectorOffline(err):
		return refused(CreateOffline)
	case rd.IsConflict(err):
		// Our own ticket (an earlier attempt's answer was lost) or another.
		if out, ok, aerr := a.adopt(ctx, rdc, rec); aerr != nil || ok {
			return out, aerr
		}
		return refused(CreateConnectorBusy)
	case rd.IsRetryable(err):
		return CreateOutput{}, err // uncertain: "creating" stays set, the retry looks first
	}
	_ = rec.Update().SetCreating(false).Exec(ctx)
	return CreateOutput{}, providerErr("create ticket", err)
}

func (a *Activities) saveCreated(ctx context.Context, rec *ent.RemoteDiagTicket, id int64, state int, adopted bool) (CreateOutput, error) {
	if id <= 0 {
		return CreateOutput{}, temporal.NewNonRetryableApplicationError("the provider answered a ticket without a numeric id", errtypes.Rejected, nil)
	}
	rd.LogIfUnknown(a.log(), rd.TicketState(state))
	st := StatusOf(rd.TicketState(state))
	if err := rec.Update().SetProviderTicketID(id).SetProviderState(state).SetStatus(string(st)).SetCreating(false).Exec(ctx); err != nil {
		return CreateOutput{}, err
	}
	return CreateOutput{Outcome: CreateCreated, TicketID: id, ProviderState: state, Adopted: adopted}, nil
}

// adopt finds the ticket an earlier attempt created: the connector's
// active ticket for the same VIN and products (the connector is plugged
// into this car, so an identical order there is ours), else a finished
// ticket of the connector with our reference.
func (a *Activities) adopt(ctx context.Context, rdc *rd.Client, rec *ent.RemoteDiagTicket) (CreateOutput, bool, error) {
	t, err := rdc.ActiveTicket(ctx, rec.ConnectorID)
	switch {
	case err == nil:
		if strings.EqualFold(t.VIN, rec.Vin) && sameProducts(t.ProductIDs, rec.ProductIds) {
			out, err := a.saveCreated(ctx, rec, t.IDInt(), int(t.State), true)
			return out, err == nil, err
		}
	case !rd.IsNotFound(err):
		return CreateOutput{}, false, providerErr("active ticket", err)
	}
	hist, err := rdc.HistoricalTickets(ctx, rd.HistoricalQuery{VIN: rec.Vin, ConnectorID: rec.ConnectorID})
	if err != nil {
		return CreateOutput{}, false, providerErr("historical tickets", err)
	}
	for _, h := range hist.Result {
		if h.Reference == rec.Reference {
			out, err := a.saveCreated(ctx, rec, h.ID, int(h.State), true)
			return out, err == nil, err
		}
	}
	return CreateOutput{}, false, nil
}

func sameProducts(nested [][]int64, want []int64) bool {
	var got []int64
	for _, n := range nested {
		got = append(got, n...)
	}
	g, w := slices.Clone(got), slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	return slices.Equal(g, w)
}

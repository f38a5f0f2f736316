package staff

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/pitstop-dev/pitstop/api/httpx"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/integrations/remotediag"
	"github.com/pitstop-dev/pitstop/internal/rdaccount"
)

// Remote diagnosis per location. The provider's Customer API (spec 003)
// scopes everything to the customer account that logged in (a connector
// UUID and its pincode): its connectors, tickets, historical tickets and
// websocket updates. Each dealer location has its own account
// (DealerLocation.remote_diag_*, set by a dealer admin with PUT
// /v1/admin/locations/{id}/remote_diagnose_account or `pitstop admin
// location remote-diagnose`), and every call is made with the account of
// the location it is for: the appointment's for an order, the chosen
// location's (dealer_location_id) for the lists. A location without an
// account gets "remote diagnosis is not set up for this location" and no
// data; there is no shared account to fall back on.

const msgRDNotSetUp = "remote diagnosis is not set up for this location: a dealer admin sets the location's provider account (PUT /v1/admin/locations/{location_id}/remote_diagnose_account)"

// rdClientFor is the client of the location's own account, or the
// error to answer when there is none.
func (s *Handlers) rdClientFor(c *gin.Context, locationID int) (*remotediag.Client, error) {
	if s.RemoteDiag == nil {
		return nil, httpx.Fail(http.StatusServiceUnavailable, "remote diagnosis is not configured")
	}
	rd, err := s.RemoteDiag.ForLocation(c.Request.Context(), locationID)
	switch {
	case err == nil:
		return rd, nil
	case errors.Is(err, rdaccount.ErrNotSetUp):
		return nil, httpx.Invalid(msgRDNotSetUp)
	case errors.Is(err, rdaccount.ErrOff):
		return nil, httpx.Fail(http.StatusServiceUnavailable, "remote diagnosis is not configured")
	default:
		return nil, httpx.Internal(err)
	}
}

// rdClient is the client of the location a provider list is read for:
// ?dealer_location_id=, which may be left out when the caller's token
// covers exactly one location.
func (s *Handlers) rdClient(c *gin.Context) (*remotediag.Client, error) {
	loc, err := rdLocation(c)
	if err != nil {
		return nil, err
	}
	return s.rdClientFor(c, loc)
}

// rdLocation reads dealer_location_id (or the token's only location) and
// checks the caller may act on it (404 otherwise, so other dealers'
// locations stay unknown).
func rdLocation(c *gin.Context) (int, error) {
	cl := httpx.Claims(c)
	v := c.Query("dealer_location_id")
	if v == "" {
		if len(cl.LocationIDs) == 1 {
			return cl.LocationIDs[0], nil
		}
		return 0, httpx.Invalid("dealer_location_id: required (the location whose remote-diagnose account is used)")
	}
	id, err := strconv.Atoi(v)
	if err != nil || id <= 0 {
		return 0, httpx.Invalid("dealer_location_id: must be a positive ID")
	}
	if !cl.CanAccess(id) {
		return 0, httpx.Fail(http.StatusNotFound, "location not found")
	}
	return id, nil
}

// rdOwnConnector checks the connector is one of the account's (the
// provider answers 404 for another customer's): an order names only a
// connector of the appointment's location.
func rdOwnConnector(c *gin.Context, rd *remotediag.Client, connectorID int64) error {
	if _, err := rd.Connector(c.Request.Context(), connectorID); err != nil {
		if remotediag.IsNotFound(err) {
			return httpx.Invalid(fmt.Sprintf("connector_id: connector %d is not one of this location's remote-diagnose connectors", connectorID))
		}
		return rdFail("connector", err)
	}
	return nil
}

// rdBusyMessage refuses an order on a connector with a running ticket,
// naming that ticket's request only when the caller may see it (a request
// id of another location is never shown).
func rdBusyMessage(c *gin.Context, busy *ent.RemoteDiagTicket, connectorID int64) string {
	if httpx.Claims(c).CanAccess(busy.DealerLocationID) {
		return fmt.Sprintf("connector %d already has a ticket in progress (request %s): wait for it to end", connectorID, busy.RequestID)
	}
	return fmt.Sprintf("connector %d already has a ticket in progress: wait for it to end", connectorID)
}

// Bounds of the reads that gather a whole list to filter it.
const (
	rdGatherPages = 10
	rdGatherLimit = remotediag.MaxLimit
)

// rdOwnConnectorIDs lists the account's connectors (every page, at most
// rdGatherPages of them).
func rdOwnConnectorIDs(ctx context.Context, rd *remotediag.Client) (map[int64]bool, error) {
	ids := map[int64]bool{}
	for p := 0; p < rdGatherPages; p++ {
		page, err := rd.ListConnectors(ctx, remotediag.PageParams{Offset: p * rdGatherLimit, Limit: rdGatherLimit, LimitSet: true})
		if err != nil {
			return nil, err
		}
		for _, k := range page.Result {
			ids[k.ID] = true
		}
		if len(page.Result) < rdGatherLimit || (p+1)*rdGatherLimit >= page.Total {
			break
		}
	}
	return ids, nil
}

// rdOwnHistorical lists a car's finished tickets made on the account's
// own connectors. The provider looks historical tickets up by VIN; a car
// serviced at another garage must not show that garage's tickets, so
// every one on a connector not linked to the account is dropped (whatever
// the provider answers), then the page is cut here.
func rdOwnHistorical(ctx context.Context, rd *remotediag.Client, vin string, p remotediag.PageParams) (PageView[remotediag.HistoricalTicket], error) {
	own, err := rdOwnConnectorIDs(ctx, rd)
	if err != nil {
		return PageView[remotediag.HistoricalTicket]{}, err
	}
	var all []remotediag.HistoricalTicket
	for i := 0; i < rdGatherPages; i++ {
		page, err := rd.HistoricalTickets(ctx, remotediag.HistoricalQuery{VIN: vin,
			Page: remotediag.PageParams{Offset: i * rdGatherLimit, Limit: rdGatherLimit, LimitSet: true}})
		if err != nil {
			return PageView[remotediag.HistoricalTicket]{}, err
		}
		for _, h := range page.Result {
			if own[h.ConnectorID] {
				all = append(all, h)
			}
		}
		if len(page.Result) < rdGatherLimit || (i+1)*rdGatherLimit >= page.Total {
			break
		}
	}
	limit := p.Limit
	if !p.LimitSet {
		limit = 20 // the provider's default page
	}
	lo := min(p.Offset, len(all))
	hi := min(lo+limit, len(all))
	return PageView[remotediag.HistoricalTicket]{Result: all[lo:hi], Total: len(all), Offset: p.Offset, Limit: limit}, nil
}

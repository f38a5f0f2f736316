package staff

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/api/httpx"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	wfticket "github.com/pitstop-dev/pitstop/contracts/ticket"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/remotediagticket"
	"github.com/pitstop-dev/pitstop/integrations/remotediag"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/internal/strictjson"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
	ticketcaller "github.com/pitstop-dev/pitstop/workflows/ticket/caller"
)

// Remote-diagnose tickets (spec 003), for staff. Decisions where the spec
// is silent:
//   - Connectors, vehicles, products and historical tickets are the
//     provider's, read live through the client of the location's own
//     provider account (remotediag_account.go): staff see their
//     location's connectors and tickets only. Tickets belong to an
//     appointment and are scoped to the token's locations through it.
//   - A ticket is identified to callers by our request id (a UUID; the
//     workflow is `ticket-<appointment id>-<request id>`), not the provider's ticket id,
//     which exists only once the ticket is created.
//   - A second ticket on a connector is refused up front when our database
//     or the provider knows a running ticket there; two orders racing past
//     that check are settled by the provider (409), which ends the second
//     workflow as "refused".
func (s *Handlers) ticketRoutes(staff *gin.RouterGroup) {
	rec := staff.Group("", httpx.Allow(httpx.PermAppointmentsRead)) // mechanics order remote diagnosis too
	rec.GET("/remote_diagnose/connectors", httpx.Handle(s.rdConnectors))
	rec.GET("/remote_diagnose/vehicles", httpx.Handle(s.rdVehicle))
	rec.GET("/remote_diagnose/products", httpx.Handle(s.rdProducts))
	rec.GET("/remote_diagnose/historical_tickets", httpx.Handle(s.rdHistorical))
	rec.POST("/appointments/:id/remote_diagnose/tickets", httpx.Handle(s.rdCreateTicket))
	rec.GET("/appointments/:id/remote_diagnose/tickets", httpx.Handle(s.rdAppointmentTickets))
	rec.GET("/appointments/:id/remote_diagnose/serviced_vehicle", httpx.Handle(s.rdServicedVehicle))
	rec.GET("/remote_diagnose/tickets/:request_id/state", httpx.Handle(s.rdTicketState))
	rec.POST("/remote_diagnose/tickets/:request_id/cancel", httpx.Handle(s.rdCancel))
	rec.POST("/remote_diagnose/tickets/:request_id/csat", httpx.Handle(s.rdCSAT))
	// Changing what the customer sees is the receptionist's (as sends are).
	wr := staff.Group("", httpx.Allow(httpx.PermAppointmentsWrite))
	wr.POST("/remote_diagnose/tickets/:request_id/add_to_diagnose_overview", httpx.Handle(s.rdAddToDiagnoseOverview))
	wr.POST("/remote_diagnose/tickets/:request_id/dismiss", httpx.Handle(s.rdDismissResult))
}

// ---- response types ----

// ConnectorView is a connector as we answer it.
type ConnectorView struct {
	ID                 int64  `json:"id"`
	UUID               string `json:"uuid"`
	IsOnline           bool   `json:"is_online"`
	HasWifi            bool   `json:"has_wifi"`
	SupportsDoIP       bool   `json:"supports_doip"`
	HardwareType       string `json:"hardware_type"`
	VehiclePathString  string `json:"vehicle_path_string"`
	VINNumber          string `json:"vin_number"`
	ProductDescription string `json:"product_description"`
}

// PageView is a page of items with the provider's paging numbers.
type PageView[T any] struct {
	Result []T `json:"result"`
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// VehicleView is a VIN lookup's answer.
type VehicleView struct {
	VIN                   string `json:"vin"`
	MakeID                int64  `json:"make_id"`
	MakeName              string `json:"make_name"`
	ModelGroupID          int64  `json:"model_group_id"`
	ModelGroupName        string `json:"model_group_name"`
	VehicleModelID        int64  `json:"vehicle_model_id"`
	VehicleModelName      string `json:"vehicle_model_name"`
	VehicleModelVariantID int64  `json:"vehicle_model_variant_id"`
	VariantName           string `json:"vehicle_model_variant_name"`
	RequiresDoIP          bool   `json:"requires_doip"`
}

// MoneyView is an amount in a currency.
type MoneyView struct {
	Currency string  `json:"currency"`
	Value    float64 `json:"value"`
}

// ProductView is a product with its prices.
type ProductView struct {
	ID                          int64      `json:"id"`
	ItemNumber                  string     `json:"item_number"`
	Name                        string     `json:"name"`
	Description                 string     `json:"description"`
	IsFavorite                  bool       `json:"is_favorite"`
	IsUnattended                bool       `json:"is_unattended"`
	NetPrice                    MoneyView  `json:"net_price"`
	GrossPrice                  MoneyView  `json:"gross_price"`
	OriginalEquipmentServiceFee *MoneyView `json:"original_equipment_service_fee"`
	PrerequisiteIDs             []int64    `json:"prerequisite_ids"`
}

// PrerequisiteView is a question to answer before ordering.
type PrerequisiteView struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Question    string   `json:"question"`
	Required    bool     `json:"required"`
	Type        string   `json:"type"`
	Options     []string `json:"options"`
}

// ProductsView answers the product list.
type ProductsView struct {
	Vehicle       VehicleView        `json:"vehicle"`
	Products      []ProductView      `json:"products"`
	Prerequisites []PrerequisiteView `json:"prerequisites"`
	Total         int                `json:"total"`
	Offset        int                `json:"offset"`
	Limit         int                `json:"limit"`
}

// HistoricalTicketView is a finished ticket of a car.
type HistoricalTicketView struct {
	ID          int64     `json:"id"`
	ConnectorID int64     `json:"connector_id"`
	State       int       `json:"state"`
	VIN         string    `json:"vin"`
	Reference   string    `json:"reference"`
	Total       MoneyView `json:"total_net"`
	Products    []string  `json:"products"`
	CreatedAt   string    `json:"created_at"`
	FinishedAt  string    `json:"finished_at"`
}

// TicketView is one of our tickets from the database.
type TicketView struct {
	RequestID        string           `json:"request_id"`
	AppointmentID    int              `json:"appointment_id"`
	ConnectorID      int64            `json:"connector_id"`
	VIN              string           `json:"vin"`
	ProductIDs       []int64          `json:"product_ids"`
	Status           string           `json:"status"`
	StatusReason     string           `json:"status_reason"`
	ProviderTicketID *int64           `json:"provider_ticket_id"`
	ProviderState    int              `json:"provider_state"`
	InterventionID   *int             `json:"intervention_id"`
	ResultDismissed  bool             `json:"result_dismissed"`
	TotalNet         MoneyView        `json:"total_net"`
	Notes            []TicketNoteView `json:"notes"`
	CSATScore        *float64         `json:"csat_score"`
	CreatedAt        time.Time        `json:"created_at"`
	FinishedAt       *time.Time       `json:"finished_at"`
}

// TicketNoteView is a provider's note with its attachments.
type TicketNoteView struct {
	Value       string   `json:"value"`
	CreatedAt   string   `json:"created_at"`
	Attachments []string `json:"attachments"`
}

// TicketStateView is the live state of a ticket's workflow.
type TicketStateView struct {
	RequestID        string     `json:"request_id"`
	AppointmentID    int        `json:"appointment_id"`
	ConnectorID      int64      `json:"connector_id"`
	Status           string     `json:"status"`
	Reason           string     `json:"reason"`
	ProviderTicketID int64      `json:"provider_ticket_id"`
	ProviderState    int        `json:"provider_state"`
	WaitingSince     *time.Time `json:"waiting_since"`
	ServiceMessage   string     `json:"service_message"`
	Price            *MoneyView `json:"price_net"`
	InterventionID   int        `json:"intervention_id"`
	Notes            int        `json:"notes"`
	Attachments      int        `json:"attachments"`
	CSATScore        *float64   `json:"csat_score"`
	Polled           bool       `json:"polled"`
	// ReceptionistNotified: the appointment is flagged
	// remote_diagnosis_to_handle; DealerWebhook: what the dealer webhook did.
	ReceptionistNotified bool   `json:"receptionist_notified"`
	DealerWebhook        string `json:"dealer_webhook"`
}

// CreatedTicketView answers a new ticket.
type CreatedTicketView struct {
	RequestID  string `json:"request_id"`
	WorkflowID string `json:"workflow_id"`
	Status     string `json:"status"`
}

// AddedToOverviewView answers add_to_diagnose_overview.
type AddedToOverviewView struct {
	RequestID         string `json:"request_id"`
	AppointmentID     int    `json:"appointment_id"`
	InterventionID    int    `json:"intervention_id"`
	VisibleToCustomer bool   `json:"visible_to_customer"`
	// RemoteDiagnosisToHandle: another ended ticket's intervention of the
	// appointment still waits (the appointment's flag, after this call).
	RemoteDiagnosisToHandle bool `json:"remote_diagnosis_to_handle"`
	// ResendNeeded: a diagnose overview was already sent. The customer sees
	// the intervention at once, but decides on it only in the next one:
	// resend the diagnose overview.
	ResendNeeded bool `json:"resend_needed"`
}

// DismissedResultView answers dismiss.
type DismissedResultView struct {
	RequestID       string `json:"request_id"`
	AppointmentID   int    `json:"appointment_id"`
	InterventionID  int    `json:"intervention_id"`
	ResultDismissed bool   `json:"result_dismissed"`
	// RemoteDiagnosisToHandle: another ended ticket's result still waits
	// (the appointment's flag, after this call).
	RemoteDiagnosisToHandle bool `json:"remote_diagnosis_to_handle"`
}

// ---- requests ----

// CreateTicketRequest orders a ticket for an appointment's car.
type CreateTicketRequest struct {
	ConnectorID         int64                `json:"connector_id"`
	VIN                 string               `json:"vin"`
	ProductIDs          []int64              `json:"product_ids"`
	Voucher             string               `json:"voucher"`
	Prerequisites       []PrerequisiteAnswer `json:"prerequisites"`
	ConfirmedUnattended bool                 `json:"confirmed_unattended_service"`
}

// PrerequisiteAnswer answers one prerequisite.
type PrerequisiteAnswer struct {
	DefinitionID int64  `json:"definition_id"`
	Value        string `json:"value"`
}

// CSATBody is the mechanic's satisfaction score.
type CSATBody struct {
	Score   *float64 `json:"score"`
	Comment *string  `json:"comment"`
}

// ---- helpers ----

// rdFail maps a provider error: our own checks and the provider's
// refusals are the spec's validation error (HTTP 200), an unknown item 404,
// an outage 503.
func rdFail(what string, err error) error {
	var ie *remotediag.InputError
	switch {
	case errors.As(err, &ie):
		return httpx.Invalid(fmt.Sprintf("%s: %s", ie.Field, ie.Reason))
	case remotediag.IsNotFound(err):
		return httpx.Fail(http.StatusNotFound, what+" not found")
	case remotediag.IsRetryable(err) || remotediag.IsUnauthorized(err) || errors.Is(err, remotediag.ErrSessionExpired):
		return &httpx.Error{Status: http.StatusServiceUnavailable, Cause: err,
			Problems: []string{"the remote-diagnose provider is unavailable, try again later"}}
	default:
		if ae, ok := remotediag.AsAPIError(err); ok {
			return httpx.Invalid("remote-diagnose provider refused: " + strings.TrimSpace(ae.Title+": "+ae.Detail))
		}
		return httpx.Internal(err)
	}
}

const msgVIN = "vin: must be 17 letters or digits"

// pageParams reads offset and limit with the spec's bounds.
func pageParams(c *gin.Context) (remotediag.PageParams, error) {
	p := remotediag.PageParams{}
	if v := c.Query("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return p, httpx.Invalid("offset: must be an integer >= 0")
		}
		p.Offset = n
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > remotediag.MaxLimit {
			return p, httpx.Invalid(fmt.Sprintf("limit: must be an integer between 0 and %d", remotediag.MaxLimit))
		}
		p.Limit, p.LimitSet = n, true
	}
	return p, nil
}

func money(m remotediag.Money) MoneyView { return MoneyView{Currency: m.Currency, Value: m.Value} }

func vehicleView(vin string, v remotediag.VehicleLookup) VehicleView {
	return VehicleView{VIN: vin, MakeID: v.Make.ID, MakeName: v.Make.Name, ModelGroupID: v.ModelGroup.ID, ModelGroupName: v.ModelGroup.Name,
		VehicleModelID: v.Model.ID, VehicleModelName: v.Model.Name, VehicleModelVariantID: v.ModelVariant.ID, VariantName: v.ModelVariant.Name,
		RequiresDoIP: v.Model.RequiresDoIP || v.ModelVariant.RequiresDoIP}
}

// lookupVIN validates and looks up a VIN.
func lookupVIN(c *gin.Context, rd *remotediag.Client, vin string) (remotediag.VehicleLookup, error) {
	if remotediag.ValidateVIN(vin) != nil {
		return remotediag.VehicleLookup{}, httpx.Invalid(msgVIN)
	}
	v, err := rd.VehicleByVIN(c.Request.Context(), vin)
	if err != nil {
		return v, rdFail("vehicle", err)
	}
	return v, nil
}

// ---- provider reads ----

// rdConnectors: GET /v1/remote_diagnose/connectors?offset=&limit=
func (s *Handlers) rdConnectors(c *gin.Context) error {
	rd, err := s.rdClient(c)
	if err != nil {
		return err
	}
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	page, err := rd.ListConnectors(c.Request.Context(), p)
	if err != nil {
		return rdFail("connectors", err)
	}
	out := PageView[ConnectorView]{Result: []ConnectorView{}, Total: page.Total, Offset: page.Offset, Limit: page.Limit}
	for _, k := range page.Result {
		out.Result = append(out.Result, ConnectorView{ID: k.ID, UUID: k.UUID, IsOnline: k.IsOnline, HasWifi: k.HasWifi, SupportsDoIP: k.SupportsDoIP,
			HardwareType: k.HardwareType, VehiclePathString: k.VehiclePathString, VINNumber: k.VINNumber, ProductDescription: k.ProductDescription})
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// rdVehicle: GET /v1/remote_diagnose/vehicles?vin=
func (s *Handlers) rdVehicle(c *gin.Context) error {
	rd, err := s.rdClient(c)
	if err != nil {
		return err
	}
	vin := c.Query("vin")
	v, err := lookupVIN(c, rd, vin)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, vehicleView(vin, v))
	return nil
}

// rdProducts: GET /v1/remote_diagnose/products?vin=&product_group_id= or
// &product_bundle_id=&favorite=&offset=&limit= : the products for the
// car with their prices, and the prerequisites of the products listed.
// The provider does not page products; offset and limit (0..200, as its
// other lists) are applied here.
func (s *Handlers) rdProducts(c *gin.Context) error {
	rd, err := s.rdClient(c)
	if err != nil {
		return err
	}
	var problems []string
	vin := c.Query("vin")
	if remotediag.ValidateVIN(vin) != nil {
		problems = append(problems, msgVIN)
	}
	var group int64
	if v := c.Query("product_group_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 || n > math.MaxInt32 {
			problems = append(problems, "product_group_id: must be a positive int32")
		}
		group = n
	}
	bundle := c.Query("product_bundle_id")
	if bundle != "" {
		if _, err := uuid.Parse(bundle); err != nil {
			problems = append(problems, "product_bundle_id: must be a UUID")
		}
	}
	if c.Query("product_group_id") != "" && bundle != "" {
		problems = append(problems, "product_group_id and product_bundle_id cannot be combined")
	}
	var fav *bool
	if v := c.Query("favorite"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			problems = append(problems, "favorite: must be true or false")
		}
		fav = &b
	}
	if len(problems) > 0 {
		return httpx.Invalid(problems...)
	}
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	if !p.LimitSet {
		p.Limit = 20
	}
	veh, err := lookupVIN(c, rd, vin)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	page, err := rd.Products(ctx, remotediag.ProductsQuery{VehicleModelID: veh.Model.ID, VehicleModelVariantID: veh.ModelVariant.ID,
		ProductGroupID: group, ProductBundleID: bundle, Favorite: fav})
	if err != nil {
		return rdFail("products", err)
	}
	all := page.Result
	out := ProductsView{Vehicle: vehicleView(vin, veh), Products: []ProductView{}, Prerequisites: []PrerequisiteView{},
		Total: len(all), Offset: p.Offset, Limit: p.Limit}
	items := all[min(p.Offset, len(all)):min(p.Offset+p.Limit, len(all))]
	var ids []int64
	for _, pr := range items {
		ids = append(ids, pr.ID)
	}
	byProduct := map[int64][]int64{}
	if len(ids) > 0 {
		// Prerequisites come for the products together; which product each
		// belongs to is asked per product (the answer does not say).
		seen := map[int64]bool{}
		for _, id := range ids {
			pre, err := rd.ProductPrerequisites(ctx, veh.Model.ID, veh.ModelVariant.ID, []int64{id})
			if err != nil {
				return rdFail("prerequisites", err)
			}
			for _, q := range pre.Result {
				byProduct[id] = append(byProduct[id], q.ID)
				if seen[q.ID] {
					continue
				}
				seen[q.ID] = true
				opts := []string{}
				for _, o := range q.Options {
					opts = append(opts, o.Value)
				}
				out.Prerequisites = append(out.Prerequisites, PrerequisiteView{ID: q.ID, Name: q.Name, Description: q.Description,
					Question: q.Question, Required: q.Required, Type: q.Type, Options: opts})
			}
		}
	}
	for _, pr := range items {
		v := ProductView{ID: pr.ID, ItemNumber: string(pr.ItemNumber), Name: pr.Name, Description: pr.Description, IsFavorite: pr.IsFavorite,
			IsUnattended: pr.IsUnattended, NetPrice: money(pr.NetPrice), GrossPrice: money(pr.GrossPrice), PrerequisiteIDs: byProduct[pr.ID]}
		if v.PrerequisiteIDs == nil {
			v.PrerequisiteIDs = []int64{}
		}
		if pr.OriginalEquipmentServiceFee != nil {
			m := money(*pr.OriginalEquipmentServiceFee)
			v.OriginalEquipmentServiceFee = &m
		}
		out.Products = append(out.Products, v)
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// rdHistorical: GET /v1/remote_diagnose/historical_tickets?vin=&offset=&limit=
func (s *Handlers) rdHistorical(c *gin.Context) error {
	rd, err := s.rdClient(c)
	if err != nil {
		return err
	}
	vin := c.Query("vin")
	if remotediag.ValidateVIN(vin) != nil {
		return httpx.Invalid(msgVIN)
	}
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	page, err := rdOwnHistorical(c.Request.Context(), rd, vin, p)
	if err != nil {
		return rdFail("historical tickets", err)
	}
	out := PageView[HistoricalTicketView]{Result: []HistoricalTicketView{}, Total: page.Total, Offset: page.Offset, Limit: page.Limit}
	for _, h := range page.Result {
		v := HistoricalTicketView{ID: h.ID, ConnectorID: h.ConnectorID, State: int(h.State), VIN: h.VIN, Reference: h.Reference,
			Total: money(h.Total.NetPrice), Products: []string{}, CreatedAt: h.CreatedAt, FinishedAt: h.FinishedAt}
		for _, l := range h.ProductLines {
			v.Products = append(v.Products, l.Description)
		}
		out.Result = append(out.Result, v)
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// ---- our tickets ----

var activeStatuses = []string{"requested", "waiting", "pending", "in_progress"}

// rdCreateTicket: POST /v1/appointments/{id}/remote_diagnose/tickets
func (s *Handlers) rdCreateTicket(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	rd, err := s.rdClientFor(c, ap.DealerLocationID)
	if err != nil {
		return err
	}
	var req CreateTicketRequest
	if err := strictjson.DecodeWith(http.MaxBytesReader(c.Writer, c.Request.Body, httpx.MaxJSONBody), &req, httpx.MaxJSONBody,
		strictjson.Options{DisallowUnknownFields: true}); err != nil {
		return httpx.Invalid(httpx.InWords(err)...)
	}
	if p := validateCreateTicket(req); len(p) > 0 {
		return httpx.Invalid(p...)
	}
	if err := rdOwnConnector(c, rd, req.ConnectorID); err != nil {
		return err
	}
	ctx := c.Request.Context()
	busy, err := s.DB.RemoteDiagTicket.Query().Where(remotediagticket.ConnectorID(req.ConnectorID),
		remotediagticket.StatusIn(activeStatuses...)).First(ctx)
	switch {
	case err == nil:
		return httpx.Invalid(rdBusyMessage(c, busy, req.ConnectorID))
	case !ent.IsNotFound(err):
		return httpx.Internal(err)
	}
	if t, err := rd.ActiveTicket(ctx, req.ConnectorID); err == nil {
		return httpx.Invalid(fmt.Sprintf("connector %d already has a pending ticket at the provider (ticket %s): wait for it to end", req.ConnectorID, t.ID))
	} else if !remotediag.IsNotFound(err) {
		return rdFail("connector", err)
	}
	veh, err := lookupVIN(c, rd, req.VIN)
	if err != nil {
		return err
	}
	in := wfticket.Input{WONr: ap.WoNr, RegNumber: s.regNumber(c, ap)}
	in.RequestID = uuid.NewString()
	in.AppointmentID, in.DealerLocationID = ap.ID, ap.DealerLocationID
	in.ConnectorID, in.VIN, in.ProductIDs, in.Voucher = req.ConnectorID, strings.ToUpper(req.VIN), req.ProductIDs, req.Voucher
	in.VehicleModelID, in.VehicleModelVariantID = veh.Model.ID, veh.ModelVariant.ID
	in.ConfirmedUnattended = req.ConfirmedUnattended
	for _, a := range req.Prerequisites {
		in.Prerequisites = append(in.Prerequisites, wfticket.PrerequisiteAnswer{DefinitionID: a.DefinitionID, Value: a.Value})
	}
	// One call to Temporal starts the workflow and waits for its first
	// activity, which writes our row (update-with-start): no row without a
	// workflow, so a crash of this process never leaves a "requested" row
	// blocking the connector. The row's partial unique index on the
	// connector of running tickets still settles two racing orders: the
	// second is refused here, and its workflow ends without a row.
	octx, cancel := httpx.UpdateContext(c)
	defer cancel()
	st, err := ticketcaller.Order(octx, s.Temporal, s.TaskQueue, s.withTicketWaits(in))
	var ae *temporal.ApplicationError
	switch {
	case errors.As(err, &ae):
		return httpx.Invalid(ae.Message())
	case err != nil:
		return httpx.Unavailable(err)
	}
	c.JSON(http.StatusOK, CreatedTicketView{RequestID: in.RequestID, WorkflowID: wfticket.WorkflowID(in.AppointmentID, in.RequestID), Status: string(st.Status)})
	return nil
}

func validateCreateTicket(r CreateTicketRequest) []string {
	var p []string
	if r.ConnectorID <= 0 {
		p = append(p, "connector_id: must be a positive connector id")
	}
	if remotediag.ValidateVIN(r.VIN) != nil {
		p = append(p, msgVIN)
	}
	if len(r.ProductIDs) == 0 || len(r.ProductIDs) > 50 {
		p = append(p, "product_ids: between 1 and 50 product ids")
	}
	for _, id := range r.ProductIDs {
		if id <= 0 {
			p = append(p, "product_ids: must be positive ids")
			break
		}
	}
	p = append(p, textcheck.Line("voucher", r.Voucher, 64)...)
	if len(r.Prerequisites) > 50 {
		p = append(p, "prerequisites: at most 50 answers")
	}
	for i, a := range r.Prerequisites {
		if a.DefinitionID <= 0 {
			p = append(p, fmt.Sprintf("prerequisites[%d].definition_id: must be a positive id", i))
		}
		p = append(p, textcheck.Line(fmt.Sprintf("prerequisites[%d].value", i), a.Value, 500)...)
	}
	return p
}

// regNumber is the car's registration for the workflow's summary.
func (s *Handlers) regNumber(c *gin.Context, ap *ent.Appointment) string {
	if ap.CarID == 0 {
		return ""
	}
	car, err := s.DB.Car.Get(c.Request.Context(), ap.CarID)
	if err != nil {
		return ""
	}
	return car.RegNr
}

// rdAppointmentTickets: GET /v1/appointments/{id}/remote_diagnose/tickets
// from the database, newest first.
func (s *Handlers) rdAppointmentTickets(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	rows, err := s.DB.RemoteDiagTicket.Query().Where(remotediagticket.AppointmentID(ap.ID)).
		Order(ent.Desc(remotediagticket.FieldID)).Limit(maxPageSize).All(c.Request.Context())
	if err != nil {
		return httpx.Internal(err)
	}
	out := []TicketView{}
	for _, r := range rows {
		v := TicketView{RequestID: r.RequestID, AppointmentID: r.AppointmentID, ConnectorID: r.ConnectorID, VIN: r.Vin,
			ProductIDs: r.ProductIds, Status: r.Status, StatusReason: r.StatusReason, ProviderTicketID: r.ProviderTicketID,
			ProviderState: r.ProviderState, InterventionID: r.InterventionID, ResultDismissed: r.ResultDismissed,
			TotalNet: MoneyView{Currency: r.Currency, Value: r.TotalNet},
			Notes:    []TicketNoteView{}, CSATScore: r.CsatScore, CreatedAt: r.CreatedAt, FinishedAt: r.FinishedAt}
		if v.ProductIDs == nil {
			v.ProductIDs = []int64{}
		}
		for _, n := range r.Notes {
			nv := TicketNoteView{Value: n.Value, CreatedAt: n.CreatedAt, Attachments: []string{}}
			for _, a := range n.Attachments {
				nv.Attachments = append(nv.Attachments, a.FileName)
			}
			v.Notes = append(v.Notes, nv)
		}
		out = append(out, v)
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// rdTicketState: GET /v1/remote_diagnose/tickets/{request_id}/state: the
// workflow's live state (query).
func (s *Handlers) rdTicketState(c *gin.Context) error {
	t, err := httpx.Ticket(c, s.DB.Client)
	if err != nil {
		return err
	}
	var st wfticket.State
	err = onTicketWorkflow(t, func(id string) error {
		v, err := s.Temporal.QueryWorkflow(c.Request.Context(), id, "", wfticket.QueryState)
		if err == nil {
			err = v.Get(&st)
		}
		return err
	})
	if err != nil {
		var nf *serviceerror.NotFound
		if errors.As(err, &nf) {
			return httpx.Fail(http.StatusNotFound, "no workflow for this ticket")
		}
		return httpx.Unavailable(err)
	}
	c.JSON(http.StatusOK, ticketStateView(st))
	return nil
}

func ticketStateView(st wfticket.State) TicketStateView {
	v := TicketStateView{RequestID: st.RequestID, AppointmentID: st.AppointmentID, ConnectorID: st.ConnectorID, Status: string(st.Status),
		Reason: st.Reason, ProviderTicketID: st.ProviderTicketID, ProviderState: st.ProviderState, WaitingSince: st.WaitingSince,
		ServiceMessage: st.ServiceMessage, InterventionID: st.InterventionID, Notes: st.Notes, Attachments: st.Attachments,
		CSATScore: st.CSATScore, Polled: st.Polled, ReceptionistNotified: st.ReceptionistNotified, DealerWebhook: st.DealerWebhook}
	if st.Price != nil {
		v.Price = &MoneyView{Currency: st.Price.Currency, Value: st.Price.TotalNet}
	}
	return v
}

// ticketUpdate runs an update of a ticket's workflow; a rejection is the
// spec's validation error.
func (s *Handlers) ticketUpdate(c *gin.Context, t *ent.RemoteDiagTicket, name string, args ...any) error {
	ctx, cancel := httpx.UpdateContext(c)
	defer cancel()
	var st wfticket.State
	err := onTicketWorkflow(t, func(id string) error {
		h, err := s.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
			WorkflowID: id, UpdateName: name, Args: args, WaitForStage: client.WorkflowUpdateStageCompleted,
		})
		if err == nil {
			err = h.Get(ctx, &st)
		}
		return err
	})
	if err != nil {
		var ae *temporal.ApplicationError
		var nf *serviceerror.NotFound
		switch {
		case errors.As(err, &ae):
			return httpx.Invalid(ae.Message())
		case errors.As(err, &nf) || httpx.IsWorkflowCompleted(err):
			return httpx.Invalid("this ticket's workflow has ended")
		default:
			return httpx.Unavailable(err)
		}
	}
	c.JSON(http.StatusOK, ticketStateView(st))
	return nil
}

// rdCancel: POST /v1/remote_diagnose/tickets/{request_id}/cancel
func (s *Handlers) rdCancel(c *gin.Context) error {
	t, err := httpx.Ticket(c, s.DB.Client)
	if err != nil {
		return err
	}
	return s.ticketUpdate(c, t, wfticket.UpdateCancel)
}

// rdCSAT: POST /v1/remote_diagnose/tickets/{request_id}/csat {score, comment}
func (s *Handlers) rdCSAT(c *gin.Context) error {
	t, err := httpx.Ticket(c, s.DB.Client)
	if err != nil {
		return err
	}
	var body CSATBody
	if err := strictjson.DecodeWith(http.MaxBytesReader(c.Writer, c.Request.Body, httpx.MaxJSONBody), &body, httpx.MaxJSONBody,
		strictjson.Options{DisallowUnknownFields: true}); err != nil {
		return httpx.Invalid(httpx.InWords(err)...)
	}
	if body.Score == nil {
		return httpx.Invalid("score: required, between -1 and 1")
	}
	req := wfticket.CSATRequest{Score: *body.Score, Comment: body.Comment}
	p := wfticket.ValidateCSAT(req)
	if body.Comment != nil {
		p = append(p, textcheck.Field("comment", *body.Comment, 2000)...)
	}
	if len(p) > 0 {
		return httpx.Invalid(p...)
	}
	return s.ticketUpdate(c, t, wfticket.UpdateCSAT, req)
}

// withTicketWaits applies Deps.TicketWaits (shortened in tests and demos).
func (s *Handlers) withTicketWaits(in wfticket.Input) wfticket.Input {
	w := s.TicketWaits
	in.ServiceCenterDeadline, in.RecheckEvery, in.CSATWindow = w.ServiceCenterDeadline, w.RecheckEvery, w.CSATWindow
	return in
}

// rdAddToDiagnoseOverview: POST
// /v1/remote_diagnose/tickets/{request_id}/add_to_diagnose_overview puts
// an ended ticket's intervention (notes, attachments, final price) in the
// diagnose overview: it becomes visible to the customer, so the next
// diagnose overview sent offers it for a decision. Doing it again changes
// nothing. Refused before the ticket has a result and once the repair
// overview was sent (the diagnose overview is closed then). It clears the
// appointment's remote_diagnosis_to_handle flag when no other ended
// ticket's intervention is left hidden. An update of the ticket's workflow
// (workflows/ticket/result.go), which writes.
func (s *Handlers) rdAddToDiagnoseOverview(c *gin.Context) error {
	t, err := httpx.Ticket(c, s.DB.Client)
	if err != nil {
		return err
	}
	if t.InterventionID == nil {
		return httpx.Invalid(fmt.Sprintf("the ticket has no result on the appointment yet (status %s): only a ticket that ended closed or failed has an intervention to show", t.Status))
	}
	res, err := s.ticketResult(c, t, wfticket.UpdateAddToDiagnoseOverview)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, AddedToOverviewView{RequestID: t.RequestID, AppointmentID: t.AppointmentID, InterventionID: res.InterventionID,
		VisibleToCustomer: res.VisibleToCustomer, RemoteDiagnosisToHandle: res.RemoteDiagnosisToHandle, ResendNeeded: res.ResendNeeded})
	return nil
}

// rdDismissResult: POST /v1/remote_diagnose/tickets/{request_id}/dismiss
// records that the receptionist will not show an ended ticket's result to
// the customer (nothing found worth a decision, say): the intervention
// stays hidden and no longer raises remote_diagnosis_to_handle, which is
// cleared when no other ended ticket's result waits. Doing it again changes
// nothing; a result already in the diagnose overview stays there. An
// update of the ticket's workflow, which writes.
func (s *Handlers) rdDismissResult(c *gin.Context) error {
	t, err := httpx.Ticket(c, s.DB.Client)
	if err != nil {
		return err
	}
	if t.InterventionID == nil {
		return httpx.Invalid(fmt.Sprintf("the ticket has no result on the appointment yet (status %s): only a ticket that ended closed or failed has a result to dismiss", t.Status))
	}
	res, err := s.ticketResult(c, t, wfticket.UpdateDismissResult)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, DismissedResultView{RequestID: t.RequestID, AppointmentID: t.AppointmentID, InterventionID: res.InterventionID,
		ResultDismissed: res.ResultDismissed, RemoteDiagnosisToHandle: res.RemoteDiagnosisToHandle})
	return nil
}

// ticketResult sends a result decision to the ticket's workflow: a
// refusal is the spec's validation error, a vanished intervention a 404.
func (s *Handlers) ticketResult(c *gin.Context, t *ent.RemoteDiagTicket, name string) (wfticket.ResultHandled, error) {
	ctx, cancel := httpx.UpdateContext(c)
	defer cancel()
	var out wfticket.ResultHandled
	err := onTicketWorkflow(t, func(id string) error {
		h, err := s.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
			WorkflowID: id, UpdateName: name, WaitForStage: client.WorkflowUpdateStageCompleted,
		})
		if err == nil {
			err = h.Get(ctx, &out)
		}
		return err
	})
	var ae *temporal.ApplicationError
	var nf *serviceerror.NotFound
	switch {
	case err == nil:
		return out, nil
	case errors.As(err, &ae) && ae.Type() == errtypes.NotFound:
		return out, httpx.NotFound(ae.Message())
	case errors.As(err, &ae):
		return out, httpx.Invalid(ae.Message())
	case errors.As(err, &nf) || httpx.IsWorkflowCompleted(err):
		return out, httpx.Invalid("this ticket's workflow has ended")
	}
	return out, httpx.Unavailable(err)
}

// onTicketWorkflow runs one call on the ticket's workflow, by its ID
// (ticket-<appointment>-<request>); a ticket ordered before that ID named
// the appointment is found under its old ID (ticket-<request>) when the
// new one does not exist.
func onTicketWorkflow(t *ent.RemoteDiagTicket, call func(workflowID string) error) error {
	err := call(wfticket.WorkflowID(t.AppointmentID, t.RequestID))
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		return call(wfticket.LegacyWorkflowID(t.RequestID))
	}
	return err
}

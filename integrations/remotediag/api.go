package remotediag

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

func validUUID(field, v string) error {
	if _, err := uuid.Parse(v); err != nil {
		return invalid(field, "%q is not a UUID", v)
	}
	return nil
}

func vehicleQuery(modelID, variantID int64) (url.Values, error) {
	if err := positive("vehicle_model_id", modelID); err != nil {
		return nil, err
	}
	if err := positive("vehicle_model_variant_id", variantID); err != nil {
		return nil, err
	}
	return url.Values{
		"vehicle_model_id":         {itoa(modelID)},
		"vehicle_model_variant_id": {itoa(variantID)},
	}, nil
}

// ---- connectors ----

// ListConnectors lists the connectors linked to the logged-in user.
func (c *Client) ListConnectors(ctx context.Context, page PageParams) (Page[Connector], error) {
	var out Page[Connector]
	q, err := pageQuery(nil, page)
	if err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, PathConnectors, q, nil, &out)
}

// Connector gets a connector by id.
func (c *Client) Connector(ctx context.Context, connectorID int64) (Connector, error) {
	var out Connector
	if err := positive("connector id", connectorID); err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, pathWith(PathConnector, "connectorId", itoa(connectorID)), nil, nil, &out)
}

// ConnectorByUUID gets a connector by UUID.
func (c *Client) ConnectorByUUID(ctx context.Context, connectorUUID string) (Connector, error) {
	var out Connector
	if err := validUUID("connector UUID", connectorUUID); err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, pathWith(PathConnectorByUUID, "connectorUUID", connectorUUID), nil, nil, &out)
}

// DismissCallForAttention dismisses a connector's call for attention.
func (c *Client) DismissCallForAttention(ctx context.Context, connectorUUID string) error {
	if err := validUUID("connector UUID", connectorUUID); err != nil {
		return err
	}
	return c.call(ctx, http.MethodPost, pathWith(PathConnectorDismissCall, "connectorUUID", connectorUUID), nil, nil, nil)
}

// ActiveTicket gets the ticket running on a connector; IsNotFound(err)
// when there is none.
func (c *Client) ActiveTicket(ctx context.Context, connectorID int64) (Ticket, error) {
	var out Ticket
	if err := positive("connector id", connectorID); err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, pathWith(PathConnectorActiveTicket, "connectorId", itoa(connectorID)), nil, nil, &out)
}

// ---- vehicles ----

// VehicleByVIN looks a vehicle up by VIN: make, model group, model, variant.
func (c *Client) VehicleByVIN(ctx context.Context, vin string) (VehicleLookup, error) {
	var out VehicleLookup
	if err := ValidateVIN(vin); err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, PathVehicleByVIN, url.Values{"vin": {vin}}, nil, &out)
}

// VehicleMakes lists the makes.
func (c *Client) VehicleMakes(ctx context.Context, page PageParams) (Page[VehicleMake], error) {
	var out Page[VehicleMake]
	q, err := pageQuery(nil, page)
	if err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, PathVehicleMakes, q, nil, &out)
}

// VehicleModelGroups lists the model groups of a make.
func (c *Client) VehicleModelGroups(ctx context.Context, makeID int64, page PageParams) (Page[VehicleModelGroup], error) {
	var out Page[VehicleModelGroup]
	if err := positive("vehicle_make_id", makeID); err != nil {
		return out, err
	}
	q, err := pageQuery(url.Values{"vehicle_make_id": {itoa(makeID)}}, page)
	if err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, PathVehicleModelGroups, q, nil, &out)
}

// VehicleModelGroup gets a model group.
func (c *Client) VehicleModelGroup(ctx context.Context, id int64) (VehicleModelGroup, error) {
	var out VehicleModelGroup
	if err := positive("model group id", id); err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, pathWith(PathVehicleModelGroup, "modelGroupId", itoa(id)), nil, nil, &out)
}

// VehicleModels lists the models of a model group.
func (c *Client) VehicleModels(ctx context.Context, modelGroupID int64, page PageParams) (Page[VehicleModel], error) {
	var out Page[VehicleModel]
	if err := positive("vehicle_model_group_id", modelGroupID); err != nil {
		return out, err
	}
	q, err := pageQuery(url.Values{"vehicle_model_group_id": {itoa(modelGroupID)}}, page)
	if err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, PathVehicleModels, q, nil, &out)
}

// VehicleModel gets a model.
func (c *Client) VehicleModel(ctx context.Context, id int64) (VehicleModel, error) {
	var out VehicleModel
	if err := positive("model id", id); err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, pathWith(PathVehicleModel, "modelId", itoa(id)), nil, nil, &out)
}

// VehicleModelVariants lists the variants of a model.
func (c *Client) VehicleModelVariants(ctx context.Context, modelID int64, page PageParams) (Page[VehicleModelVariant], error) {
	var out Page[VehicleModelVariant]
	if err := positive("vehicle_model_id", modelID); err != nil {
		return out, err
	}
	q, err := pageQuery(url.Values{"vehicle_model_id": {itoa(modelID)}}, page)
	if err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, PathVehicleModelVariants, q, nil, &out)
}

// VehicleModelVariant gets a variant.
func (c *Client) VehicleModelVariant(ctx context.Context, id int64) (VehicleModelVariant, error) {
	var out VehicleModelVariant
	if err := positive("model variant id", id); err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, pathWith(PathVehicleModelVariant, "modelVariantId", itoa(id)), nil, nil, &out)
}

// ---- products ----

// ProductGroups lists the product groups for a vehicle.
func (c *Client) ProductGroups(ctx context.Context, modelID, variantID int64) (Page[ProductGroup], error) {
	var out Page[ProductGroup]
	q, err := vehicleQuery(modelID, variantID)
	if err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, PathProductGroups, q, nil, &out)
}

// ProductBundles lists the bundles for a vehicle, in a group if groupID > 0.
func (c *Client) ProductBundles(ctx context.Context, modelID, variantID, groupID int64) (Page[ProductBundle], error) {
	var out Page[ProductBundle]
	q, err := vehicleQuery(modelID, variantID)
	if err != nil {
		return out, err
	}
	if groupID < 0 || groupID > math.MaxInt32 {
		return out, invalid("product_group_id", "%d is not an int32 id", groupID)
	}
	if groupID > 0 {
		q.Set("product_group_id", itoa(groupID))
	}
	return out, c.call(ctx, http.MethodGet, PathProductBundles, q, nil, &out)
}

// Products lists products for a vehicle, by group or bundle (not both).
func (c *Client) Products(ctx context.Context, pq ProductsQuery) (Page[Product], error) {
	var out Page[Product]
	q, err := vehicleQuery(pq.VehicleModelID, pq.VehicleModelVariantID)
	if err != nil {
		return out, err
	}
	if pq.ProductGroupID != 0 && pq.ProductBundleID != "" {
		return out, invalid("product_group_id", "cannot be combined with product_bundle_id")
	}
	if pq.ProductGroupID < 0 || pq.ProductGroupID > math.MaxInt32 {
		return out, invalid("product_group_id", "%d is not an int32 id", pq.ProductGroupID)
	}
	if pq.ProductGroupID > 0 {
		q.Set("product_group_id", itoa(pq.ProductGroupID))
	}
	if pq.ProductBundleID != "" {
		if err := validUUID("product_bundle_id", pq.ProductBundleID); err != nil {
			return out, err
		}
		q.Set("product_bundle_id", pq.ProductBundleID)
	}
	if pq.Favorite != nil {
		// The document lost this parameter's name ("boolean or integer,
		// default true, return products with matching favorite flag");
		// is_favorite matches the product's field.
		q.Set("is_favorite", strconv.FormatBool(*pq.Favorite))
	}
	return out, c.call(ctx, http.MethodGet, PathProducts, q, nil, &out)
}

// FavoriteProducts lists the favourite products for a vehicle.
func (c *Client) FavoriteProducts(ctx context.Context, modelID, variantID int64) (Page[Product], error) {
	t := true
	return c.Products(ctx, ProductsQuery{VehicleModelID: modelID, VehicleModelVariantID: variantID, Favorite: &t})
}

// AddFavoriteProduct flags a product as favourite. The document's body is
// the product; the provider needs its id.
func (c *Client) AddFavoriteProduct(ctx context.Context, p Product) error {
	if err := positive("product id", p.ID); err != nil {
		return err
	}
	return c.call(ctx, http.MethodPost, PathFavoriteProducts, nil, p, nil)
}

// RemoveFavoriteProduct removes the favourite flag of a product.
func (c *Client) RemoveFavoriteProduct(ctx context.Context, productID int64) error {
	if err := positive("product id", productID); err != nil {
		return err
	}
	return c.call(ctx, http.MethodDelete, pathWith(PathFavoriteProduct, "id", itoa(productID)), nil, nil, nil)
}

// ProductPrerequisites lists the prerequisites of products (at least one).
func (c *Client) ProductPrerequisites(ctx context.Context, modelID, variantID int64, productIDs []int64) (Page[Prerequisite], error) {
	var out Page[Prerequisite]
	q, err := vehicleQuery(modelID, variantID)
	if err != nil {
		return out, err
	}
	if variantID > math.MaxInt32 {
		return out, invalid("vehicle_model_variant_id", "%d is not an int32", variantID)
	}
	if len(productIDs) == 0 {
		return out, invalid("product_id", "at least one product id is required")
	}
	ids := make([]string, len(productIDs))
	for i, id := range productIDs {
		if err := positive("product_id", id); err != nil {
			return out, err
		}
		ids[i] = itoa(id)
	}
	q.Set("product_id", strings.Join(ids, ",")) // the document's example: product_id=100593,200593
	return out, c.call(ctx, http.MethodGet, PathProductPrerequisites, q, nil, &out)
}

// ---- prices and tickets ----

// CalculatePrice calculates totals for products on a vehicle, with the
// request's voucher if any.
func (c *Client) CalculatePrice(ctx context.Context, r PriceRequest) (PriceCalculation, error) {
	var out PriceCalculation
	if _, err := vehicleQuery(r.VehicleModelID, r.VehicleModelVariantID); err != nil {
		return out, err
	}
	if len(r.ProductIDs) == 0 {
		return out, invalid("product_ids", "at least one product id is required")
	}
	if r.VIN != nil {
		if err := ValidateVIN(*r.VIN); err != nil {
			return out, err
		}
	}
	if r.PreparedTicketID != nil {
		if err := validUUID("prepared_ticket_id", *r.PreparedTicketID); err != nil {
			return out, err
		}
	}
	return out, c.call(ctx, http.MethodPost, PathPriceCalculation, nil, r, &out)
}

// PreparedTickets lists prepared tickets available for a VIN.
func (c *Client) PreparedTickets(ctx context.Context, vin string, page PageParams) (Page[PreparedTicket], error) {
	var out Page[PreparedTicket]
	if err := ValidateVIN(vin); err != nil {
		return out, err
	}
	q, err := pageQuery(url.Values{"vin": {vin}}, page)
	if err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, PathPreparedTickets, q, nil, &out)
}

// CreateTicket orders products for a vehicle on a connector. The provider
// refuses a second pending ticket on a connector: IsConflict(err). It is
// not idempotent: after an uncertain failure (timeout, 5xx) look at
// ActiveTicket of the connector before creating again.
func (c *Client) CreateTicket(ctx context.Context, r CreateTicketRequest) (Ticket, error) {
	var out Ticket
	if err := ValidateVIN(r.VIN); err != nil {
		return out, err
	}
	if _, err := vehicleQuery(r.VehicleModelID, r.VehicleModelVariantID); err != nil {
		return out, err
	}
	if err := positive("connector_id", r.ConnectorID); err != nil {
		return out, err
	}
	if r.ProductIDs == nil {
		r.ProductIDs = []int64{} // required: send [] rather than null
	}
	for _, id := range r.ProductIDs {
		if err := positive("product_ids", id); err != nil {
			return out, err
		}
	}
	if r.PreparedTicketID != nil {
		if err := validUUID("prepared_ticket_id", *r.PreparedTicketID); err != nil {
			return out, err
		}
	}
	return out, c.call(ctx, http.MethodPost, PathTickets, nil, r, &out)
}

// TicketNotes lists a ticket's notes with their attachments.
func (c *Client) TicketNotes(ctx context.Context, ticketID int64) (Page[Note], error) {
	var out Page[Note]
	if err := positive("ticket id", ticketID); err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, pathWith(PathTicketNotes, "ticketId", itoa(ticketID)), nil, nil, &out)
}

// SetCSAT adds or replaces a ticket's customer satisfaction score, in
// [-1, 1], with an optional comment.
func (c *Client) SetCSAT(ctx context.Context, ticketID int64, score float64, comment *string) error {
	if err := positive("ticket id", ticketID); err != nil {
		return err
	}
	if math.IsNaN(score) || score < MinCSATScore || score > MaxCSATScore {
		return invalid("score", "%v must be between %d and %d", score, MinCSATScore, MaxCSATScore)
	}
	return c.call(ctx, http.MethodPut, pathWith(PathTicketCSAT, "ticketId", itoa(ticketID)), nil, CSAT{Score: score, Comment: comment}, nil)
}

// HistoricalTickets lists finished tickets, by VIN and/or connector.
func (c *Client) HistoricalTickets(ctx context.Context, hq HistoricalQuery) (Page[HistoricalTicket], error) {
	var out Page[HistoricalTicket]
	q := url.Values{}
	if hq.VIN != "" {
		if err := ValidateVIN(hq.VIN); err != nil {
			return out, err
		}
		q.Set("vin", hq.VIN)
	}
	if hq.ConnectorID != 0 {
		if err := positive("connector_id", hq.ConnectorID); err != nil {
			return out, err
		}
		q.Set("connector_id", itoa(hq.ConnectorID))
	}
	q, err := pageQuery(q, hq.Page)
	if err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, PathHistoricalTickets, q, nil, &out)
}

// HistoricalTicket gets a finished ticket.
func (c *Client) HistoricalTicket(ctx context.Context, id int64) (HistoricalTicket, error) {
	var out HistoricalTicket
	if err := positive("historical ticket id", id); err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, pathWith(PathHistoricalTicket, "historicalTicketId", itoa(id)), nil, nil, &out)
}

// TicketStatus is where a ticket stands, as LookupTicket finds it.
type TicketStatus struct {
	TicketID int64
	State    TicketState
	Active   *Ticket           // set while the ticket runs on its connector
	Finished *HistoricalTicket // set once it is historical
}

// LookupTicket finds a ticket's state without the websocket (the polling
// fallback): the connector's active ticket if it is this one, else the
// historical ticket. IsNotFound(err) when it is neither.
func (c *Client) LookupTicket(ctx context.Context, connectorID, ticketID int64) (TicketStatus, error) {
	st := TicketStatus{TicketID: ticketID}
	if err := positive("ticket id", ticketID); err != nil {
		return st, err
	}
	t, err := c.ActiveTicket(ctx, connectorID)
	switch {
	case err == nil && t.IDInt() == ticketID:
		st.State, st.Active = t.State, &t
		return st, nil
	case err != nil && !IsNotFound(err):
		return st, err
	}
	h, err := c.HistoricalTicket(ctx, ticketID)
	if err != nil {
		return st, err
	}
	st.State, st.Finished = h.State, &h
	return st, nil
}

// ---- service center ----

// ServiceCenter gets the service center's information.
func (c *Client) ServiceCenter(ctx context.Context) (ServiceCenter, error) {
	var out ServiceCenter
	return out, c.call(ctx, http.MethodGet, PathServiceCenter, nil, nil, &out)
}

// ServiceCenterState tells whether the service center accepts tickets now,
// with its message.
func (c *Client) ServiceCenterState(ctx context.Context) (ServiceCenterState, error) {
	var out ServiceCenterState
	return out, c.call(ctx, http.MethodGet, PathServiceCenterState, nil, nil, &out)
}

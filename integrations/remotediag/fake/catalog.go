package remotediagfake

import (
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
)

var vinRE = regexp.MustCompile(`^[a-zA-Z0-9]{17}$`)

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// ---- connectors ----

func (s *Server) connectorsCopy(account string) []rd.Connector {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]rd.Connector, 0, len(s.connectors))
	for _, c := range s.connectors {
		if s.connAccount[c.ID] == account {
			out = append(out, *c)
		}
	}
	return out
}

func (s *Server) findConnectorLocked(id int64, uuid string) *rd.Connector {
	for _, c := range s.connectors {
		if (id != 0 && c.ID == id) || (uuid != "" && strings.EqualFold(c.UUID, uuid)) {
			return c
		}
	}
	return nil
}

func (s *Server) listConnectors(w http.ResponseWriter, r *http.Request) {
	writePage(w, r, s.connectorsCopy(accountOf(r)))
}

func (s *Server) getConnector(w http.ResponseWriter, r *http.Request) {
	id, ok := pathInt(w, r, "connectorId")
	if !ok {
		return
	}
	s.mu.Lock()
	c := s.ownConnectorLocked(r, id, "")
	var cp rd.Connector
	if c != nil {
		cp = *c
	}
	s.mu.Unlock()
	if c == nil {
		notFound(w, "connector")
		return
	}
	writeJSON(w, http.StatusOK, cp)
}

func (s *Server) getConnectorByUUID(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	c := s.ownConnectorLocked(r, 0, r.PathValue("connectorUUID"))
	var cp rd.Connector
	if c != nil {
		cp = *c
	}
	s.mu.Unlock()
	if c == nil {
		notFound(w, "connector")
		return
	}
	writeJSON(w, http.StatusOK, cp)
}

func (s *Server) dismissCall(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	c := s.ownConnectorLocked(r, 0, r.PathValue("connectorUUID"))
	if c != nil {
		s.dismissed[c.UUID]++
	}
	s.mu.Unlock()
	if c == nil {
		notFound(w, "connector")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) activeTicket(w http.ResponseWriter, r *http.Request) {
	id, ok := pathInt(w, r, "connectorId")
	if !ok {
		return
	}
	s.mu.Lock()
	t := s.active[id]
	var cp rd.Ticket
	if t != nil {
		cp = t.Ticket
	}
	known := s.ownConnectorLocked(r, id, "") != nil
	s.mu.Unlock()
	switch {
	case !known:
		notFound(w, "connector")
	case t == nil:
		notFound(w, "active ticket")
	default:
		writeJSON(w, http.StatusOK, cp)
	}
}

// ---- vehicles ----

func (s *Server) vehicleByVIN(w http.ResponseWriter, r *http.Request) {
	vin := r.URL.Query().Get("vin")
	if !vinRE.MatchString(vin) {
		badRequest(w, "vin must be 17 letters or digits")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	vid, ok := s.vins[strings.ToUpper(vin)]
	if !ok {
		notFound(w, "vehicle for VIN "+vin)
		return
	}
	var out rd.VehicleLookup
	for _, v := range s.variants {
		if v.ID == vid {
			out.ModelVariant = v
		}
	}
	for _, m := range s.models {
		if m.ID == out.ModelVariant.VehicleModelID {
			out.Model = m
		}
	}
	for _, g := range s.groups {
		if g.ID == out.Model.VehicleModelGroupID {
			out.ModelGroup = g
		}
	}
	for _, m := range s.makes {
		if m.ID == out.ModelGroup.VehicleMakeID {
			out.Make = m
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) listMakes(w http.ResponseWriter, r *http.Request) {
	writePage(w, r, s.makes) // immutable after seeding
}

// filterBy lists items whose parent id (from the required query parameter)
// matches.
func filterBy[T any](w http.ResponseWriter, r *http.Request, param string, items []T, parent func(T) int64) {
	id, ok := intParam(w, r.URL.Query(), param, true)
	if !ok {
		return
	}
	out := []T{}
	for _, it := range items {
		if parent(it) == id {
			out = append(out, it)
		}
	}
	writePage(w, r, out)
}

func getBy[T any](w http.ResponseWriter, r *http.Request, param, what string, items []T, idOf func(T) int64) {
	id, ok := pathInt(w, r, param)
	if !ok {
		return
	}
	for _, it := range items {
		if idOf(it) == id {
			writeJSON(w, http.StatusOK, it)
			return
		}
	}
	notFound(w, what)
}

func (s *Server) listGroups(w http.ResponseWriter, r *http.Request) {
	filterBy(w, r, "vehicle_make_id", s.groups, func(g rd.VehicleModelGroup) int64 { return g.VehicleMakeID })
}
func (s *Server) getGroup(w http.ResponseWriter, r *http.Request) {
	getBy(w, r, "modelGroupId", "model group", s.groups, func(g rd.VehicleModelGroup) int64 { return g.ID })
}
func (s *Server) listModels(w http.ResponseWriter, r *http.Request) {
	filterBy(w, r, "vehicle_model_group_id", s.models, func(m rd.VehicleModel) int64 { return m.VehicleModelGroupID })
}
func (s *Server) getModel(w http.ResponseWriter, r *http.Request) {
	getBy(w, r, "modelId", "model", s.models, func(m rd.VehicleModel) int64 { return m.ID })
}
func (s *Server) listVariants(w http.ResponseWriter, r *http.Request) {
	filterBy(w, r, "vehicle_model_id", s.variants, func(v rd.VehicleModelVariant) int64 { return v.VehicleModelID })
}
func (s *Server) getVariant(w http.ResponseWriter, r *http.Request) {
	getBy(w, r, "modelVariantId", "model variant", s.variants, func(v rd.VehicleModelVariant) int64 { return v.ID })
}

// vehicleKnownLocked checks that the variant belongs to the model.
func (s *Server) vehicleKnownLocked(modelID, variantID int64) bool {
	for _, v := range s.variants {
		if v.ID == variantID && v.VehicleModelID == modelID {
			return true
		}
	}
	return false
}

// vehicleParams reads the required vehicle_model_id and
// vehicle_model_variant_id and checks they exist (404 otherwise).
func (s *Server) vehicleParams(w http.ResponseWriter, r *http.Request) bool {
	q := r.URL.Query()
	m, ok := intParam(w, q, "vehicle_model_id", true)
	if !ok {
		return false
	}
	v, ok := intParam(w, q, "vehicle_model_variant_id", true)
	if !ok {
		return false
	}
	s.mu.Lock()
	known := s.vehicleKnownLocked(m, v)
	s.mu.Unlock()
	if !known {
		notFound(w, "vehicle model variant")
	}
	return known
}

// ---- products ----

func (s *Server) listProductGroups(w http.ResponseWriter, r *http.Request) {
	if s.vehicleParams(w, r) {
		writePage(w, r, s.productGroups)
	}
}

func (s *Server) listBundles(w http.ResponseWriter, r *http.Request) {
	if !s.vehicleParams(w, r) {
		return
	}
	g, ok := intParam(w, r.URL.Query(), "product_group_id", false)
	if !ok {
		return
	}
	out := []rd.ProductBundle{}
	for _, b := range s.bundles {
		if g == 0 || b.ProductGroupID == g {
			out = append(out, b)
		}
	}
	writePage(w, r, out)
}

func (s *Server) listProducts(w http.ResponseWriter, r *http.Request) {
	if !s.vehicleParams(w, r) {
		return
	}
	q := r.URL.Query()
	g, ok := intParam(w, q, "product_group_id", false)
	if !ok {
		return
	}
	bundle := q.Get("product_bundle_id")
	if g != 0 && bundle != "" {
		badRequest(w, "product_group_id cannot be combined with product_bundle_id")
		return
	}
	var inBundle map[int64]bool
	if bundle != "" {
		for _, b := range s.bundles {
			if strings.EqualFold(b.ID, bundle) {
				inBundle = map[int64]bool{}
				for _, bl := range b.Blocks {
					for _, ids := range bl.ProductIDs {
						for _, id := range ids {
							inBundle[id] = true
						}
					}
				}
			}
		}
		if inBundle == nil {
			notFound(w, "product bundle")
			return
		}
	}
	// Favourite filter: the document's default is true, but a catalogue
	// listing by group or bundle without the flag would then hide products;
	// the simulator filters only when the flag is given. (Spec: "boolean or
	// integer", so 1/0 are accepted too.)
	var fav *bool
	if v := q.Get("is_favorite"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			badRequest(w, "is_favorite must be a boolean or 0/1")
			return
		}
		fav = &b
	}
	s.mu.Lock()
	out := []rd.Product{}
	for _, p := range s.products {
		if (g != 0 && p.groupID != g) || (inBundle != nil && !inBundle[p.ID]) || (fav != nil && p.IsFavorite != *fav) {
			continue
		}
		out = append(out, p.Product)
	}
	s.mu.Unlock()
	writePage(w, r, out)
}

func (s *Server) setFavorite(w http.ResponseWriter, id int64, fav bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.products {
		if p.ID == id {
			p.IsFavorite = fav
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	notFound(w, "product")
}

func (s *Server) addFavorite(w http.ResponseWriter, r *http.Request) {
	var p rd.Product
	if !decode(w, r, &p) {
		return
	}
	if p.ID <= 0 {
		badRequest(w, "id is required")
		return
	}
	s.setFavorite(w, p.ID, true)
}

func (s *Server) removeFavorite(w http.ResponseWriter, r *http.Request) {
	if id, ok := pathInt(w, r, "id"); ok {
		s.setFavorite(w, id, false)
	}
}

func (s *Server) listPrerequisites(w http.ResponseWriter, r *http.Request) {
	if !s.vehicleParams(w, r) {
		return
	}
	raw := r.URL.Query()["product_id"]
	var ids []int64
	for _, v := range raw {
		for _, part := range strings.Split(v, ",") {
			n, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
			if err != nil || n <= 0 {
				badRequest(w, "product_id must be a list of positive integers")
				return
			}
			ids = append(ids, n)
		}
	}
	if len(ids) == 0 {
		badRequest(w, "product_id is required and must not be empty")
		return
	}
	out := []rd.Prerequisite{}
	s.mu.Lock()
	for _, id := range ids {
		out = append(out, s.prerequisites[id]...)
	}
	s.mu.Unlock()
	writePage(w, r, out)
}

// ---- prices ----

type priceError struct {
	status      int
	typ, detail string
}

// priceLocked computes a price calculation: net prices summed, the
// voucher's percentage taken off the net sub-total, OE fees added after,
// gross = net + VAT.
func (s *Server) priceLocked(req rd.PriceRequest) (rd.PriceCalculation, *priceError) {
	out := rd.PriceCalculation{Voucher: req.Voucher, VehicleModelID: req.VehicleModelID, VehicleModelVariantID: req.VehicleModelVariantID, Items: []rd.PriceItem{}}
	if !s.vehicleKnownLocked(req.VehicleModelID, req.VehicleModelVariantID) {
		return out, &priceError{http.StatusNotFound, rd.TypeNotFound, "vehicle model variant not found"}
	}
	if len(req.ProductIDs) == 0 {
		return out, &priceError{http.StatusBadRequest, rd.TypeValidation, "product_ids is required"}
	}
	pct := 0.0
	if req.Voucher != "" {
		p, ok := s.vouchers[strings.ToUpper(req.Voucher)]
		if !ok {
			return out, &priceError{http.StatusUnprocessableEntity, rd.TypeInvalidVoucher, "voucher " + req.Voucher + " is not valid"}
		}
		pct = p
	}
	var net, oe float64
	for _, id := range req.ProductIDs {
		var p *product
		for _, q := range s.products {
			if q.ID == id {
				p = q
			}
		}
		if p == nil {
			return out, &priceError{http.StatusBadRequest, rd.TypeValidation, "unknown product " + strconv.FormatInt(id, 10)}
		}
		net += p.NetPrice.Value
		if p.OriginalEquipmentServiceFee != nil {
			oe += p.OriginalEquipmentServiceFee.Value
		}
		out.NeedsConfirmationForUnattendedService = out.NeedsConfirmationForUnattendedService || p.IsUnattended
		out.Items = append(out.Items, rd.PriceItem{Description: p.Name, ProductID: p.ID, ProductItemNumber: p.ItemNumber,
			ProductName: p.Name, ProductInternalName: p.InternalName, ProductDescription: p.Description,
			ProductIsUnattended: p.IsUnattended, GrossPrice: p.GrossPrice, NetPrice: p.NetPrice,
			TotalDiscount: p.TotalDiscount, OriginalEquipmentServiceFee: p.OriginalEquipmentServiceFee})
	}
	totals := func(net float64, d rd.Discount) rd.PriceTotals {
		return rd.PriceTotals{GrossPrice: eur(net * (1 + VAT)), NetPrice: eur(net), TotalDiscount: d}
	}
	none := rd.Discount{Type: "percentual", Price: eur(0)}
	off := round2(net * pct / 100)
	vd := rd.Discount{Type: "percentual", Percentage: pct, Price: eur(off)}
	if req.Voucher != "" {
		out.VoucherDiscount = &vd
	} else {
		vd = none
	}
	out.SubTotal = totals(net, none)
	out.VoucherSubTotal = totals(net-off, vd)
	out.OriginalEquipmentServiceFee = totals(oe, none)
	out.Total = totals(net-off+oe, vd)
	return out, nil
}

func (s *Server) calculatePrice(w http.ResponseWriter, r *http.Request) {
	var req rd.PriceRequest
	if !decode(w, r, &req) {
		return
	}
	if req.VIN != nil && !vinRE.MatchString(*req.VIN) {
		badRequest(w, "vin must be 17 letters or digits")
		return
	}
	s.mu.Lock()
	out, perr := s.priceLocked(req)
	s.mu.Unlock()
	if perr != nil {
		writeProblem(w, perr.status, perr.typ, http.StatusText(perr.status), perr.detail)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) listPrepared(w http.ResponseWriter, r *http.Request) {
	vin := r.URL.Query().Get("vin")
	if !vinRE.MatchString(vin) {
		badRequest(w, "vin is required: 17 letters or digits")
		return
	}
	out := []rd.PreparedTicket{}
	s.mu.Lock()
	for _, p := range s.prepared {
		if strings.EqualFold(p.VIN, vin) {
			out = append(out, p)
		}
	}
	s.mu.Unlock()
	writePage(w, r, out)
}

// historicalFrom builds a historical ticket from a price calculation.
func historicalFrom(id, connectorID int64, st rd.TicketState, vin, ref, voucher string, calc rd.PriceCalculation, created, finished time.Time) *rd.HistoricalTicket {
	h := &rd.HistoricalTicket{ID: id, ConnectorID: connectorID, State: st, VIN: vin, Reference: ref, Voucher: voucher,
		VehicleModelID: calc.VehicleModelID, VehicleModelVariantID: calc.VehicleModelVariantID,
		SubTotal: calc.SubTotal, Total: calc.Total, OriginalEquipmentServiceFee: calc.OriginalEquipmentServiceFee,
		CreatedAt: stamp(created), FinishedAt: stamp(finished), ProductLines: []rd.ProductLine{}}
	for _, it := range calc.Items {
		pl := rd.ProductLine{ProductID: it.ProductID, Description: it.ProductName, Quantity: 1, GrossPrice: it.GrossPrice,
			NetPrice: it.NetPrice, TotalDiscount: it.TotalDiscount, OriginalEquipmentServiceFee: it.OriginalEquipmentServiceFee,
			Discounts: []rd.LineDiscount{}}
		if calc.VoucherDiscount != nil {
			pl.Discounts = append(pl.Discounts, rd.LineDiscount{ProductID: it.ProductID, Description: "Voucher " + voucher,
				Discount: rd.Discount{Type: "percentual", Percentage: calc.VoucherDiscount.Percentage,
					Price: eur(it.NetPrice.Value * calc.VoucherDiscount.Percentage / 100)}})
		}
		h.ProductLines = append(h.ProductLines, pl)
	}
	return h
}

package remotediag

import (
	"encoding/json"
	"log/slog"
	"strconv"
	"sync"
)

// Page is the document's list envelope: result, total, offset, limit.
type Page[T any] struct {
	Result []T `json:"result"`
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// PageParams are the offset and limit of a list call. A zero Limit is not
// sent (the provider's default applies) unless LimitSet is true: the
// document allows limit=0 (a count without items). Use Limit to set both.
type PageParams struct {
	Offset   int
	Limit    int
	LimitSet bool
}

// Limit builds PageParams with an explicit limit.
func Limit(offset, limit int) PageParams {
	return PageParams{Offset: offset, Limit: limit, LimitSet: true}
}

// Paging bounds from the document: limit [0..200], offset >= 0.
const (
	MaxLimit = 200
)

// Connector is an OBD remote-diagnose device.
type Connector struct {
	ID                 int64  `json:"id"`
	UUID               string `json:"uuid"`
	IsOnline           bool   `json:"is_online"`
	HasWifi            bool   `json:"has_wifi"`
	SoftwareVersion    int    `json:"software_version"`
	HardwareVersion    int    `json:"hardware_version"`
	SupportsDoIP       bool   `json:"supports_doip"`
	VehiclePathString  string `json:"vehicle_path_string"`
	VINNumber          string `json:"vin_number"`
	ProductDescription string `json:"product_description"`
	HardwareType       string `json:"hardware_type"`
}

// FlexString reads a JSON string or number as text: the document shows
// ids both ways (ticket "id": "3", create body "vehicle_model_id": "284841").
// It is written as a string.
type FlexString string

// UnmarshalJSON accepts "3" and 3.
func (f *FlexString) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = ""
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = FlexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = FlexString(n.String())
	return nil
}

// Ticket is an order of products for a vehicle on a connector, as answered
// by ticket creation and by the active ticket of a connector.
type Ticket struct {
	ID                    FlexString  `json:"id"`
	UUID                  string      `json:"uuid"`
	VIN                   string      `json:"vin"`
	VINNumber             string      `json:"vinNumber"`
	VehicleModelID        int64       `json:"vehicle_model_id"`
	VehicleModelVariantID int64       `json:"vehicle_model_variant_id"`
	ProductIDs            [][]int64   `json:"product_ids"` // nested as in the document's example
	ChatID                string      `json:"chat_id"`
	ConnectorID           int64       `json:"connector_id"`
	State                 TicketState `json:"state"`
}

// IDInt is the ticket id as the integer the notes, CSAT and historical
// operations take; 0 if it is not numeric.
func (t Ticket) IDInt() int64 {
	n, _ := strconv.ParseInt(string(t.ID), 10, 64)
	return n
}

// TicketState is the numeric "state" of a ticket. The document shows only
// 1 (a ticket just created, which it calls pending) and 7 (a finished
// historical ticket) and does not name them. The other values are this
// project's assumption, used by the simulator, until the provider's state
// table is known; unknown values are kept as they are and are not final.
type TicketState int

const (
	TicketStatePending    TicketState = 1 // spec example of a created ticket; "pending ticket" in the create description
	TicketStateInProgress TicketState = 2 // assumption: an operator works on the vehicle
	TicketStateClosed     TicketState = 7 // spec example of a finished historical ticket (has finished_at)
	TicketStateFailed     TicketState = 9 // assumption: ended without the service delivered
)

// String names the state ("state_N" when unknown).
func (s TicketState) String() string {
	switch s {
	case TicketStatePending:
		return "pending"
	case TicketStateInProgress:
		return "in_progress"
	case TicketStateClosed:
		return "closed"
	case TicketStateFailed:
		return "failed"
	}
	return "state_" + strconv.Itoa(int(s))
}

// IsFinal reports whether the ticket can no longer change.
func (s TicketState) IsFinal() bool { return s == TicketStateClosed || s == TicketStateFailed }

// Known reports whether the state is in the table above. An unknown state
// is treated as "in progress" (not final): a ticket never fails on it.
func (s TicketState) Known() bool {
	switch s {
	case TicketStatePending, TicketStateInProgress, TicketStateClosed, TicketStateFailed:
		return true
	}
	return false
}

var unknownStatesLogged sync.Map // TicketState -> struct{}

// LogIfUnknown logs a warning the first time this process sees a state
// outside the table (once per state value), so the provider's real state
// table can be filled in; it reports whether this call logged.
func LogIfUnknown(log *slog.Logger, s TicketState) bool {
	if s == 0 || s.Known() {
		return false
	}
	if _, seen := unknownStatesLogged.LoadOrStore(s, struct{}{}); seen {
		return false
	}
	log.Warn("remote-diagnose ticket state not in our table; treated as in progress",
		"provider_state", int(s))
	return true
}

// Money is the document's price object.
type Money struct {
	Currency          string  `json:"currency"`
	Value             float64 `json:"value"`
	LocalizedValue    float64 `json:"localized_value"`
	LocalizedCurrency string  `json:"localized_currency"`
}

// Discount is a discount: type "percentual" with a percentage, and its price.
type Discount struct {
	Type       string  `json:"type"`
	Percentage float64 `json:"percentage"`
	Price      Money   `json:"price"`
}

// LegacyPrice is the deprecated "price" object of a product.
type LegacyPrice struct {
	PriceOriginal    float64 `json:"price_original"`
	PriceFinal       float64 `json:"price_final"`
	PartnerPrice     float64 `json:"partner_price"`
	ContainsDiscount bool    `json:"contains_discount"`
	Currency         string  `json:"currency"`
}

// Product is a service offered for a vehicle.
type Product struct {
	ID                          int64        `json:"id"`
	ItemNumber                  FlexString   `json:"item_number"` // number in the example, string in the table
	Name                        string       `json:"name"`
	InternalName                string       `json:"internal_name"`
	Description                 string       `json:"description"`
	IsFavorite                  bool         `json:"is_favorite"`
	IsUnattended                bool         `json:"is_unattended"`
	GrossPrice                  Money        `json:"gross_price"`
	NetPrice                    Money        `json:"net_price"`
	TotalDiscount               Discount     `json:"total_discount"`
	OriginalEquipmentServiceFee *Money       `json:"original_equipment_service_fee"` // null if none applies
	Price                       *LegacyPrice `json:"price,omitempty"`
}

// ProductGroup is the first layer of grouping products.
type ProductGroup struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// ProductBundle is a bundle of products with a similar goal.
type ProductBundle struct {
	ID             string        `json:"id"`
	ProductGroupID int64         `json:"product_group_id"`
	Name           string        `json:"name"`
	Description    string        `json:"description"`
	Reference      string        `json:"reference"`
	Blocks         []BundleBlock `json:"blocks"`
}

// BundleBlock is a block of a bundle.
type BundleBlock struct {
	Optional   bool      `json:"optional"`
	ProductIDs [][]int64 `json:"product_ids"`
}

// Prerequisite is a question to answer before a product can be ordered.
type Prerequisite struct {
	ID          int64                `json:"id"`
	Name        string               `json:"name"`
	Description string               `json:"description"`
	Question    string               `json:"question"`
	Required    bool                 `json:"required"`
	Type        string               `json:"type"`
	Options     []PrerequisiteOption `json:"options"`
}

// PrerequisiteOption is one allowed answer (camelCase as in the document).
type PrerequisiteOption struct {
	ID                    int64  `json:"id"`
	ProductPrerequisiteID int64  `json:"productPrerequisiteId"`
	Value                 string `json:"value"`
}

// ProductsQuery selects products for a vehicle. ProductGroupID and
// ProductBundleID cannot be combined. Favorite nil means the provider's
// default (true, per the document).
type ProductsQuery struct {
	VehicleModelID        int64
	VehicleModelVariantID int64
	ProductGroupID        int64
	ProductBundleID       string
	Favorite              *bool
}

// Vehicle tree.
type (
	VehicleMake struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	VehicleModelGroup struct {
		ID              int64  `json:"id"`
		Name            string `json:"name"`
		VehicleMakeID   int64  `json:"vehicle_make_id"`
		VehicleMakeName string `json:"vehicle_make_name"`
	}
	VehicleModel struct {
		ID                    int64  `json:"id"`
		Name                  string `json:"name"`
		ManufacturedFrom      string `json:"manufactured_from"`
		ManufacturedTo        string `json:"manufactured_to"`
		VehicleModelGroupID   int64  `json:"vehicle_model_group_id"`
		VehicleModelGroupName string `json:"vehicle_model_group_name"`
		VehicleMakeID         int64  `json:"vehicle_make_id"`
		VehicleMakeName       string `json:"vehicle_make_name"`
		RequiresDoIP          bool   `json:"requires_doip"`
	}
	VehicleModelVariant struct {
		ID                    int64  `json:"id"`
		Name                  string `json:"name"`
		ManufacturedFrom      string `json:"manufactured_from"`
		ManufacturedTo        string `json:"manufactured_to"`
		VehicleModelID        int64  `json:"vehicle_model_id"`
		VehicleModelName      string `json:"vehicle_model_name"`
		VehicleModelGroupID   int64  `json:"vehicle_model_group_id"`
		VehicleModelGroupName string `json:"vehicle_model_group_name"`
		VehicleMakeID         int64  `json:"vehicle_make_id"`
		VehicleMakeName       string `json:"vehicle_make_name"`
		RequiresDoIP          bool   `json:"requires_doip"`
	}
	// VehicleLookup is the answer to a VIN lookup.
	VehicleLookup struct {
		Make         VehicleMake         `json:"make"`
		ModelGroup   VehicleModelGroup   `json:"model_group"`
		Model        VehicleModel        `json:"model"`
		ModelVariant VehicleModelVariant `json:"model_variant"`
	}
)

// PriceRequest asks the totals for products on a vehicle, with a voucher.
type PriceRequest struct {
	Voucher               string  `json:"voucher,omitempty"`
	VehicleModelID        int64   `json:"vehicle_model_id"`
	VehicleModelVariantID int64   `json:"vehicle_model_variant_id"`
	VIN                   *string `json:"vin,omitempty"`
	PreparedTicketID      *string `json:"prepared_ticket_id,omitempty"`
	ProductIDs            []int64 `json:"product_ids"`
}

// PriceTotals is gross, net and discount of a sum.
type PriceTotals struct {
	GrossPrice    Money    `json:"gross_price"`
	NetPrice      Money    `json:"net_price"`
	TotalDiscount Discount `json:"total_discount"`
}

// PriceItem is one product line of a calculation.
type PriceItem struct {
	Description                 string     `json:"description"`
	ProductID                   int64      `json:"product_id"`
	ProductItemNumber           FlexString `json:"product_item_number"`
	ProductName                 string     `json:"product_name"`
	ProductInternalName         string     `json:"product_internal_name"`
	ProductDescription          string     `json:"product_description"`
	ProductIsUnattended         bool       `json:"product_is_unattended"`
	GrossPrice                  Money      `json:"gross_price"`
	NetPrice                    Money      `json:"net_price"`
	TotalDiscount               Discount   `json:"total_discount"`
	OriginalEquipmentServiceFee *Money     `json:"original_equipment_service_fee"`
}

// PriceCalculation is the answer to a price calculation.
type PriceCalculation struct {
	Voucher                               string      `json:"voucher"`
	VoucherDiscount                       *Discount   `json:"voucher_discount"`
	VehicleModelID                        int64       `json:"vehicle_model_id"`
	VehicleModelVariantID                 int64       `json:"vehicle_model_variant_id"`
	NeedsConfirmationForUnattendedService bool        `json:"needs_confirmation_for_unattended_service"`
	SubTotal                              PriceTotals `json:"sub_total"`
	VoucherSubTotal                       PriceTotals `json:"voucher_sub_total"`
	OriginalEquipmentServiceFee           PriceTotals `json:"original_equipment_service_fee"`
	Total                                 PriceTotals `json:"total"`
	Items                                 []PriceItem `json:"items"`
}

// PreparedTicket is a ticket prepared for a vehicle, to order from.
type PreparedTicket struct {
	ID                    string                `json:"id"`
	VIN                   string                `json:"vin"`
	VehicleModelID        int64                 `json:"vehicle_model_id"`
	VehicleModelVariantID int64                 `json:"vehicle_model_variant_id"`
	ProductLines          []PreparedProductLine `json:"product_lines"`
}

// PreparedProductLine is a product of a prepared ticket.
type PreparedProductLine struct {
	ProductID int64  `json:"product_id"`
	Name      string `json:"name"`
}

// CreateTicketRequest is the document's ticket creation body.
type CreateTicketRequest struct {
	VIN                        string               `json:"vin"`
	VehicleModelID             int64                `json:"vehicle_model_id"`
	VehicleModelVariantID      int64                `json:"vehicle_model_variant_id"`
	ConnectorID                int64                `json:"connector_id"`
	Voucher                    string               `json:"voucher,omitempty"`
	ProductIDs                 []int64              `json:"product_ids"`
	ProductPrerequisites       []PrerequisiteAnswer `json:"product_prerequisites,omitempty"`
	Metadata                   TicketMetadata       `json:"metadata"`
	PreparedTicketID           *string              `json:"prepared_ticket_id,omitempty"`
	Reference                  string               `json:"reference"`
	ConfirmedUnattendedService bool                 `json:"confirmed_unattended_service"`
}

// PrerequisiteAnswer answers a product prerequisite.
type PrerequisiteAnswer struct {
	DefinitionID int64  `json:"definition_id"`
	Value        string `json:"value"`
}

// TicketMetadata describes the ordering application (required by the
// document; every field a string there).
type TicketMetadata struct {
	AppName            string `json:"app_name"`
	AppVersion         string `json:"app_version"`
	Platform           string `json:"platform,omitempty"`
	PlatformVersion    string `json:"platform_version,omitempty"`
	DeviceManufacturer string `json:"device_manufacturer,omitempty"`
	DeviceModel        string `json:"device_model,omitempty"`
	BatteryState       string `json:"battery_state,omitempty"`
	Locale             string `json:"locale,omitempty"`
	Latitude           string `json:"latitude,omitempty"`
	Longitude          string `json:"longitude,omitempty"`
	VINIsFoundByReader bool   `json:"vin_is_found_by_reader"`
}

// Note is a note on a ticket, with attachments.
type Note struct {
	ID          string       `json:"id"`
	TicketID    int64        `json:"ticket_id"`
	Value       string       `json:"value"`
	CreatedAt   string       `json:"created_at"`
	UpdatedAt   string       `json:"updated_at"`
	Attachments []Attachment `json:"attachments"`
}

// Attachment of a note (shape assumed: see the package comment).
type Attachment struct {
	FileName      string `json:"file_name"`
	FileReference string `json:"file_reference"`
}

// HistoricalTicket is a finished ticket.
type HistoricalTicket struct {
	ID                          int64         `json:"id"`
	ConnectorID                 int64         `json:"connector_id"`
	State                       TicketState   `json:"state"`
	VIN                         string        `json:"vin"`
	OdometerReading             int64         `json:"odometer_reading"`
	Reference                   string        `json:"reference"`
	Voucher                     string        `json:"voucher"`
	VehicleModelID              int64         `json:"vehicle_model_id"`
	VehicleModelVariantID       int64         `json:"vehicle_model_variant_id"`
	SubTotal                    PriceTotals   `json:"sub_total"`
	Total                       PriceTotals   `json:"total"`
	OriginalEquipmentServiceFee PriceTotals   `json:"original_equipment_service_fee"`
	ProductLines                []ProductLine `json:"product_lines"`
	CreatedAt                   string        `json:"created_at"`
	FinishedAt                  string        `json:"finished_at"`
}

// ProductLine is a product line of a historical ticket.
type ProductLine struct {
	ProductID                   int64          `json:"product_id"`
	Description                 string         `json:"description"`
	Quantity                    int            `json:"quantity"`
	GrossPrice                  Money          `json:"gross_price"`
	NetPrice                    Money          `json:"net_price"`
	TotalDiscount               Discount       `json:"total_discount"`
	OriginalEquipmentServiceFee *Money         `json:"original_equipment_service_fee"`
	Discounts                   []LineDiscount `json:"discounts"`
}

// LineDiscount is one discount on a product line.
type LineDiscount struct {
	ProductID   int64    `json:"product_id"`
	Description string   `json:"description"`
	Discount    Discount `json:"discount"`
}

// HistoricalQuery filters historical tickets; zero fields are not sent.
type HistoricalQuery struct {
	VIN         string
	ConnectorID int64
	Page        PageParams
}

// CSAT is a customer satisfaction score in [-1, 1] with an optional comment.
type CSAT struct {
	Score   float64 `json:"score"`
	Comment *string `json:"comment"`
}

// CSAT score bounds from the document.
const (
	MinCSATScore = -1
	MaxCSATScore = 1
)

// ServiceCenter is the service center's information.
type ServiceCenter struct {
	Name                   string `json:"name"`
	PaymentByPrepaidWallet bool   `json:"payment_by_prepaid_wallet"`
	PricingVersion         int    `json:"pricing_version"`
	PrimaryBackgroundColor string `json:"primary_background_color"`
	Logo                   string `json:"logo"`
	ServiceMessage         string `json:"service_message"`
	PrimaryColor           string `json:"primary_color"`
	CSATEnabled            bool   `json:"csat_enabled"`
}

// ServiceCenterStateValue is "opened" (in the document) or "closed" (ours).
type ServiceCenterStateValue string

const (
	ServiceCenterOpened ServiceCenterStateValue = "opened"
	ServiceCenterClosed ServiceCenterStateValue = "closed" // assumption: the document shows only "opened"
)

// ServiceCenterState tells whether new tickets are accepted.
type ServiceCenterState struct {
	State   ServiceCenterStateValue `json:"state"`
	EndsAt  string                  `json:"ends_at,omitempty"`
	Message string                  `json:"message"`
}

// Open reports whether the service center accepts tickets.
func (s ServiceCenterState) Open() bool { return s.State == ServiceCenterOpened }

// Tokens is the login answer.
type Tokens struct {
	IDToken      string `json:"id_token"`
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}

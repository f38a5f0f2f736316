// Package remotediagfake is a real HTTP and websocket server speaking the
// remote-diagnose provider's Customer API as Pitstop's client expects it
// (paths from remotediag/paths.go, JSON shapes and the error body from the
// vendor document): connectors, a vehicle tree, products with prices and a
// voucher, tickets that move through their states over time and push
// updates over the websocket, notes, CSAT, historical tickets and the
// service center. Tests steer it with knobs (knobs.go).
//
// It reuses the client package's types for its JSON, so a field-name
// mistake there would be mirrored here; shape_test.go checks the raw JSON
// against the document's field names to catch that.
package remotediagfake

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"sync"
	"time"

	"github.com/pitstop-dev/pitstop/integrations/internal/fakehttp"
	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
)

// Defaults of the simulator.
const (
	DefaultPincode       = "1234"
	DefaultStepInterval  = 20 * time.Millisecond
	DefaultTokenLifetime = time.Hour
	DefaultLimit         = 20
	FirstTicketID        = 7100001
)

// Server is the simulator. Create it with New (listening on loopback) or
// NewHandler (to mount elsewhere); always Close it.
type Server struct {
	base   fakehttp.Base
	mux    *http.ServeMux
	secret []byte
	step   time.Duration

	mu            sync.Mutex
	tokenLifetime time.Duration
	tokenGen      int
	logins        int
	otps          map[string]string // otp -> connector uuid, single use

	connectors []*rd.Connector
	pincodes   map[string]string // connector uuid -> pincode
	// connAccount links each connector to its customer account (accounts.go).
	connAccount map[int64]string

	makes    []rd.VehicleMake
	groups   []rd.VehicleModelGroup
	models   []rd.VehicleModel
	variants []rd.VehicleModelVariant
	vins     map[string]int64 // VIN -> variant id

	productGroups  []rd.ProductGroup
	products       []*product
	bundles        []rd.ProductBundle
	prerequisites  map[int64][]rd.Prerequisite // product id -> prerequisites
	vouchers       map[string]float64          // code -> percentage off
	prepared       []rd.PreparedTicket
	center         rd.ServiceCenter
	centerState    rd.ServiceCenterState
	nextTicketID   int64
	tickets        []*ticket         // every created ticket, in order
	active         map[int64]*ticket // connector id -> running ticket
	historical     map[int64]*rd.HistoricalTicket
	notes          map[int64][]rd.Note // ticket id -> notes
	csat           map[int64]rd.CSAT
	failNextTicket int
	// failAttachments: channel-attachment reads still to answer 503;
	// brandingDown: branding answers 503 (knobs.go).
	failAttachments int
	brandingDown    bool
	paused          bool
	dismissed       map[string]int // connector uuid -> dismissals

	subs map[*wsSub]struct{}

	accounts map[string]*accountData // account_ops.go
	forgot   []string                // forgot-password addresses
}

type product struct {
	rd.Product
	groupID int64
	prereq  []int64
}

type ticket struct {
	rd.Ticket
	req      rd.CreateTicketRequest
	price    rd.PriceCalculation
	fail     bool
	created  time.Time
	finished time.Time
}

// Option configures a Server.
type Option func(*Server)

// WithStepInterval sets the time between two ticket states (default 20ms).
func WithStepInterval(d time.Duration) Option { return func(s *Server) { s.step = d } }

// New starts the simulator on 127.0.0.1 with a random port.
func New(opts ...Option) *Server {
	s := NewHandler(opts...)
	s.base.Listen(s)
	return s
}

// NewHandler builds the simulator without a listener (URL is then "").
func NewHandler(opts ...Option) *Server {
	sec := make([]byte, 32)
	_, _ = rand.Read(sec)
	s := &Server{
		secret: sec, step: DefaultStepInterval, tokenLifetime: DefaultTokenLifetime,
		otps: map[string]string{}, pincodes: map[string]string{}, vins: map[string]int64{}, connAccount: map[int64]string{},
		prerequisites: map[int64][]rd.Prerequisite{}, vouchers: map[string]float64{},
		active: map[int64]*ticket{}, historical: map[int64]*rd.HistoricalTicket{},
		notes: map[int64][]rd.Note{}, csat: map[int64]rd.CSAT{}, dismissed: map[string]int{},
		subs: map[*wsSub]struct{}{}, nextTicketID: FirstTicketID,
	}
	s.seed()
	for _, o := range opts {
		o(s)
	}
	s.routes()
	return s
}

// URL is the base URL to give remotediag.New ("" for NewHandler).
func (s *Server) URL() string { return s.base.URL() }

// Close drops the websockets, stops ticket progression and the listener.
func (s *Server) Close() {
	s.DropWebsockets()
	s.base.Close()
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("POST "+rd.PathLoginConnectorUUID, s.loginUUID)
	m.HandleFunc("POST "+rd.PathLoginOTP, s.loginOTP)
	m.HandleFunc("POST "+rd.PathLoginConnectorID, s.loginConnectorID)
	m.HandleFunc("POST "+rd.PathForgotPassword, s.forgotPassword)
	m.HandleFunc("GET "+rd.PathServicedVehicles, s.auth(s.servicedVehicles))
	m.HandleFunc("GET "+rd.PathCurrentUser, s.auth(s.currentUser))
	m.HandleFunc("GET "+rd.PathCompanyDetails, s.auth(s.getCompany))
	m.HandleFunc("PATCH "+rd.PathCompanyDetails, s.auth(s.editCompany))
	m.HandleFunc("GET "+rd.PathBranding, s.auth(s.getBranding))
	m.HandleFunc("GET "+rd.PathEmployees, s.auth(s.listEmployees))
	m.HandleFunc("POST "+rd.PathEmployees, s.auth(s.createEmployee))
	m.HandleFunc("GET "+rd.PathEmployee, s.auth(s.getEmployee))
	m.HandleFunc("PUT "+rd.PathEmployee, s.auth(s.updateEmployee))
	m.HandleFunc("POST "+rd.PathTranslate, s.auth(s.translate))
	m.HandleFunc("POST "+rd.PathChannelPing, s.auth(s.channelPing))
	m.HandleFunc("POST "+rd.PathChannelAttachments, s.auth(s.createAttachment))
	m.HandleFunc("GET "+rd.PathChannelAttachments, s.auth(s.getAttachment))
	m.HandleFunc("GET "+rd.PathConnectors, s.auth(s.listConnectors))
	m.HandleFunc("GET "+rd.PathConnector, s.auth(s.getConnector))
	m.HandleFunc("GET "+rd.PathConnectorByUUID, s.auth(s.getConnectorByUUID))
	m.HandleFunc("POST "+rd.PathConnectorDismissCall, s.auth(s.dismissCall))
	m.HandleFunc("GET "+rd.PathConnectorActiveTicket, s.auth(s.activeTicket))
	m.HandleFunc("GET "+rd.PathVehicleByVIN, s.auth(s.vehicleByVIN))
	m.HandleFunc("GET "+rd.PathVehicleMakes, s.auth(s.listMakes))
	m.HandleFunc("GET "+rd.PathVehicleModelGroups, s.auth(s.listGroups))
	m.HandleFunc("GET "+rd.PathVehicleModelGroup, s.auth(s.getGroup))
	m.HandleFunc("GET "+rd.PathVehicleModels, s.auth(s.listModels))
	m.HandleFunc("GET "+rd.PathVehicleModel, s.auth(s.getModel))
	m.HandleFunc("GET "+rd.PathVehicleModelVariants, s.auth(s.listVariants))
	m.HandleFunc("GET "+rd.PathVehicleModelVariant, s.auth(s.getVariant))
	m.HandleFunc("GET "+rd.PathProductGroups, s.auth(s.listProductGroups))
	m.HandleFunc("GET "+rd.PathProductBundles, s.auth(s.listBundles))
	m.HandleFunc("GET "+rd.PathProducts, s.auth(s.listProducts))
	m.HandleFunc("POST "+rd.PathFavoriteProducts, s.auth(s.addFavorite))
	m.HandleFunc("DELETE "+rd.PathFavoriteProduct, s.auth(s.removeFavorite))
	m.HandleFunc("GET "+rd.PathProductPrerequisites, s.auth(s.listPrerequisites))
	m.HandleFunc("POST "+rd.PathPriceCalculation, s.auth(s.calculatePrice))
	m.HandleFunc("GET "+rd.PathPreparedTickets, s.auth(s.listPrepared))
	m.HandleFunc("POST "+rd.PathTickets, s.auth(s.createTicket))
	m.HandleFunc("GET "+rd.PathTicketNotes, s.auth(s.listNotes))
	m.HandleFunc("PUT "+rd.PathTicketCSAT, s.auth(s.putCSAT))
	m.HandleFunc("GET "+rd.PathHistoricalTickets, s.auth(s.listHistorical))
	m.HandleFunc("GET "+rd.PathHistoricalTicket, s.auth(s.getHistorical))
	m.HandleFunc("GET "+rd.PathServiceCenter, s.auth(s.getServiceCenter))
	m.HandleFunc("GET "+rd.PathServiceCenterState, s.auth(s.getServiceCenterState))
	m.HandleFunc("GET "+rd.PathWebsocket, s.serveWS)
	s.mux = m
}

// ServeHTTP applies the outage switch first (a load balancer's bare 503, as
// in a real outage), then routes; unknown paths get the error body.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.base.Unavailable(w) {
		return
	}
	if _, pattern := s.mux.Handler(r); pattern == "" {
		writeProblem(w, http.StatusNotFound, rd.TypeNotFound, "Not Found", "no such operation: "+r.Method+" "+r.URL.Path)
		return
	}
	s.mux.ServeHTTP(w, r)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

package remotediagfake

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"

	"github.com/google/uuid"

	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
)

// The account operations: login with a connector id, forgot password,
// serviced vehicles, the current user, company details, branding,
// employees, translate and the chat channels (ping, attachments). State is
// kept per account and created on first use from the defaults below.

// Seed values of every account's company, user and branding.
const (
	SeedCompanyName  = "Autodiagnose Vogels"
	SeedBrandingName = "Autodiagnose Vogels"
	SeedPortalURL    = "customer-portal.obd.help"
	SeedUsername     = "john.smith@my-garage.com"
)

// accountData is one account's own records.
type accountData struct {
	company     rd.CompanyDetails
	employees   []*rd.Employee // employees[0] is the logged-in user ("me")
	attachments map[string][]rd.ChannelAttachment
	pings       map[string]int
}

func (s *Server) accountLocked(acct string) *accountData {
	if s.accounts == nil {
		s.accounts = map[string]*accountData{}
	}
	if a := s.accounts[acct]; a != nil {
		return a
	}
	a := &accountData{
		company: rd.CompanyDetails{Name: SeedCompanyName, Reference: "213432", Street: "Zevensprong", Number: "7",
			PostalCode: "6511AA", City: "Amsterdam", Country: "NL", EmailAddress: "john@forbes.com",
			FinancialEmailAddress: "patricia@blackrock.com", Phone: "31651226913", Currency: "EUR"},
		employees: []*rd.Employee{{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte("employee:"+acct)).String(),
			GivenName: "John", FamilyName: "Smith", Username: SeedUsername, Enabled: true, CorrespondenceLocale: "en-GB"}},
		attachments: map[string][]rd.ChannelAttachment{}, pings: map[string]int{},
	}
	if acct != AccountMain {
		a.company.Name, a.company.Reference = "Garage "+acct, rd.FlexString("9"+acct)
		a.employees[0].Username = acct + "@other-garage.example"
	}
	s.accounts[acct] = a
	return a
}

// ---- login with connector id, forgot password ----

func (s *Server) loginConnectorID(w http.ResponseWriter, r *http.Request) {
	var body struct {
		ConnectorID rd.FlexString   `json:"connector_id"`
		Pincode     json.RawMessage `json:"pincode"`
	}
	if !decode(w, r, &body) {
		return
	}
	pin := strings.Trim(string(body.Pincode), `"`)
	s.mu.Lock()
	var connUUID string
	if id := flexInt(body.ConnectorID); id > 0 {
		if c := s.findConnectorLocked(id, ""); c != nil {
			connUUID = c.UUID
		}
	}
	want, ok := s.pincodes[strings.ToLower(connUUID)]
	s.mu.Unlock()
	if !ok || pin == "" || pin != want {
		writeProblem(w, http.StatusUnauthorized, rd.TypeUnauthorized, "Unauthorized", "unknown connector or wrong pincode")
		return
	}
	writeJSON(w, http.StatusOK, s.issueTokens(connUUID))
}

// forgotPassword answers the same for known and unknown addresses (no
// account enumeration) and records the request (ForgotPasswordRequests).
func (s *Server) forgotPassword(w http.ResponseWriter, r *http.Request) {
	var body struct {
		EmailAddress string `json:"email_address"`
	}
	if !decode(w, r, &body) {
		return
	}
	if err := rdValidEmail(body.EmailAddress); err != nil {
		badRequest(w, "email_address: %v", err)
		return
	}
	s.mu.Lock()
	s.forgot = append(s.forgot, body.EmailAddress)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, rd.ForgotPasswordResult{Method: "SESSION"})
}

// rdValidEmail reuses the client's employee validation for one address.
func rdValidEmail(v string) error {
	return rd.EmployeeInput{GivenName: "x", FamilyName: "x", Username: &v}.Validate()
}

// ForgotPasswordRequests lists the addresses a reset was asked for.
func (s *Server) ForgotPasswordRequests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.forgot...)
}

// ---- serviced vehicles ----

// servicedVehicles: one row per VIN of the account's historical tickets,
// with the latest finish, most recent first.
func (s *Server) servicedVehicles(w http.ResponseWriter, r *http.Request) {
	acct := accountOf(r)
	s.mu.Lock()
	byVIN := map[string]rd.ServicedVehicle{}
	for _, h := range s.historical {
		if s.connAccount[h.ConnectorID] != acct || h.VIN == "" {
			continue
		}
		if prev, ok := byVIN[h.VIN]; ok && prev.LastServicedAt >= h.FinishedAt {
			continue
		}
		v := rd.ServicedVehicle{VIN: h.VIN, LastServicedAt: h.FinishedAt, ModelID: h.VehicleModelID, ModelVariantID: h.VehicleModelVariantID}
		for _, mv := range s.variants {
			if mv.ID == h.VehicleModelVariantID {
				v.ModelVariantName, v.ModelName = mv.Name, mv.VehicleModelName
				v.ModelGroupID, v.ModelGroupName = mv.VehicleModelGroupID, mv.VehicleModelGroupName
				v.MakeID, v.MakeName = mv.VehicleMakeID, mv.VehicleMakeName
			}
		}
		byVIN[h.VIN] = v
	}
	s.mu.Unlock()
	out := make([]rd.ServicedVehicle, 0, len(byVIN))
	for _, v := range byVIN {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].LastServicedAt != out[j].LastServicedAt {
			return out[i].LastServicedAt > out[j].LastServicedAt // one UTC layout: text order is time order
		}
		return out[i].VIN < out[j].VIN
	})
	writePage(w, r, out)
}

// ---- user, company, branding ----

func (s *Server) currentUser(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	a := s.accountLocked(accountOf(r))
	me, co, center, st := *a.employees[0], a.company, s.center, s.centerState
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, rd.CurrentUser{
		ID: me.ID, FirstName: me.GivenName, LastName: me.FamilyName,
		Client: rd.UserClient{Name: co.Name, Reference: string(co.Reference),
			Address: rd.ClientAddress{Country: co.Country, Locality: co.City, Street: co.Street + " " + co.Number, PostalCode: co.PostalCode}},
		ServiceProvider: rd.ServiceProvider{ID: 71, Name: center.Name, HasPrepaidWallet: center.PaymentByPrepaidWallet,
			PrepaidWalletSettings: rd.PrepaidWalletSettings{Balance: "120"}, PaymentByPrepaidBalance: center.PaymentByPrepaidWallet,
			ServiceCenter: rd.ProviderServiceCenter{IsOpen: st.Open(), ServiceMessage: center.ServiceMessage,
				ServiceMessageActive: center.ServiceMessage != "", TicketsSchedulerMessage: st.Message},
			Currency: co.Currency,
			UI: rd.ProviderUI{CompanyName: co.Name, PortalHeaderBackgroundColor: center.PrimaryBackgroundColor,
				PortalHeaderLogoPath: center.Logo, ThemeColor: center.PrimaryColor}},
	})
}

func (s *Server) getCompany(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	co := s.accountLocked(accountOf(r)).company
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, co)
}

func (s *Server) editCompany(w http.ResponseWriter, r *http.Request) {
	var e rd.CompanyDetailsEdit
	if !decode(w, r, &e) {
		return
	}
	if err := e.Validate(); err != nil {
		badRequest(w, "%v", err)
		return
	}
	s.mu.Lock()
	co := &s.accountLocked(accountOf(r)).company
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&co.Name, e.Name)
	set(&co.Street, e.Street)
	set(&co.Number, e.Number)
	set(&co.PostalCode, e.PostalCode)
	set(&co.City, e.City)
	set(&co.Country, e.Country)
	set(&co.EmailAddress, e.EmailAddress)
	set(&co.FinancialEmailAddress, e.FinancialEmailAddress)
	if e.Phone != nil {
		co.Phone = rd.FlexString(*e.Phone)
	}
	out := *co
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) getBranding(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.brandingDown {
		s.mu.Unlock()
		writeProblem(w, http.StatusServiceUnavailable, "internal_error", "Service Unavailable", "branding is down")
		return
	}
	name := s.accountLocked(accountOf(r)).company.Name
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, rd.Branding{BrandingName: name, CustomerPortalURL: SeedPortalURL})
}

// ---- employees ----

func (s *Server) listEmployees(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var out []rd.Employee
	for _, e := range s.accountLocked(accountOf(r)).employees {
		out = append(out, *e)
	}
	s.mu.Unlock()
	writePage(w, r, out)
}

// employeeBody decodes and validates an employee body; username null is
// refused ("once set it cannot be unset").
func employeeBody(w http.ResponseWriter, r *http.Request) (rd.EmployeeInput, bool) {
	var in rd.EmployeeInput
	if !decode(w, r, &in) {
		return in, false
	}
	if err := in.Validate(); err != nil {
		badRequest(w, "%v", err)
		return in, false
	}
	return in, true
}

func usernameTakenLocked(a *accountData, username, except string) bool {
	for _, e := range a.employees {
		if e.ID != except && strings.EqualFold(e.Username, username) {
			return true
		}
	}
	return false
}

func (s *Server) createEmployee(w http.ResponseWriter, r *http.Request) {
	in, ok := employeeBody(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	a := s.accountLocked(accountOf(r))
	if usernameTakenLocked(a, *in.Username, "") {
		s.mu.Unlock()
		writeProblem(w, http.StatusConflict, rd.TypeValidation, "Conflict", "username already in use")
		return
	}
	e := &rd.Employee{ID: uuid.NewString(), GivenName: in.GivenName, FamilyName: in.FamilyName,
		Username: *in.Username, Enabled: true, CorrespondenceLocale: in.CorrespondenceLocale}
	if e.CorrespondenceLocale == "" {
		e.CorrespondenceLocale = "en-GB"
	}
	a.employees = append(a.employees, e)
	out := *e
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, out)
}

// employeeLocked finds an employee of the account by id or "me".
func (s *Server) employeeLocked(r *http.Request) *rd.Employee {
	a := s.accountLocked(accountOf(r))
	id := r.PathValue("employeeId")
	if id == rd.EmployeeMe {
		return a.employees[0]
	}
	for _, e := range a.employees {
		if strings.EqualFold(e.ID, id) {
			return e
		}
	}
	return nil
}

func (s *Server) getEmployee(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	e := s.employeeLocked(r)
	var out rd.Employee
	if e != nil {
		out = *e
	}
	s.mu.Unlock()
	if e == nil {
		notFound(w, "employee")
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) updateEmployee(w http.ResponseWriter, r *http.Request) {
	in, ok := employeeBody(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	e := s.employeeLocked(r)
	if e == nil {
		s.mu.Unlock()
		notFound(w, "employee")
		return
	}
	if usernameTakenLocked(s.accountLocked(accountOf(r)), *in.Username, e.ID) {
		s.mu.Unlock()
		writeProblem(w, http.StatusConflict, rd.TypeValidation, "Conflict", "username already in use")
		return
	}
	e.GivenName, e.FamilyName, e.Username = in.GivenName, in.FamilyName, *in.Username
	if in.CorrespondenceLocale != "" {
		e.CorrespondenceLocale = in.CorrespondenceLocale
	}
	if in.Enabled != nil {
		e.Enabled = *in.Enabled
	}
	out := *e
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

// ---- translate ----

// translations is the simulator's dictionary; other texts come back
// marked with the target language ("[de] text").
var translations = map[string]map[string]string{
	"de": {"Hello world!": "Hallo Welt!"},
	"nl": {"Hello world!": "Hallo wereld!"},
	"fr": {"Hello world!": "Bonjour le monde !"},
}

func (s *Server) translate(w http.ResponseWriter, r *http.Request) {
	var in rd.Translation
	if !decode(w, r, &in) {
		return
	}
	if strings.TrimSpace(in.Message.Original) == "" {
		badRequest(w, "message.original is required")
		return
	}
	if in.TargetLanguage == "" {
		badRequest(w, "target_language is required")
		return
	}
	tr, ok := translations[strings.ToLower(in.TargetLanguage)][in.Message.Original]
	if !ok {
		tr = "[" + in.TargetLanguage + "] " + in.Message.Original
	}
	writeJSON(w, http.StatusOK, rd.Translation{Message: rd.TranslationMessage{Original: in.Message.Original, Translated: tr},
		TargetLanguage: in.TargetLanguage, SourceLanguage: "en"})
}

// ---- channels ----

// ownChannelLocked: a channel is the chat_id of one of the account's
// tickets.
func (s *Server) ownChannelLocked(r *http.Request, channel string) bool {
	acct := accountOf(r)
	for _, t := range s.tickets {
		if t.ChatID == channel {
			return s.connAccount[t.ConnectorID] == acct
		}
	}
	return false
}

func (s *Server) channelPing(w http.ResponseWriter, r *http.Request) {
	ch := r.PathValue("channelId")
	s.mu.Lock()
	ok := s.ownChannelLocked(r, ch)
	if ok {
		s.accountLocked(accountOf(r)).pings[ch]++
	}
	s.mu.Unlock()
	if !ok {
		notFound(w, "channel")
		return
	}
	writeJSON(w, http.StatusOK, rd.ChannelPingResult{ChannelID: ch})
}

// ChannelPings counts the pings asked for on a channel of an account.
func (s *Server) ChannelPings(account, channel string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accountLocked(account).pings[channel]
}

func (s *Server) createAttachment(w http.ResponseWriter, r *http.Request) {
	ch := r.PathValue("channel_id")
	var body struct {
		FileName string `json:"file_name"`
	}
	if !decode(w, r, &body) {
		return
	}
	if err := rd.ValidateFileName(body.FileName); err != nil {
		badRequest(w, "%v", err)
		return
	}
	s.mu.Lock()
	if !s.ownChannelLocked(r, ch) {
		s.mu.Unlock()
		notFound(w, "channel")
		return
	}
	a := s.accountLocked(accountOf(r))
	att := rd.ChannelAttachment{FileName: body.FileName, FileReference: "/channel/" + ch + "/" + uuid.NewString() + "/" + body.FileName}
	a.attachments[ch] = append(a.attachments[ch], att)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, att)
}

func (s *Server) getAttachment(w http.ResponseWriter, r *http.Request) {
	ch, ref := r.PathValue("channel_id"), r.URL.Query().Get("file_reference")
	if ref == "" {
		badRequest(w, "file_reference is required")
		return
	}
	s.mu.Lock()
	if s.failAttachments > 0 {
		s.failAttachments--
		s.mu.Unlock()
		writeProblem(w, http.StatusServiceUnavailable, "internal_error", "Service Unavailable", "attachments are down")
		return
	}
	var found *rd.ChannelAttachment
	if s.ownChannelLocked(r, ch) {
		for _, a := range s.accountLocked(accountOf(r)).attachments[ch] {
			if a.FileReference == ref {
				found = &a
				break
			}
		}
	}
	s.mu.Unlock()
	if found == nil {
		notFound(w, "attachment")
		return
	}
	writeJSON(w, http.StatusOK, *found)
}

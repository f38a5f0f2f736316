package api_test

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/api/admin"
	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/api/console"
	"github.com/pitstop-dev/pitstop/api/httpx"
	staffapi "github.com/pitstop-dev/pitstop/api/staff"
	"github.com/pitstop-dev/pitstop/api/workshop"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/contracts/inspection"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/checklists"
	"github.com/pitstop-dev/pitstop/internal/custerase"
	"github.com/pitstop-dev/pitstop/internal/custexport"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/inspectphotos"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// loadOpenAPI parses and validates the embedded document.
func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()))
	return doc
}

func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc := loadOpenAPI(t)
	require.Equal(t, "3.0.3", doc.OpenAPI)
	require.NotNil(t, doc.Components.SecuritySchemes["bearerAuth"])
	require.Equal(t, "bearer", doc.Components.SecuritySchemes["bearerAuth"].Value.Scheme)
	body := doc.Components.Schemas["ErrorBody"].Value
	require.Equal(t, []string{"errors"}, body.Required)
	require.True(t, body.Properties["errors"].Value.Type.Is("array"))
	require.True(t, body.Properties["errors"].Value.Items.Value.Type.Is("string"))
}

// pendingRoutes are the providers' callbacks that api/callbacks/notifications.go
// mounts; they may be documented before that file mounts them. Once mounted
// (as they now are), the router check covers them in both directions like
// every other route.
var pendingRoutes = map[string]bool{
	"POST /v1/notifications/twilio/status":  true,
	"POST /v1/notifications/twilio/inbound": true,
	"POST /v1/notifications/mailgun/events": true,
}

// notMounted are documented routes that api.New never mounts: the dev stack
// adds /dev/outbox through Deps.Mount.
var notMounted = map[string]bool{"GET /dev/outbox": true,
	"GET /v1/events/simulate": true, // only with PITSTOP_ACSES_SIMULATE (dev)
}

// screenRoutes serve a page (HTML, CSS, JavaScript), not an API operation:
// the mechanic's screen at api.WorkshopPagePath, the receptionist's console
// at api.DeskPagePath (the customer page is only
// mounted with a public base URL, which api.New(Deps{}) has not).
var screenRoutes = map[string]bool{
	"GET " + api.WorkshopPagePath: true, "HEAD " + api.WorkshopPagePath: true,
	"GET " + api.WorkshopPagePath + "/*asset": true, "HEAD " + api.WorkshopPagePath + "/*asset": true,
	// The receptionist's console (issue #23).
	"GET " + api.DeskPagePath: true, "HEAD " + api.DeskPagePath: true,
	"GET " + api.DeskPagePath + "/*asset": true, "HEAD " + api.DeskPagePath + "/*asset": true,
	"GET " + api.TabletPagePath: true, "HEAD " + api.TabletPagePath: true,
	"GET " + api.TabletPagePath + "/*asset": true, "HEAD " + api.TabletPagePath + "/*asset": true,
	"GET " + api.KioskPagePath: true, "HEAD " + api.KioskPagePath: true,
	"GET " + api.KioskPagePath + "/*asset": true, "HEAD " + api.KioskPagePath + "/*asset": true,
}

var ginParam = regexp.MustCompile(`:([A-Za-z0-9_]+)`)

// Every route of the router is documented, and every documented operation is
// a route of the router.
func TestOpenAPIMatchesRouter(t *testing.T) {
	doc := loadOpenAPI(t)
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	r := api.New(api.Deps{})
	routed := map[string]bool{}
	for _, rt := range r.Routes() {
		routed[rt.Method+" "+ginParam.ReplaceAllString(rt.Path, "{$1}")] = true
	}
	require.NotEmpty(t, routed)

	var undocumented, unrouted []string
	for k := range routed {
		if !documented[k] && !screenRoutes[k] {
			undocumented = append(undocumented, k)
		}
	}
	for k := range documented {
		if !routed[k] && !notMounted[k] && !pendingRoutes[k] {
			unrouted = append(unrouted, k)
		}
	}
	sort.Strings(undocumented)
	sort.Strings(unrouted)
	require.Empty(t, undocumented, "routes missing from api/openapi.yaml")
	require.Empty(t, unrouted, "operations in api/openapi.yaml that the router does not serve")

	// Receptionist routes need the bearer token; customer and provider
	// routes must not claim it (they authenticate otherwise).
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			secured := false
			if op.Security != nil {
				for _, req := range *op.Security {
					_, bearer := req["bearerAuth"]
					secured = secured || bearer
				}
			}
			wantSecured := false
			for _, tag := range op.Tags {
				if tag == "receptionist" || tag == "desk" || tag == "admin" || tag == "workshop" || tag == "kiosk" {
					wantSecured = true
				}
			}
			require.Equal(t, wantSecured, secured, "%s %s: bearer security", method, path)
			require.NotEmpty(t, op.OperationID, "%s %s: operationId", method, path)
			require.NotEmpty(t, op.Tags, "%s %s: tags", method, path)
		}
	}
}

// The document is served by the API itself, byte for byte.
func TestOpenAPIIsServed(t *testing.T) {
	r := api.New(api.Deps{})
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi.yaml", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	require.Equal(t, "application/yaml", rec.Header().Get("Content-Type"))
	require.Equal(t, api.OpenAPI, rec.Body.Bytes())
}

// enumValues is an enumeration's values, as the spec lists them.
type enumValues interface{ ~int | ~string }

func enumCase[T enumValues](values []T, describe func(T) string) (vals []any, descs []string) {
	for _, v := range values {
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.String {
			vals = append(vals, rv.String())
		} else {
			vals = append(vals, float64(rv.Int()))
		}
		descs = append(descs, describe(v))
	}
	return vals, descs
}

// Every enumeration in the document has exactly the spec's values, and their
// descriptions, as the enums package has them.
func TestOpenAPIEnumsAreTheSpecs(t *testing.T) {
	doc := loadOpenAPI(t)
	cases := map[string]func() ([]any, []string){
		"CommunicationStatus": func() ([]any, []string) {
			return enumCase(enums.CommunicationStatusValues, enums.CommunicationStatus.Description)
		},
		"CommunicationEventType": func() ([]any, []string) {
			return enumCase(enums.CommunicationEventTypeValues, enums.CommunicationEventType.Description)
		},
		"CommunicationResultStatus": func() ([]any, []string) {
			return enumCase(enums.CommunicationResultStatusValues, enums.CommunicationResultStatus.Description)
		},
		"CommunicationChannelID": func() ([]any, []string) {
			return enumCase(enums.CommunicationChannelIDValues, enums.CommunicationChannelID.Description)
		},
		"CommunicationReceiverStatus": func() ([]any, []string) {
			return enumCase(enums.CommunicationReceiverStatusValues, enums.CommunicationReceiverStatus.Description)
		},
		"CommunicationLayoutID": func() ([]any, []string) {
			return enumCase(enums.CommunicationLayoutIDValues, enums.CommunicationLayoutID.Description)
		},
		"CheckInResultStatus": func() ([]any, []string) {
			return enumCase(enums.CheckInResultStatusValues, enums.CheckInResultStatus.Description)
		},
		"DeskCommunicationStatus": func() ([]any, []string) {
			return enumCase(enums.DeskCommunicationStatusValues, enums.DeskCommunicationStatus.Description)
		},
		"DeskCommunicationEventType": func() ([]any, []string) {
			return enumCase(enums.DeskCommunicationEventTypeValues, enums.DeskCommunicationEventType.Description)
		},
		"KioskCommunicationStatus": func() ([]any, []string) {
			return enumCase(enums.KioskCommunicationStatusValues, enums.KioskCommunicationStatus.Description)
		},
		"KioskCommunicationEventType": func() ([]any, []string) {
			return enumCase(enums.KioskCommunicationEventTypeValues, enums.KioskCommunicationEventType.Description)
		},
		"KeyLockerCommunicationStatus": func() ([]any, []string) {
			return enumCase(enums.KeyLockerCommunicationStatusValues, enums.KeyLockerCommunicationStatus.Description)
		},
		"KeyLockerCommunicationEventType": func() ([]any, []string) {
			return enumCase(enums.KeyLockerCommunicationEventTypeValues, enums.KeyLockerCommunicationEventType.Description)
		},
		"KeylockerPinRequestType": func() ([]any, []string) {
			return enumCase(enums.KeylockerPinRequestTypeValues, enums.KeylockerPinRequestType.Description)
		},
		"InterventionElementType": func() ([]any, []string) {
			return enumCase(enums.InterventionElementTypeValues, enums.InterventionElementType.Description)
		},
		"InterventionElementStatus": func() ([]any, []string) {
			return enumCase(enums.InterventionElementStatusValues, enums.InterventionElementStatus.Description)
		},
		"HeadingPosition": func() ([]any, []string) {
			return enumCase(enums.HeadingPositionValues, enums.HeadingPosition.Description)
		},
		"LanguageCode": func() ([]any, []string) {
			return enumCase(enums.LanguageCodeValues, enums.LanguageCode.Description)
		},
		"SMSGateway": func() ([]any, []string) {
			return enumCase(enums.SMSGatewayValues, enums.SMSGateway.Description)
		},
		"QuestionResultStatus": func() ([]any, []string) {
			return enumCase(enums.QuestionResultStatusValues, enums.QuestionResultStatus.Description)
		},
		"TyrePosition": func() ([]any, []string) {
			return enumCase(enums.TyrePositionValues, enums.TyrePosition.Description)
		},
		"ChecklistType": func() ([]any, []string) {
			return enumCase(enums.ChecklistTypeValues, enums.ChecklistType.Description)
		},
		"StatusIdentifier": func() ([]any, []string) {
			return enumCase(enums.StatusIdentifierValues, enums.StatusIdentifier.Description)
		},
		"StatusOverride": func() ([]any, []string) {
			return enumCase(enums.StatusOverrideValues, enums.StatusOverride.Description)
		},
	}
	for name, want := range cases {
		ref, ok := doc.Components.Schemas[name]
		require.True(t, ok, "schema %s missing", name)
		s := ref.Value
		vals, descs := want()
		require.Equal(t, vals, s.Enum, "%s: values", name)
		var got []string
		for _, d := range s.Extensions["x-enum-descriptions"].([]any) {
			got = append(got, d.(string))
		}
		require.Equal(t, descs, got, "%s: x-enum-descriptions", name)
		for i, v := range vals {
			require.Contains(t, s.Description, fmt.Sprintf("- %v: %s", v, descs[i]), "%s: description", name)
		}
	}
	// Every integer enumeration referenced anywhere is one of those checked,
	// and names its values (x-enum-varnames, so a generated client gets
	// named constants) as the enums package does, without the type's name.
	names := enumConstNames(t)
	for name, ref := range doc.Components.Schemas {
		if len(ref.Value.Enum) > 0 && ref.Value.Type.Is("integer") {
			_, checked := cases[name]
			require.True(t, checked, "integer enumeration %s is not checked against the enums package", name)
			var want, got []string
			for _, v := range ref.Value.Enum {
				n, ok := names[name][int64(v.(float64))]
				require.True(t, ok, "%s: no constant of value %v in internal/enums", name, v)
				want = append(want, n)
			}
			vn, _ := ref.Value.Extensions["x-enum-varnames"].([]any)
			for _, n := range vn {
				got = append(got, fmt.Sprint(n))
			}
			require.Equal(t, want, got, "%s: x-enum-varnames", name)
		}
	}
}

// enumConstNames reads internal/enums' constants from its source: per type,
// each value's constant name without the type's name in front
// (CommunicationStatusCheckInSent -> CheckInSent).
func enumConstNames(t *testing.T) map[string]map[int64]string {
	t.Helper()
	out := map[string]map[int64]string{}
	fset := token.NewFileSet()
	for _, f := range []string{"../internal/enums/spec.go", "../internal/enums/extension.go"} {
		file, err := parser.ParseFile(fset, f, nil, 0)
		require.NoError(t, err)
		for _, d := range file.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, sp := range g.Specs {
				vs := sp.(*ast.ValueSpec)
				typ, ok := vs.Type.(*ast.Ident)
				if !ok || len(vs.Values) != 1 {
					continue
				}
				var lit *ast.BasicLit
				neg := false
				switch x := vs.Values[0].(type) {
				case *ast.BasicLit:
					lit = x
				case *ast.UnaryExpr:
					lit, _ = x.X.(*ast.BasicLit)
					neg = x.Op == token.SUB
				}
				if lit == nil || lit.Kind != token.INT {
					continue
				}
				v, err := strconv.ParseInt(lit.Value, 10, 64)
				require.NoError(t, err)
				if neg {
					v = -v
				}
				if out[typ.Name] == nil {
					out[typ.Name] = map[int64]string{}
				}
				out[typ.Name][v] = strings.TrimPrefix(vs.Names[0].Name, typ.Name)
			}
		}
	}
	return out
}

// jsonNames are the JSON field names encoding/json writes for a struct.
func jsonNames(v any) []string {
	var out []string
	t := reflect.TypeOf(v)
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" {
			out = append(out, jsonNames(reflect.New(f.Type).Elem().Interface())...)
			continue
		}
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// The response models in the document have exactly the fields the API
// serialises: a field added to an ent schema or a view fails here until the
// document describes it.
func TestOpenAPIModelsMatchTheirGoTypes(t *testing.T) {
	doc := loadOpenAPI(t)
	for name, v := range map[string]any{
		"CustomerCommunication":                 commread.CommunicationRead{},
		"AppointmentView":                       commread.AppointmentView{},
		"CarView":                               commread.CarView{},
		"CustomerView":                          commread.CustomerView{},
		"DealerLocationView":                    commread.DealerLocationView{},
		"ReceptionistView":                      commread.ReceptionistView{},
		"InterventionView":                      commread.InterventionView{},
		"InterventionElementView":               commread.InterventionElementView{},
		"InterventionAttachmentView":            commread.InterventionAttachmentView{},
		"CheckInResultView":                     commread.CheckInResultView{},
		"CheckInRemarkView":                     commread.CheckInRemarkView{},
		"CheckInAttachmentView":                 commread.CheckInAttachmentView{},
		"DiagnoseOverviewRemarkView":            commread.DiagnoseOverviewRemarkView{},
		"DiagnoseOverviewAttachmentView":        commread.DiagnoseOverviewAttachmentView{},
		"CommunicationResultView":               commread.CommunicationResultView{},
		"QuestionOptionView":                    commread.QuestionOptionView{},
		"QuestionResultImageView":               commread.QuestionResultImageView{},
		"ResultDecision":                        appointment.ResultDecision{},
		"AgreementView":                         commread.AgreementView{},
		"EventView":                             commread.EventView{},
		"CustomerCommunicationInterventionView": commread.InterventionResultView{},
		"DiagnoseOverviewAgreedResult":          commread.DiagnoseResultView{},
		"DiagnoseOverviewDeclinedResult":        commread.DiagnoseResultView{},
		"DiagnoseOverviewContactResult":         commread.DiagnoseResultView{},
		"SettingView":                           commread.SettingView{},
		"CustomerFeedbackView":                  commread.FeedbackView{},
		"Appointment":                           ent.Appointment{},
		"Customer":                              ent.Customer{},
		"Car":                                   ent.Car{},
		"Intervention":                          ent.Intervention{},
		"InterventionElement":                   ent.InterventionElement{},
		"CheckInResult":                         ent.CheckInResult{},
		"CheckInRemark":                         ent.CheckInRemark{},
		"CheckInAttachment":                     ent.CheckInAttachment{},
		"DiagnoseOverviewRemark":                ent.DiagnoseOverviewRemark{},
		"DiagnoseOverviewAttachment":            ent.DiagnoseOverviewAttachment{},
		"CustomerCommunicationIntervention":     ent.CustomerCommunicationIntervention{},
		"CommunicationEvent":                    ent.CommunicationEvent{},
		"CommunicationReceiver":                 ent.CommunicationReceiver{},
		"CommunicationSetting":                  ent.CommunicationSetting{},
		"KeyLockerCommunication":                ent.KeyLockerCommunication{},
		"KeyLockerCommunicationEvent":           ent.KeyLockerCommunicationEvent{},
		"DeskCommunication":                     ent.DeskCommunication{},
		"DeskCommunicationEvent":                ent.DeskCommunicationEvent{},
		"DeskCheckInView":                       staffapi.DeskCheckInView{},
		"StaffAppointment":                      staffapi.StaffAppointmentView{},
		"StaffEvent":                            staffapi.StaffEventView{},
		"StaffReceiver":                         staffapi.ReceiverView{},
		"StaffReminder":                         staffapi.ReminderView{},
		"StaffKeyLockerCommunication":           staffapi.KeyLockerCommunicationView{},
		"StaffKeyLockerEvent":                   staffapi.KeyLockerEventView{},
		"StaffKeyLockerAgreedIntervention":      staffapi.KeyLockerAgreedInterventionView{},
		"StaffKeyLockerRemark":                  staffapi.KeyLockerRemarkView{},
		"StaffDeskCommunication":                staffapi.DeskCommunicationView{},
		"StaffDeskEvent":                        staffapi.DeskEventView{},
		"StaffDeskIntervention":                 staffapi.DeskAgreedInterventionView{},
		"DeskResultView":                        staffapi.DeskResultView{},
		"DeskStatusRequest":                     staffapi.DeskStatusRequest{},
		"DeskStatusResult":                      staffapi.DeskStatusResult{},
		"CarOutOfShopResult":                    staffapi.CarOutOfShopResult{},
		"ServicedVehicle":                       staffapi.ServicedVehicleView{},
		"DeskInterventionView":                  staffapi.DeskInterventionView{},
		"KioskMe":                               staffapi.KioskMeView{},
		"KioskFindRequest":                      staffapi.KioskFindRequest{},
		"KioskChoice":                           staffapi.KioskChoiceView{},
		"KioskFindResponse":                     staffapi.KioskFindResponse{},
		"KioskCheckInView":                      staffapi.KioskCheckInView{},
		"KioskAnswerRequest":                    staffapi.KioskAnswerRequest{},
		"KioskAnswerResponse":                   staffapi.KioskAnswerResponse{},
		"StaffKioskCommunication":               staffapi.KioskCommunicationView{},
		"StaffKioskEvent":                       staffapi.KioskCommunicationEventView{},
		"StaffKioskAgreedIntervention":          staffapi.KioskAgreedInterventionView{},
		"StaffKioskRemark":                      staffapi.KioskRemarkView{},
		"DeskAgreementView":                     staffapi.DeskAgreementView{},
		"KeyLockerAgreementsView":               staffapi.KeyLockerAgreementsView{},
		"AppointmentState":                      appointment.AppointmentState{},
		"StageChange":                           appointment.StageChange{},
		"LockerState":                           appointment.LockerState{},
		"DropBackRequest":                       staffapi.DropBackRequest{},
		"AcsesPINResponse":                      staffapi.PINResponse{},
		"SendResult":                            appointment.SendResult{},
		"CheckInAnswerResult":                   appointment.CheckInAnswerResult{},
		"RemarkAnswer":                          appointment.RemarkAnswer{},
		"CheckInResultAnswer":                   appointment.CheckInResultAnswer{},
		"InterventionDecision":                  appointment.InterventionDecision{},
		"ErrorBody":                             httpx.ErrorBody{},
		"CustomerExport":                        custexport.Document{},
		"CustomerExportAppointment":             custexport.Appointment{},
		"CustomerErasure":                       custerase.Record{},
		"CustomerErasureRequest":                admin.ErasureRequest{},
		"CheckInOffer":                          admin.OfferView{},
		"UnmatchedMessage":                      admin.UnmatchedMessageView{},
		"SmsSenderPool":                         onboard.SenderPoolView{},
		"Task":                                  staffapi.TaskView{},
		"CheckInOfferRequest":                   admin.OfferRequest{},
		"CarsysAccount":                         admin.CarsysAccountView{},
		"CarsysAccountRequest":                  admin.CarsysAccountRequest{},
		"AdminLocation":                         admin.LocationView{},
		"AdminLocationRequest":                  admin.LocationRequest{},
		"TicketState":                           staffapi.TicketStateView{},
		"AddedToDiagnoseOverview":               staffapi.AddedToOverviewView{},
		"WorkshopCheck":                         workshop.Check{},
		"WorkshopResult":                        workshop.Result{},
		"WorkshopImage":                         workshop.Image{},
		"WorkshopStartResult":                   inspection.StartCheckResult{},
		"WorkshopAnswerResult":                  inspection.AnswerResult{},
		"WorkshopFinishResult":                  inspection.FinishResult{},
		"WorkshopPhoto":                         inspectphotos.Photo{},
		"WorkshopLocation":                      workshop.Location{},
		"DeskDay":                               console.DayView{},
		"DeskDayLocation":                       console.DayLocation{},
		"DeskDayAppointment":                    console.DayAppointment{},
		"DeskTablet":                            console.Tablet{},
		"DeskChange":                            console.Change{},
		"WorkshopChecklistQuestion":             checklists.Question{},
		"WorkshopChecklistTemplate":             checklists.Template{},
	} {
		ref, ok := doc.Components.Schemas[name]
		require.True(t, ok, "schema %s missing", name)
		var props []string
		for p := range ref.Value.Properties {
			props = append(props, p)
		}
		sort.Strings(props)
		require.Equal(t, jsonNames(v), props, "schema %s", name)
	}

	// The answers are the workflow's contracts plus the key, minus the IP
	// (the API sets it from the connection).
	// The diagnose answers share one contract: v2 without the check
	// results, v1 with them; neither carries the endpoint (the path says it).
	for name, tc := range map[string]struct {
		v    any
		skip []string
	}{
		"CheckInAnswerRequest":    {appointment.CheckInAnswer{}, nil},
		"DiagnoseAnswerRequest":   {appointment.DiagnoseAnswer{}, []string{"endpoint", "results"}},
		"DiagnoseV1AnswerRequest": {appointment.DiagnoseAnswer{}, []string{"endpoint"}},
	} {
		v := tc.v
		props := map[string]bool{}
		for _, part := range doc.Components.Schemas[name].Value.AllOf {
			for p := range part.Value.Properties {
				props[p] = true
			}
		}
		want := map[string]bool{"key": true, "communication_key": true}
		for _, n := range jsonNames(v) {
			if n != "ip" && !slices.Contains(tc.skip, n) {
				want[n] = true
			}
		}
		require.Equal(t, want, props, "schema %s", name)
	}
}

// README.md's "Deviations from the documents" names every path the document
// marks x-pitstop-extension (on the path or one of its operations): a row
// names it exactly in backquotes, or a prefix of it ending in "...".
func TestREADMEListsEveryExtensionPath(t *testing.T) {
	doc := loadOpenAPI(t)
	b, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	readme := string(b)
	start := strings.Index(readme, "**Deviations from the documents.**")
	require.GreaterOrEqual(t, start, 0, "README.md has no deviations table")
	end := strings.Index(readme[start:], "\n### ")
	require.Greater(t, end, 0)
	var rows []string
	for _, line := range strings.Split(readme[start:start+end], "\n") {
		if strings.HasPrefix(line, "| ") {
			rows = append(rows, line)
		}
	}
	var names []string
	for _, m := range regexp.MustCompile("`(/[^` ]*)`").FindAllStringSubmatch(strings.Join(rows, "\n"), -1) {
		names = append(names, m[1])
	}
	named := func(path string) bool {
		for _, n := range names {
			if p, ok := strings.CutSuffix(n, "..."); ok && strings.HasPrefix(path, p) || n == path {
				return true
			}
		}
		return false
	}
	marked := func(ext map[string]any) bool { v, _ := ext["x-pitstop-extension"].(bool); return v }
	var missing []string
	for path, item := range doc.Paths.Map() {
		ext := marked(item.Extensions)
		for _, op := range item.Operations() {
			ext = ext || marked(op.Extensions)
		}
		if ext && !named(path) {
			missing = append(missing, path)
		}
	}
	sort.Strings(missing)
	require.Empty(t, missing, "marked x-pitstop-extension but named by no row of README.md's deviations table")
}

// specPaths are the paths the five documents in ../shared/spec/ give (000:
// the customer's endpoints; 001: the ACSES events and employee endpoints);
// 002 to 004 give none of ours. Kept here, as the documents are not part
// of the repository.
var specPaths = []string{
	"/v1/communication/read", "/v1/communication/upload_attachment", "/v1/online_checkin/answer",
	"/v1/online_checkin/is_acses_available", "/v2/diagnose_overview/answer", "/v1/diagnose_overview/answer",
	"/v1/repair_overview/download",
	"/v1/events/handler", "/v1/events/history", "/v1/events/simulate", "/v1/employees/list_available_lockers",
	"/v1/employees/pickup", "/v1/employees/assist_pickup", "/v1/employees/drop_back",
}

// Every path the documents do not give is marked x-pitstop-extension (on
// the path or on each of its operations), so an integrator sees at once
// what is Pitstop's own; and every path the documents give is served.
func TestEveryPathIsTheSpecsOrMarked(t *testing.T) {
	doc := loadOpenAPI(t)
	marked := func(ext map[string]any) bool { v, _ := ext["x-pitstop-extension"].(bool); return v }
	var unmarked []string
	for path, item := range doc.Paths.Map() {
		if slices.Contains(specPaths, path) {
			continue
		}
		all := len(item.Operations()) > 0
		for _, op := range item.Operations() {
			all = all && marked(op.Extensions)
		}
		if !marked(item.Extensions) && !all {
			unmarked = append(unmarked, path)
		}
	}
	sort.Strings(unmarked)
	require.Empty(t, unmarked, "paths the documents do not give, without x-pitstop-extension: true")
	for _, p := range specPaths {
		require.NotNil(t, doc.Paths.Value(p), "the documents' path %s is not in api/openapi.yaml", p)
	}
}

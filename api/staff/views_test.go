package staff

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
)

// fill sets every exported field of the struct v points to a value that is
// not zero (one element for slices), recursing into structs, so that every
// key a JSON encoding can have is present.
func fill(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Pointer:
		if depth > 3 {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), depth+1)
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(time.Date(2026, 11, 30, 14, 5, 0, 0, time.UTC)))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth)
			}
		}
	case reflect.Slice:
		if depth > 3 {
			return
		}
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), depth+1)
		v.Set(s)
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(3)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(3)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			fill(v.Index(i), depth)
		}
	}
}

func jsonOf(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestViewsAreTheRowsValues: each staff view answers, for every key it
// has, the value the row (or the workflow's state) has under that key; the
// related rows are plain fields (receivers, events ...), checked the same
// way one level down. A key of the row the view leaves out is simply not
// answered, and no view carries a key-locker PIN.
func TestViewsAreTheRowsValues(t *testing.T) {
	ap, ev, kl, d := filledRows()
	var st appointment.AppointmentState
	fill(reflect.ValueOf(&st).Elem(), 0)
	nested := map[string]string{"receivers": "receivers", "events": "events", "agreed_interventions": "agreed_interventions",
		"declined_interventions": "declined_interventions", "remark": "remark",
		"diagnose_overview_agreed_results": "diagnose_overview_agreed_results", "diagnose_overview_declined_results": "diagnose_overview_declined_results",
		"diagnose_overview_contact_results": "diagnose_overview_contact_results"}
	for _, c := range []struct {
		name      string
		view, src any
	}{
		{"appointment", staffAppointmentView(ap), ap},
		{"event", staffEventView(ev, &commread.EventLists{}), ev},
		{"keylocker communication", keyLockerCommunicationView(kl), kl},
		{"desk communication", deskCommunicationView(d), d},
		{"lifecycle state", stateOf(st), st},
	} {
		view, src := jsonOf(t, c.view), jsonOf(t, c.src)
		edges, _ := src["edges"].(map[string]any)
		for k, v := range view {
			if _, ok := nested[k]; ok {
				sameRelated(t, c.name+"."+k, v, edges[k])
				continue
			}
			if derived[k] {
				continue
			}
			if _, ok := src[k]; !ok {
				t.Errorf("%s: %q is not a field of the row", c.name, k)
			} else if !reflect.DeepEqual(v, src[k]) {
				t.Errorf("%s: %q is %v in the view but %v in the row", c.name, k, v, src[k])
			}
		}
	}
	if _, pin := jsonOf(t, keyLockerCommunicationView(kl))["pin"]; pin {
		t.Error("a key-locker PIN is in the staff view")
	}
}

// derived are keys of the desk communication's spec model that are no
// column of its row: related models read by Handlers.deskViews (checked on
// PostgreSQL by TestDeskReadIsTheSpecModel), the fields Pitstop has no use
// for (always empty), and the signature's URL.
var derived = map[string]bool{"receptionist_key": true, "is_receptionist": true, "user_tablet_mode_key": true, "customer": true,
	"car": true, "appointment": true, "user": true, "agreements": true, "results": true, "settings": true, "customer_signature": true,
	"intervention_results": true}

// sameRelated checks a related row (or list of them) key by key.
func sameRelated(t *testing.T, name string, view, src any) {
	t.Helper()
	switch v := view.(type) {
	case []any:
		s, _ := src.([]any)
		if len(v) != len(s) {
			t.Fatalf("%s: %d in the view, %d related rows", name, len(v), len(s))
		}
		for i := range v {
			sameRelated(t, name, v[i], s[i])
		}
	case map[string]any:
		s, _ := src.(map[string]any)
		for k, x := range v {
			if k == "receivers" {
				e, _ := s["edges"].(map[string]any)
				sameRelated(t, name+"."+k, x, e[k])
				continue
			}
			if _, ok := s[k]; !ok && derived[k] {
				continue
			}
			if !reflect.DeepEqual(x, s[k]) {
				t.Errorf("%s: %q is %v in the view but %v in the row", name, k, x, s[k])
			}
		}
	default:
		t.Errorf("%s: %T is not a related row", name, view)
	}
}

// TestViewsAnswerEveryField: a row of zero values (false, 0, no time, no
// related rows) is answered with every key the filled row has: a false
// is_checking_out or a zero count is never left out.
func TestViewsAnswerEveryField(t *testing.T) {
	ap, ev, kl, d := filledRows()
	for _, c := range []struct {
		name         string
		full, zeroed any
	}{
		{"appointment", staffAppointmentView(ap), staffAppointmentView(&ent.Appointment{})},
		{"event", staffEventView(ev, &commread.EventLists{}), staffEventView(&ent.CommunicationEvent{}, &commread.EventLists{})},
		{"keylocker communication", keyLockerCommunicationView(kl), keyLockerCommunicationView(&ent.KeyLockerCommunication{})},
		{"desk communication", deskCommunicationView(d), deskCommunicationView(&ent.DeskCommunication{})},
	} {
		full, zeroed := jsonOf(t, c.full), jsonOf(t, c.zeroed)
		for k := range full {
			if _, ok := zeroed[k]; !ok {
				t.Errorf("%s: %q is left out when it is zero", c.name, k)
			}
		}
	}
	if v := jsonOf(t, deskCommunicationView(&ent.DeskCommunication{})); v["is_checking_out"] != false {
		t.Errorf("is_checking_out: %v, want false", v["is_checking_out"])
	}
}

// filledRows are rows with every field set, related rows loaded.
func filledRows() (*ent.Appointment, *ent.CommunicationEvent, *ent.KeyLockerCommunication, *ent.DeskCommunication) {
	var ap ent.Appointment
	fill(reflect.ValueOf(&ap).Elem(), 0)
	ap.Edges = ent.AppointmentEdges{}
	var r ent.CommunicationReceiver
	fill(reflect.ValueOf(&r).Elem(), 0)
	r.Edges = ent.CommunicationReceiverEdges{}
	var ev ent.CommunicationEvent
	fill(reflect.ValueOf(&ev).Elem(), 0)
	ev.Edges = ent.CommunicationEventEdges{Receivers: []*ent.CommunicationReceiver{&r}}
	var kle ent.KeyLockerCommunicationEvent
	fill(reflect.ValueOf(&kle).Elem(), 0)
	kle.Edges = ent.KeyLockerCommunicationEventEdges{Receivers: []*ent.CommunicationReceiver{&r}}
	var agreed ent.KeyLockerAgreedIntervention
	fill(reflect.ValueOf(&agreed).Elem(), 0)
	agreed.Edges = ent.KeyLockerAgreedInterventionEdges{}
	var remark ent.KeyLockerRemark
	fill(reflect.ValueOf(&remark).Elem(), 0)
	remark.Edges = ent.KeyLockerRemarkEdges{}
	var kl ent.KeyLockerCommunication
	fill(reflect.ValueOf(&kl).Elem(), 0)
	kl.Edges = ent.KeyLockerCommunicationEdges{Events: []*ent.KeyLockerCommunicationEvent{&kle},
		AgreedInterventions: []*ent.KeyLockerAgreedIntervention{&agreed}, Remark: &remark}
	var de ent.DeskCommunicationEvent
	fill(reflect.ValueOf(&de).Elem(), 0)
	de.Edges = ent.DeskCommunicationEventEdges{Receivers: []*ent.CommunicationReceiver{&r}}
	var d ent.DeskCommunication
	fill(reflect.ValueOf(&d).Elem(), 0)
	var da ent.DeskAgreedIntervention
	fill(reflect.ValueOf(&da).Elem(), 0)
	da.Edges = ent.DeskAgreedInterventionEdges{}
	var dd ent.DeskDeclinedIntervention
	fill(reflect.ValueOf(&dd).Elem(), 0)
	dd.Edges = ent.DeskDeclinedInterventionEdges{}
	d.Edges = ent.DeskCommunicationEdges{Events: []*ent.DeskCommunicationEvent{&de}, AgreedInterventions: []*ent.DeskAgreedIntervention{&da},
		DeclinedInterventions: []*ent.DeskDeclinedIntervention{&dd}}
	return &ap, &ev, &kl, &d
}

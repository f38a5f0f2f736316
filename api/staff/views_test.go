package staff

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

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

// sameShape requires every key of the view to be in the source with the
// same value (recursively).
func sameShape(t *testing.T, name string, view, src map[string]any) {
	t.Helper()
	for k, v := range view {
		if !reflect.DeepEqual(v, src[k]) {
			t.Errorf("%s: %q is %v in the view but %v before", name, k, v, src[k])
		}
	}
}

// TestViewsKeepTheirShape: the staff views answer what the endpoints
// answered when they serialised the ent rows and the workflow's state
// directly: the same keys with the same values, edges included, and no key
// of the old answer left out. A column added to the schema later does not
// appear in a response until a view takes it.
func TestViewsKeepTheirShape(t *testing.T) {
	var ap ent.Appointment
	fill(reflect.ValueOf(&ap).Elem(), 0)
	ap.Edges = ent.AppointmentEdges{}
	var ev ent.CommunicationEvent
	fill(reflect.ValueOf(&ev).Elem(), 0)
	var r ent.CommunicationReceiver
	fill(reflect.ValueOf(&r).Elem(), 0)
	r.Edges = ent.CommunicationReceiverEdges{}
	ev.Edges = ent.CommunicationEventEdges{Receivers: []*ent.CommunicationReceiver{&r}}
	var kle ent.KeyLockerCommunicationEvent
	fill(reflect.ValueOf(&kle).Elem(), 0)
	kle.Edges = ent.KeyLockerCommunicationEventEdges{Receivers: []*ent.CommunicationReceiver{&r}}
	var kl ent.KeyLockerCommunication
	fill(reflect.ValueOf(&kl).Elem(), 0)
	kl.Edges = ent.KeyLockerCommunicationEdges{Events: []*ent.KeyLockerCommunicationEvent{&kle}}
	var de ent.DeskCommunicationEvent
	fill(reflect.ValueOf(&de).Elem(), 0)
	de.Edges = ent.DeskCommunicationEventEdges{Receivers: []*ent.CommunicationReceiver{&r}}
	var d ent.DeskCommunication
	fill(reflect.ValueOf(&d).Elem(), 0)
	d.Edges = ent.DeskCommunicationEdges{Events: []*ent.DeskCommunicationEvent{&de}}
	var st appointment.AppointmentState
	fill(reflect.ValueOf(&st).Elem(), 0)

	for _, c := range []struct {
		name      string
		view, src any
	}{
		{"appointment", staffAppointmentView(&ap), &ap},
		{"event", staffEventView(&ev), &ev},
		{"keylocker communication", keyLockerCommunicationView(&kl), &kl},
		{"desk communication", deskCommunicationView(&d), &d},
		{"lifecycle state", lifecycleStateViewOf(st), st},
	} {
		view, src := jsonOf(t, c.view), jsonOf(t, c.src)
		if len(view) != len(src) {
			t.Errorf("%s: %d keys, the row had %d", c.name, len(view), len(src))
		}
		sameShape(t, c.name, view, src)
	}
	if _, pin := jsonOf(t, keyLockerCommunicationView(&kl))["pin"]; pin {
		t.Error("a key-locker PIN is in the staff view")
	}
}

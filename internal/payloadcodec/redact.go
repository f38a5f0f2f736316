package payloadcodec

import (
	"encoding"
	"encoding/json"
	"reflect"
	"regexp"
	"strings"

	"go.temporal.io/sdk/converter"
)

// ErasedText replaces every non-empty free-text value in the redacted copy
// of a customer's payload (see Redact).
const ErasedText = "[erased]"

var (
	plainString    = reflect.TypeOf("")
	rawMessage     = reflect.TypeOf(json.RawMessage(nil))
	jsonMarshaler  = reflect.TypeOf((*json.Marshaler)(nil)).Elem()
	textMarshaler  = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
	rawValueType   = reflect.TypeOf(converter.RawValue{})
	maxRedactDepth = 64
)

// Redact copies v with its personal data replaced, keeping what workflow
// code should branch on (stages, statuses, counts, times), so an erased
// customer's history keeps its structure. The rule is by Go type, deny by
// default:
//
//   - a value of the plain type string (names, phones, e-mail addresses,
//     plates, free texts, IDs alike) becomes ErasedText when non-empty, so
//     "is there an e-mail address" still answers the same;
//   - []byte becomes ErasedText's bytes when non-empty; json.RawMessage null;
//   - named string types (the enums: stages, statuses, channels), numbers,
//     bools, and types with their own JSON or text form (time.Time) are kept;
//   - structs, pointers, slices, arrays, maps (values; keys are kept) and
//     interfaces are copied element by element.
//
// Two kinds of value are the SDK's own, which replay reads back and which
// never hold personal data, so they are kept as they are:
//
//   - values of a type of the Temporal SDK (go.temporal.io/...), such as a
//     local activity marker's data (its activity ID and type), but for a
//     converter.RawValue (an encoded payload, see ok below);
//   - a plain string that is the whole payload and has a change ID's shape
//     (IsChangeIDShape): the change ID of a workflow.GetVersion marker.
//     Redacted, an erased history's markers would name no change, and its
//     replay would take the old branch and fail (workflows/changeids_test.go
//     keeps every change ID in that shape).
//
// ok is false when v cannot be redacted safely (a converter.RawValue holds an
// encoded payload it cannot look into): the caller stores no redacted copy.
func Redact(v any) (out any, ok bool) {
	if v == nil {
		return nil, true
	}
	rv := reflect.ValueOf(v)
	if rv.Type() != rawValueType && sdkType(rv.Type()) || rv.Type() == plainString && IsChangeIDShape(rv.String()) {
		return v, true
	}
	r, ok := redactValue(rv, 0)
	if !ok {
		return nil, false
	}
	return r.Interface(), true
}

func redactValue(v reflect.Value, depth int) (reflect.Value, bool) {
	if depth > maxRedactDepth {
		return v, false
	}
	t := v.Type()
	switch {
	case t == rawValueType:
		return v, false
	case t == rawMessage:
		if v.Len() == 0 {
			return v, true
		}
		return reflect.ValueOf(json.RawMessage("null")), true
	case t.Kind() == reflect.String:
		if t != plainString || v.Len() == 0 {
			return v, true // an enum, or nothing to hide
		}
		return reflect.ValueOf(ErasedText), true
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		if v.Len() == 0 {
			return v, true
		}
		return reflect.ValueOf([]byte(ErasedText)).Convert(t), true
	case t.Implements(jsonMarshaler) || t.Implements(textMarshaler):
		return v, true // time.Time and the like: their own form, kept
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v, true
		}
		e, ok := redactValue(v.Elem(), depth+1)
		out := reflect.New(t.Elem())
		out.Elem().Set(e)
		return out, ok
	case reflect.Interface:
		if v.IsNil() {
			return v, true
		}
		e, ok := redactValue(v.Elem(), depth+1)
		out := reflect.New(t).Elem()
		out.Set(e)
		return out, ok
	case reflect.Struct:
		out := reflect.New(t).Elem()
		out.Set(v)
		for i := 0; i < t.NumField(); i++ {
			if !t.Field(i).IsExported() {
				continue
			}
			f, ok := redactValue(v.Field(i), depth+1)
			if !ok {
				return v, false
			}
			out.Field(i).Set(f)
		}
		return out, true
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && v.IsNil() {
			return v, true
		}
		var out reflect.Value
		if t.Kind() == reflect.Slice {
			out = reflect.MakeSlice(t, v.Len(), v.Len())
		} else {
			out = reflect.New(t).Elem()
		}
		for i := 0; i < v.Len(); i++ {
			e, ok := redactValue(v.Index(i), depth+1)
			if !ok {
				return v, false
			}
			out.Index(i).Set(e)
		}
		return out, true
	case reflect.Map:
		if v.IsNil() {
			return v, true
		}
		out := reflect.MakeMapWithSize(t, v.Len())
		it := v.MapRange()
		for it.Next() {
			e, ok := redactValue(it.Value(), depth+1)
			if !ok {
				return v, false
			}
			out.SetMapIndex(it.Key(), e)
		}
		return out, true
	default:
		return v, true
	}
}

// changeIDShape: lower-case words of letters and digits joined by hyphens,
// at least two ("quiet-hours", "answer-as-local-activity").
var changeIDShape = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)+$`)

// IsChangeIDShape reports whether s has the shape of Pitstop's change IDs,
// which Redact keeps when one is a whole payload (see Redact). A customer's
// name, phone number, e-mail address or plate does not have it: they hold
// capitals, spaces, '+', '@' or '.', and are never a payload on their own.
func IsChangeIDShape(s string) bool { return len(s) <= 64 && changeIDShape.MatchString(s) }

// sdkType: a type of the Temporal SDK (through pointers and slices).
func sdkType(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return strings.HasPrefix(t.PkgPath(), "go.temporal.io/")
}

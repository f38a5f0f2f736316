// Package strictjson decodes a JSON request body more strictly than
// encoding/json, which silently takes the last of two equal keys, ignores
// nothing after the value only when asked, and reports type errors in Go
// terms. Decode refuses:
//
//   - a body over maxBytes (read at most maxBytes+1 bytes, never more);
//   - an empty body and a top-level null (a handler would see a zero value);
//   - anything but whitespace after the JSON value (`{"key":"x"} garbage`);
//   - an object key given twice at any depth, also when the two spellings
//     differ only in case ({"pin":"1","PIN":"2"}): encoding/json matches
//     struct fields case-insensitively, so either could win;
//   - nesting deeper than MaxDepth.
//
// Every error is one line meant for an API caller: the field path and the
// expected type, or the byte offset of a syntax error. Decode never panics.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// MaxDepth bounds the nesting of objects and arrays; request bodies are flat.
const MaxDepth = 64

// Options tunes DecodeWith; the zero value behaves like Decode.
type Options struct {
	// DisallowUnknownFields refuses object keys that match no struct field.
	DisallowUnknownFields bool
}

// Error is returned for anything wrong with the input (not for programming
// errors such as a non-pointer v); its message is safe to show the caller.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func fail(format string, args ...any) error { return &Error{Msg: fmt.Sprintf(format, args...)} }

// Decode reads one JSON value of at most maxBytes bytes from r into v.
func Decode(r io.Reader, v any, maxBytes int64) error {
	return DecodeWith(r, v, maxBytes, Options{})
}

// DecodeWith is Decode with options.
func DecodeWith(r io.Reader, v any, maxBytes int64, opts Options) error {
	if maxBytes <= 0 {
		return errors.New("strictjson: maxBytes must be positive")
	}
	raw, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return fmt.Errorf("strictjson: reading body: %w", err)
	}
	if int64(len(raw)) > maxBytes {
		return fail("body is larger than %d bytes", maxBytes)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return fail("body is empty; want a JSON value")
	}
	if err := walk(raw); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if opts.DisallowUnknownFields {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return describe(err)
	}
	return nil
}

// frame is one open object or array during the walk.
type frame struct {
	object  bool
	wantKey bool              // object: the next token is a key
	keys    map[string]string // folded key -> key as first written
	index   int               // array: index of the next element
	name    string            // path segment of this container in its parent
}

// walk checks, token by token, that raw is exactly one JSON value with no
// duplicated keys, no excessive nesting and nothing after it.
func walk(raw []byte) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // no float parsing of numbers we only skip
	var stack []*frame
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			b.WriteString(f.name)
		}
		if b.Len() == 0 {
			return "the top-level object"
		}
		return strings.TrimPrefix(b.String(), ".")
	}
	// segment names the value about to start in the current container.
	var pendingKey string
	segment := func() string {
		if len(stack) == 0 {
			return ""
		}
		top := stack[len(stack)-1]
		if top.object {
			return "." + pendingKey
		}
		return fmt.Sprintf("[%d]", top.index)
	}
	// valueDone marks the end of one value in the current container.
	valueDone := func() {
		if len(stack) == 0 {
			return
		}
		top := stack[len(stack)-1]
		if top.object {
			top.wantKey = true
		} else {
			top.index++
		}
	}
	for first := true; first || len(stack) > 0; first = false {
		tok, err := dec.Token()
		if err != nil {
			return describe(err)
		}
		if first && tok == nil {
			return fail("body is null; want a JSON value")
		}
		if len(stack) > 0 {
			if top := stack[len(stack)-1]; top.object && top.wantKey {
				if d, ok := tok.(json.Delim); ok && d == '}' {
					stack = stack[:len(stack)-1]
					valueDone()
					continue
				}
				key, ok := tok.(string)
				if !ok { // encoding/json's Token already refuses this; belt and braces
					return fail("invalid JSON in %s: object key is not a string", path())
				}
				fold := strings.ToLower(strings.ToUpper(key))
				if prev, dup := top.keys[fold]; dup {
					if prev == key {
						return fail("duplicate key %q in %s", key, path())
					}
					return fail("duplicate key %q in %s (also given as %q; keys are matched without regard to case)", key, path(), prev)
				}
				top.keys[fold] = key
				top.wantKey = false
				pendingKey = key
				continue
			}
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if len(stack) >= MaxDepth {
					return fail("JSON is nested deeper than %d levels at %s", MaxDepth, path())
				}
				f := &frame{object: t == '{', wantKey: t == '{', name: segment()}
				if f.object {
					f.keys = map[string]string{}
				}
				stack = append(stack, f)
			case '}', ']':
				stack = stack[:len(stack)-1]
				valueDone()
			}
		default:
			valueDone()
		}
	}
	// Exactly one value: what follows may only be whitespace.
	off := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		rest := bytes.TrimLeft(raw[off:], " \t\r\n")
		return fail("unexpected data after the JSON value at byte %d", int64(len(raw)-len(rest)))
	}
	return nil
}

// describe turns encoding/json's errors into one-line messages for callers.
func describe(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var inv *json.InvalidUnmarshalError
	switch {
	case errors.As(err, &syn):
		return fail("invalid JSON at byte %d: %s", syn.Offset, strings.TrimPrefix(syn.Error(), "json: "))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		} else {
			field = fmt.Sprintf("field %q", field)
		}
		return fail("%s: expected %s, got %s", field, jsonType(typ.Type), gotValue(typ.Value))
	case errors.As(err, &inv):
		return err // a programming error, not the caller's
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return fail("invalid JSON: the body ends before the value is complete")
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return fail("unknown field %s", f)
	}
	return fail("invalid JSON: %s", strings.TrimPrefix(firstLine(msg), "json: "))
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// jsonType names a Go type the way a JSON API caller thinks of it.
func jsonType(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return fmt.Sprintf("a whole number (%s)", t.Kind())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return fmt.Sprintf("a whole number of at least 0 (%s)", t.Kind())
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a " + t.String()
}

// gotValue words encoding/json's description of the offending value
// ("number", "string", "number 1.5", ...).
func gotValue(v string) string {
	switch v {
	case "":
		return "something else"
	case "bool":
		return "a boolean"
	case "array", "object":
		return "an " + v
	case "number", "string":
		return "a " + v
	}
	return v // "number 1.5", "number -1": says which number did not fit
}

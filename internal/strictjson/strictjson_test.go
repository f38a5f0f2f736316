package strictjson

import (
	"errors"
	"strings"
	"testing"
)

type customer struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

type answer struct {
	Key       string         `json:"key"`
	Count     int            `json:"count"`
	Age       uint8          `json:"age"`
	Ratio     float64        `json:"ratio"`
	Agree     bool           `json:"agree"`
	Customer  customer       `json:"customer"`
	Items     []customer     `json:"items"`
	Extra     map[string]any `json:"extra"`
	Decisions []bool         `json:"decisions"`
}

func TestDecodeOK(t *testing.T) {
	var a answer
	body := `  {"key":"x","count":3,"age":40,"ratio":0.5,"agree":true,
	  "customer":{"name":"Jan","phone":"+31612345678"},
	  "items":[{"name":"a"},{"name":"b"}],
	  "extra":{"a":{"a":1},"b":[{"a":1},{"a":2}]},
	  "decisions":[true,false]}` + "\n\t "
	if err := Decode(strings.NewReader(body), &a, 1<<10); err != nil {
		t.Fatal(err)
	}
	if a.Key != "x" || a.Count != 3 || a.Customer.Phone != "+31612345678" || len(a.Items) != 2 || len(a.Decisions) != 2 {
		t.Fatalf("decoded %+v", a)
	}
	// scalars at the top level are fine
	var n int
	if err := Decode(strings.NewReader("42"), &n, 10); err != nil || n != 42 {
		t.Fatal(n, err)
	}
	// the same key in sibling objects is not a duplicate
	var m []map[string]int
	if err := Decode(strings.NewReader(`[{"a":1},{"a":2}]`), &m, 100); err != nil {
		t.Fatal(err)
	}
}

func TestDecodeRefuses(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"trailing garbage", `{"key":"x"} garbage`, "unexpected data after the JSON value at byte 12"},
		{"second value", `{"key":"x"}{"key":"y"}`, "unexpected data after the JSON value at byte 11"},
		{"trailing bracket", `{"key":"x"}}`, "unexpected data after the JSON value at byte 11"},
		{"duplicate top", `{"a":1,"a":2}`, `duplicate key "a" in the top-level object`},
		{"duplicate case", `{"key":"x","KEY":"y"}`, `duplicate key "KEY" in the top-level object (also given as "key"; keys are matched without regard to case)`},
		{"duplicate nested", `{"customer":{"name":"a","phone":"1","name":"b"}}`, `duplicate key "name" in customer`},
		{"duplicate in array", `{"items":[{"name":"a"},{"name":"b","name":"c"}]}`, `duplicate key "name" in items[1]`},
		{"duplicate deep", `{"extra":{"x":[[{"k":1,"k":2}]]}}`, `duplicate key "k" in extra.x[0][0]`},
		{"empty", " \n ", "body is empty"},
		{"null", "null", "body is null"},
		{"syntax", `{"key":}`, "invalid JSON at byte 7: invalid character '}' looking for beginning of value"},
		{"truncated", `{"key":"x"`, "invalid JSON: the body ends before the value is complete"},
		{"single quotes", `{'key':1}`, "invalid JSON at byte 1"},
		{"type string", `{"key":1}`, `field "key": expected a string, got a number`},
		{"type nested", `{"customer":{"phone":31612345678}}`, `field "customer.phone": expected a string, got a number`},
		{"type in array", `{"items":[{"name":"a"},{"name":false}]}`, `field "items.name": expected a string, got a boolean`},
		{"type int", `{"count":"3"}`, `field "count": expected a whole number (int), got a string`},
		{"fraction", `{"count":1.5}`, `field "count": expected a whole number (int), got number 1.5`},
		{"negative uint", `{"age":-1}`, `field "age": expected a whole number of at least 0 (uint8), got number -1`},
		{"overflow", `{"age":300}`, `field "age": expected a whole number of at least 0 (uint8), got number 300`},
		{"bool", `{"agree":"yes"}`, `field "agree": expected true or false, got a string`},
		{"object not array", `{"items":{}}`, `field "items": expected an array, got an object`},
		{"top type", `[1,2]`, `body: expected an object, got an array`},
		{"too big", `{"key":"` + strings.Repeat("x", 100) + `"}`, "body is larger than 64 bytes"},
		{"too deep", strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), "nested deeper than 64 levels"},
		{"invalid utf8 is fine for encoding/json but key dup still found", "{\"a\":\"\xff\",\"a\":1}", `duplicate key "a"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var a answer
			err := Decode(strings.NewReader(tc.body), &a, 64)
			if tc.name != "too big" && len(tc.body) > 64 {
				err = Decode(strings.NewReader(tc.body), &a, 1<<12)
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Decode(%q) = %v, want %q", tc.body, err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("%T is not *Error", err)
			}
		})
	}
}

func TestDecodeBoundaries(t *testing.T) {
	body := `{"key":"x"}` // 11 bytes
	var a answer
	if err := Decode(strings.NewReader(body), &a, 11); err != nil {
		t.Fatalf("exactly maxBytes: %v", err)
	}
	if err := Decode(strings.NewReader(body), &a, 10); err == nil {
		t.Fatal("one byte over accepted")
	}
	if err := Decode(strings.NewReader(body), &a, 0); err == nil {
		t.Fatal("maxBytes 0 accepted")
	}
	// a non-pointer is the caller's bug, not the body's: not an *Error
	var se *Error
	if err := Decode(strings.NewReader(body), a, 100); err == nil || errors.As(err, &se) {
		t.Fatalf("non-pointer: %v", err)
	}
	// the reader is never read past maxBytes+1
	r := &countingReader{r: strings.NewReader(strings.Repeat(" ", 1<<20))}
	_ = Decode(r, &a, 100)
	if r.n > 101 {
		t.Fatalf("read %d bytes for a 100-byte limit", r.n)
	}
}

func TestUnknownFields(t *testing.T) {
	var a answer
	if err := Decode(strings.NewReader(`{"key":"x","bogus":1}`), &a, 100); err != nil {
		t.Fatalf("Decode refuses unknown fields by default: %v", err)
	}
	err := DecodeWith(strings.NewReader(`{"key":"x","bogus":1}`), &a, 100, Options{DisallowUnknownFields: true})
	if err == nil || err.Error() != `unknown field "bogus"` {
		t.Fatalf("got %v", err)
	}
}

type countingReader struct {
	r interface{ Read([]byte) (int, error) }
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

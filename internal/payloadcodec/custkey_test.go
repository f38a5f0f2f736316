package payloadcodec

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// memKeys is DataKeys in memory: workflow id -> customer key ids.
type memKeys struct {
	mu        sync.Mutex
	keys      map[string][]byte
	erased    map[string]bool
	workflows map[string][]string
	asked     []string
}

func newMemKeys(workflows map[string][]string) *memKeys {
	m := &memKeys{keys: map[string][]byte{}, erased: map[string]bool{}, workflows: workflows}
	for _, ids := range workflows {
		for _, id := range ids {
			m.keys[id] = bytes.Repeat([]byte{byte(len(m.keys) + 40)}, KeySize)
		}
	}
	return m
}

func (m *memKeys) ForWorkflow(_ context.Context, wf string) ([]DataKey, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.asked = append(m.asked, wf)
	var out []DataKey
	for _, id := range m.workflows[wf] {
		if !m.erased[id] {
			out = append(out, DataKey{ID: id, Key: m.keys[id]})
		}
	}
	return out, nil
}

func (m *memKeys) Key(_ context.Context, id string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.erased[id] {
		return nil, ErrErased
	}
	k, ok := m.keys[id]
	if !ok {
		return nil, fmt.Errorf("no key %q", id)
	}
	return k, nil
}

func (m *memKeys) erase(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.erased[id] = true
}

type stage string

type visit struct {
	Stage    stage     `json:"stage"`
	Name     string    `json:"name"`
	Email    string    `json:"email"`
	Phone    string    `json:"phone"`
	Plate    string    `json:"plate"`
	Note     string    `json:"note"`
	Price    int       `json:"price"`
	Waiting  bool      `json:"waiting"`
	At       time.Time `json:"at"`
	Photo    []byte    `json:"photo"`
	Tags     []string  `json:"tags"`
	Extra    map[string]any
	Previous *visit `json:"previous,omitempty"`
}

var personal = []string{"Jan de Vries", "jan@example.nl", "+31612345678", "AB-123-C", "kapotte koplamp bij Jan", "IMGDATA", "tag-jan", "jan-extra"}

func janVisit() visit {
	at := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
	return visit{Stage: "diagnose_sent", Name: "Jan de Vries", Email: "jan@example.nl", Phone: "+31612345678", Plate: "AB-123-C",
		Price: 12950, Waiting: true, At: at, Photo: []byte("IMGDATA"), Tags: []string{"tag-jan"},
		Extra:    map[string]any{"k": "jan-extra", "n": 3.0},
		Previous: &visit{Stage: "scheduled", Note: "kapotte koplamp bij Jan"}}
}

const (
	janKey  = "cust-0a1b2c3d"
	ownKey  = "cust-99aa"
	piaKey  = "cust-77ff"
	janWF   = "appointment-1"
	piaWF   = "appointment-2"
	otherWF = "dms-import-1-x"
)

func custConverter(t *testing.T, ring string) (*CustomerConverter, *memKeys) {
	t.Helper()
	ks := newMemKeys(map[string][]string{janWF: {janKey, ownKey}, piaWF: {piaKey}})
	return NewCustomerDataConverter(mustKeyring(t, ring), ks), ks
}

func wireBytes(t *testing.T, p *commonpb.Payload) []byte {
	t.Helper()
	b, err := proto.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCustomerKeySealsTheirWorkflowMasterTheRest(t *testing.T) {
	dc, _ := custConverter(t, "k1:"+key(1))
	p, err := dc.ForWorkflow(janWF).ToPayload(janVisit())
	if err != nil {
		t.Fatal(err)
	}
	if id := string(p.Metadata[MetadataKeyID]); id != ownKey+"+"+janKey && id != janKey+"+"+ownKey {
		t.Fatalf("key id = %q, want both customers' keys", id)
	}
	for _, s := range append(personal, "diagnose_sent", "json/plain") {
		if bytes.Contains(wireBytes(t, p), []byte(s)) {
			t.Errorf("%q visible in the sealed payload", s)
		}
	}
	var got visit
	if err := dc.FromPayload(p, &got); err != nil {
		t.Fatal(err)
	}
	if want := janVisit(); got.Name != want.Name || got.Previous.Note != want.Previous.Note || !got.At.Equal(want.At) {
		t.Fatalf("round trip: %+v", got)
	}

	for _, wf := range []string{otherWF, ""} {
		var c converter.DataConverter = dc
		if wf != "" {
			c = dc.ForWorkflow(wf)
		}
		p, err := c.ToPayload(janVisit())
		if err != nil {
			t.Fatal(err)
		}
		if id := string(p.Metadata[MetadataKeyID]); id != "k1" {
			t.Fatalf("workflow %q: key id %q, want the master key k1", wf, id)
		}
		if p.Metadata[MetadataRedacted] != nil {
			t.Fatal("a master-key payload carries a redacted copy")
		}
	}
}

func TestErasedKeyLeavesOnlyTheRedactedCopy(t *testing.T) {
	dc, ks := custConverter(t, "k1:"+key(1))
	jan, err := dc.ForWorkflow(janWF).ToPayloads(janVisit(), "Jan de Vries", 42)
	if err != nil {
		t.Fatal(err)
	}
	pia, err := dc.ForWorkflow(piaWF).ToPayload(visit{Name: "Pia Peters"})
	if err != nil {
		t.Fatal(err)
	}
	ks.erase(ownKey) // either party's erasure shreds a shared payload

	out, err := dc.Codec().Decode(jan.Payloads)
	if err != nil {
		t.Fatalf("an erased key must not fail decoding: %v", err)
	}
	for i, p := range out {
		if string(p.Metadata[MetadataErased]) != "true" {
			t.Errorf("payload %d not marked erased: %v", i, p.Metadata)
		}
		for _, s := range personal {
			if bytes.Contains(wireBytes(t, p), []byte(s)) {
				t.Errorf("payload %d: %q readable after erasure", i, s)
			}
		}
	}
	// What workflow code branches on survives: enums, numbers, bools,
	// times, emptiness.
	var got visit
	var name string
	var n int
	if err := dc.FromPayloads(jan, &got, &name, &n); err != nil {
		t.Fatal(err)
	}
	want := janVisit()
	if got.Stage != want.Stage || got.Price != want.Price || !got.Waiting || !got.At.Equal(want.At) || n != 42 ||
		got.Previous == nil || got.Previous.Stage != "scheduled" || got.Email != ErasedText || got.Previous.Name != "" ||
		name != ErasedText || string(got.Photo) != ErasedText || got.Tags[0] != ErasedText || got.Extra["k"] != ErasedText || got.Extra["n"] != 3.0 {
		t.Fatalf("redacted copy = %+v (previous %+v), name %q, n %d", got, got.Previous, name, n)
	}
	// Another customer's payload still reads.
	var p visit
	if err := dc.FromPayload(pia, &p); err != nil || p.Name != "Pia Peters" {
		t.Fatalf("Pia's payload: %+v %v", p, err)
	}
}

func TestCustomerPayloadTampered(t *testing.T) {
	dc, _ := custConverter(t, "k1:"+key(1))
	sealed, err := dc.ForWorkflow(janWF).ToPayload(janVisit())
	if err != nil {
		t.Fatal(err)
	}
	other, _ := dc.ForWorkflow(piaWF).ToPayload(visit{Name: "Pia"})
	for name, mutate := range map[string]func(p *commonpb.Payload){
		"flipped ciphertext byte":    func(p *commonpb.Payload) { p.Data[len(p.Data)/2] ^= 1 },
		"flipped nonce byte":         func(p *commonpb.Payload) { p.Data[0] ^= 1 },
		"key id of another customer": func(p *commonpb.Payload) { p.Metadata[MetadataKeyID] = []byte(piaKey) },
		"one key of two dropped":     func(p *commonpb.Payload) { p.Metadata[MetadataKeyID] = []byte(janKey) },
		"another customer's data":    func(p *commonpb.Payload) { p.Data = other.Data },
		"malformed key id":           func(p *commonpb.Payload) { p.Metadata[MetadataKeyID] = []byte("cust-a+nope") },
		"truncated":                  func(p *commonpb.Payload) { p.Data = p.Data[:10] },
	} {
		t.Run(name, func(t *testing.T) {
			p := proto.Clone(sealed).(*commonpb.Payload)
			mutate(p)
			if _, err := dc.Codec().Decode([]*commonpb.Payload{p}); err == nil {
				t.Fatal("tampered payload decoded")
			}
		})
	}
	// A customer payload needs a key store: a codec without one says so.
	if _, err := NewCodec(mustKeyring(t, "k1:"+key(1))).Decode([]*commonpb.Payload{sealed}); err == nil ||
		!strings.Contains(err.Error(), "no customer key store") {
		t.Fatalf("codec without key store: %v", err)
	}
}

func TestMasterRotationWrapsDataKeys(t *testing.T) {
	old := mustKeyring(t, "k1:"+key(1))
	rotated := mustKeyring(t, "k2:"+key(2)+",k1:"+key(1))
	dek := bytes.Repeat([]byte{7}, KeySize)
	m1, w1, err := old.Wrap(janKey, dek)
	if err != nil || m1 != "k1" {
		t.Fatal(m1, err)
	}
	// the rotated keyring unwraps with the old key and wraps with the new
	got, err := rotated.Unwrap(janKey, m1, w1)
	if err != nil || !bytes.Equal(got, dek) {
		t.Fatalf("unwrap after rotation: %v", err)
	}
	m2, w2, err := rotated.Wrap(janKey, got)
	if err != nil || m2 != "k2" {
		t.Fatal(m2, err)
	}
	if _, err := old.Unwrap(janKey, m2, w2); err == nil {
		t.Fatal("a keyring without k2 unwrapped a k2-wrapped key")
	}
	// bound to its data key id and its master key id
	if _, err := rotated.Unwrap(piaKey, m2, w2); err == nil {
		t.Fatal("a wrapped key opened under another data key id")
	}
	if _, err := rotated.Unwrap(janKey, "k1", w2); err == nil {
		t.Fatal("a wrapped key opened under another master key")
	}
	w2[len(w2)-1] ^= 1
	if _, err := rotated.Unwrap(janKey, m2, w2); err == nil {
		t.Fatal("a tampered wrapped key opened")
	}
	if _, err := ParseKeyring("cust-1:" + key(1)); err == nil {
		t.Fatal("a master key id may not look like a customer key id")
	}
}

func TestRedactKeepsStructureOnly(t *testing.T) {
	type inner struct{ Text string }
	in := struct {
		S     string
		E     stage
		Raw   json.RawMessage
		Any   any
		Arr   [2]string
		Empty string
		Nil   []string
		P     *inner
		m     string // unexported: not in JSON
	}{S: "Jan", E: "done", Raw: json.RawMessage(`{"name":"Jan"}`), Any: inner{Text: "Jan"}, Arr: [2]string{"Jan", ""}, P: &inner{Text: "Jan"}, m: "x"}
	r, ok := Redact(in)
	if !ok {
		t.Fatal("not redactable")
	}
	b, _ := json.Marshal(r)
	if bytes.Contains(b, []byte("Jan")) {
		t.Fatalf("redacted copy holds the name: %s", b)
	}
	want := `{"S":"[erased]","E":"done","Raw":null,"Any":{"Text":"[erased]"},"Arr":["[erased]",""],"Empty":"","Nil":null,"P":{"Text":"[erased]"}}`
	if string(b) != want {
		t.Fatalf("redacted\n got %s\nwant %s", b, want)
	}
	if in.S != "Jan" || in.P.Text != "Jan" {
		t.Fatal("Redact changed its input")
	}
	if _, ok := Redact(converter.RawValue{}); ok {
		t.Fatal("a raw payload cannot be redacted")
	}
}

func visitActivity(_ context.Context, v visit) (visit, error) {
	v.Stage = "answered"
	return v, nil
}

func visitWorkflow(ctx workflow.Context, v visit) (visit, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	var out visit
	err := workflow.ExecuteActivity(ctx, visitActivity, v).Get(ctx, &out)
	return out, err
}

// The SDK names the workflow to the converter: inside a workflow and its
// activities every payload is sealed with the customer's key.
func TestSDKBindsTheWorkflowsCustomers(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	ks := newMemKeys(map[string][]string{"default-test-workflow-id": {janKey}})
	dc := NewCustomerDataConverter(mustKeyring(t, "k1:"+key(1)), ks)
	env.SetDataConverter(dc)
	env.RegisterActivity(visitActivity)
	env.ExecuteWorkflow(visitWorkflow, janVisit())
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	var res visit
	if err := env.GetWorkflowResult(&res); err != nil || res.Stage != "answered" || res.Name != "Jan de Vries" {
		t.Fatalf("result %+v, %v", res, err)
	}
	ks.mu.Lock()
	defer ks.mu.Unlock()
	if len(ks.asked) == 0 {
		t.Fatal("the converter was never asked for the workflow's customers")
	}
	for _, wf := range ks.asked {
		if wf != "default-test-workflow-id" {
			t.Fatalf("asked for %q", wf)
		}
	}
}

// The codec endpoint answers an erased payload with its redacted copy, 200.
func TestHTTPDecodeOfErasedPayload(t *testing.T) {
	dc, ks := custConverter(t, "k1:"+key(1))
	ps, err := dc.ForWorkflow(piaWF).ToPayloads(visit{Name: "Pia Peters", Stage: "done"})
	if err != nil {
		t.Fatal(err)
	}
	ks.erase(piaKey)
	h, err := NewHTTPHandler(dc.Codec(), HandlerOptions{Token: testToken, AllowedOrigin: uiOrigin})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := protojson.Marshal(ps)
	w := do(h, http.MethodPost, "/decode", body, map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"})
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var got commonpb.Payloads
	if err := protojson.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Payloads) != 1 || string(got.Payloads[0].Metadata[MetadataErased]) != "true" ||
		!strings.Contains(string(got.Payloads[0].Data), `"stage":"done"`) || strings.Contains(w.Body.String(), "Pia") {
		t.Fatalf("decoded %v", &got)
	}
}

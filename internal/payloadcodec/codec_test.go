package payloadcodec

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"sync"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/proto"
)

// key returns a deterministic 32-byte key as base64 (tests only).
func key(b byte) string { return base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{b}, KeySize)) }

func mustKeyring(t *testing.T, s string) *Keyring {
	t.Helper()
	k, err := ParseKeyring(s)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

type checkIn struct {
	Name  string
	Phone string
	PIN   string
}

const secretPIN = "739184"

func TestParseKeyring(t *testing.T) {
	k := mustKeyring(t, " k2:"+key(2)+" , k1:"+key(1)+",")
	if k.ActiveKeyID() != "k2" {
		t.Fatalf("active = %q, want k2", k.ActiveKeyID())
	}
	if got := strings.Join(k.KeyIDs(), ","); got != "k2,k1" {
		t.Fatalf("ids = %q", got)
	}
	// unpadded base64 is accepted too
	if _, err := ParseKeyring("a:" + strings.TrimRight(key(3), "=")); err != nil {
		t.Fatal(err)
	}

	short := base64.StdEncoding.EncodeToString(make([]byte, 16))
	for _, tc := range []struct{ in, want string }{
		{"", "no key given"},
		{" , ", "no key given"},
		{"k1" + key(1), "not KEYID:BASE64KEY"},
		{":" + key(1), "key id \"\" must be"},
		{"k 1:" + key(1), "must be 1-64 characters"},
		{"k1:" + key(1) + ",k1:" + key(2), `key id "k1" appears twice`},
		{"k1:not*base64", `key "k1" is not valid base64`},
		{"k1:" + short, `key "k1" is 16 bytes, want 32`},
	} {
		_, err := ParseKeyring(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), EnvKeys+": ") {
			t.Errorf("ParseKeyring(%q) = %v, want error containing %q", tc.in, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), key(1)) {
			t.Errorf("error leaks key material: %v", err)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	dc := NewDataConverter(mustKeyring(t, "k1:"+key(1)))
	in := checkIn{Name: "Jan de Vries", Phone: "+31612345678", PIN: secretPIN}
	ps, err := dc.ToPayloads(in, "second arg", 42, []byte{0, 1, 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps.Payloads {
		if enc := string(p.Metadata[converter.MetadataEncoding]); enc != MetadataEncodingEncrypted {
			t.Fatalf("encoding = %q", enc)
		}
		if id := string(p.Metadata[MetadataKeyID]); id != "k1" {
			t.Fatalf("key id = %q", id)
		}
	}
	var (
		out  checkIn
		s    string
		n    int
		b    []byte
		nilv *checkIn
	)
	if err := dc.FromPayloads(ps, &out, &s, &n, &b, &nilv); err != nil {
		t.Fatal(err)
	}
	if out != in || s != "second arg" || n != 42 || !bytes.Equal(b, []byte{0, 1, 2}) || nilv != nil {
		t.Fatalf("round trip changed values: %+v %q %d %v %v", out, s, n, b, nilv)
	}
}

func TestNonceIsFresh(t *testing.T) {
	c := NewCodec(mustKeyring(t, "k1:"+key(1)))
	p := &commonpb.Payload{Data: []byte("same")}
	a, _ := c.Encode([]*commonpb.Payload{p})
	b, _ := c.Encode([]*commonpb.Payload{p})
	if bytes.Equal(a[0].Data, b[0].Data) {
		t.Fatal("two encryptions of one payload are identical: nonce reused")
	}
}

func TestRotation(t *testing.T) {
	old := NewDataConverter(mustKeyring(t, "k1:"+key(1)))
	rotated := NewDataConverter(mustKeyring(t, "k2:"+key(2)+",k1:"+key(1)))

	written, err := old.ToPayload(checkIn{PIN: secretPIN})
	if err != nil {
		t.Fatal(err)
	}
	var got checkIn
	if err := rotated.FromPayload(written, &got); err != nil || got.PIN != secretPIN {
		t.Fatalf("rotated keyring cannot read old payload: %v %+v", err, got)
	}

	fresh, err := rotated.ToPayload(checkIn{PIN: secretPIN})
	if err != nil {
		t.Fatal(err)
	}
	if id := string(fresh.Metadata[MetadataKeyID]); id != "k2" {
		t.Fatalf("new payloads use key %q, want k2", id)
	}
	// a process still on the old keyring cannot read k2 and says why
	err = old.FromPayload(fresh, &got)
	if !errors.Is(err, ErrUnknownKey) || !strings.Contains(err.Error(), `"k2"`) || !strings.Contains(err.Error(), "keyring has k1") {
		t.Fatalf("want unknown key error naming k2 and k1, got %v", err)
	}
}

func TestTamperedFails(t *testing.T) {
	keys := mustKeyring(t, "k1:"+key(1)+",k9:"+key(9))
	c := NewCodec(keys)
	enc, err := c.Encode([]*commonpb.Payload{{Metadata: map[string][]byte{"encoding": []byte("json/plain")}, Data: []byte(`"x"`)}})
	if err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(p *commonpb.Payload){
		"flipped ciphertext byte": func(p *commonpb.Payload) { p.Data[len(p.Data)/2] ^= 1 },
		"flipped nonce byte":      func(p *commonpb.Payload) { p.Data[0] ^= 1 },
		"flipped tag byte":        func(p *commonpb.Payload) { p.Data[len(p.Data)-1] ^= 1 },
		"key id swapped":          func(p *commonpb.Payload) { p.Metadata[MetadataKeyID] = []byte("k9") },
		"truncated":               func(p *commonpb.Payload) { p.Data = p.Data[:10] },
		"no key id":               func(p *commonpb.Payload) { delete(p.Metadata, MetadataKeyID) },
	} {
		t.Run(name, func(t *testing.T) {
			p := proto.Clone(enc[0]).(*commonpb.Payload)
			mutate(p)
			if _, err := c.Decode([]*commonpb.Payload{p}); err == nil {
				t.Fatal("tampered payload decoded")
			} else {
				t.Log(err)
			}
		})
	}
}

func TestUnencryptedPassesThrough(t *testing.T) {
	plain, err := converter.GetDefaultDataConverter().ToPayloads(checkIn{Name: "written before encryption"}, nil, []byte("raw"))
	if err != nil {
		t.Fatal(err)
	}
	c := NewCodec(mustKeyring(t, "k1:"+key(1)))
	out, err := c.Decode(plain.Payloads)
	if err != nil {
		t.Fatal(err)
	}
	for i := range out {
		if !proto.Equal(out[i], plain.Payloads[i]) {
			t.Fatalf("payload %d changed: %v", i, out[i])
		}
	}
	var got checkIn
	if err := NewDataConverter(mustKeyring(t, "k1:"+key(1))).FromPayloads(plain, &got); err != nil || got.Name != "written before encryption" {
		t.Fatalf("old history unreadable: %v %+v", err, got)
	}
}

// The PIN never appears in the bytes that go to the Temporal server.
func TestPINNotInEncodedBytes(t *testing.T) {
	in := checkIn{Name: "Jan de Vries", Phone: "+31612345678", PIN: secretPIN}
	clear, err := converter.GetDefaultDataConverter().ToPayloads(in)
	if err != nil {
		t.Fatal(err)
	}
	clearBytes, _ := proto.Marshal(clear)
	if !bytes.Contains(clearBytes, []byte(secretPIN)) {
		t.Fatal("test is vacuous: the default converter should show the PIN")
	}
	enc, err := NewDataConverter(mustKeyring(t, "k1:"+key(1))).ToPayloads(in)
	if err != nil {
		t.Fatal(err)
	}
	wire, _ := proto.Marshal(enc)
	for _, secret := range []string{secretPIN, "+31612345678", "Jan de Vries", `"PIN"`, "json/plain"} {
		if bytes.Contains(wire, []byte(secret)) {
			t.Errorf("%q visible in encoded bytes", secret)
		}
	}
}

// recordingCodec keeps what the encrypting codec hands to the server.
type recordingCodec struct {
	inner converter.PayloadCodec
	mu    sync.Mutex
	wire  [][]byte
}

func (r *recordingCodec) Encode(ps []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out, err := r.inner.Encode(ps)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range out {
		b, _ := proto.Marshal(p)
		r.wire = append(r.wire, b)
	}
	return out, err
}

func (r *recordingCodec) Decode(ps []*commonpb.Payload) ([]*commonpb.Payload, error) {
	return r.inner.Decode(ps)
}

func checkPINActivity(_ context.Context, in checkIn) (string, error) {
	if in.PIN != secretPIN {
		return "", errors.New("activity saw a different PIN")
	}
	return "pin ok for " + in.Name, nil
}

func checkInWorkflow(ctx workflow.Context, in checkIn) (string, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10_000_000_000})
	var res string
	err := workflow.ExecuteActivity(ctx, checkPINActivity, in).Get(ctx, &res)
	return res, err
}

// Through the SDK's test workflow environment: the workflow and activity see
// the PIN, every payload the environment encodes is encrypted.
func TestWorkflowEnvironmentEncrypts(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	rec := &recordingCodec{inner: NewCodec(mustKeyring(t, "k1:"+key(1)))}
	env.SetDataConverter(converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), rec))
	env.RegisterActivity(checkPINActivity)
	env.ExecuteWorkflow(checkInWorkflow, checkIn{Name: "Jan", PIN: secretPIN})
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	var res string
	if err := env.GetWorkflowResult(&res); err != nil || res != "pin ok for Jan" {
		t.Fatalf("result %q, %v", res, err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.wire) == 0 {
		t.Fatal("the environment encoded nothing through the codec")
	}
	for _, b := range rec.wire {
		if bytes.Contains(b, []byte(secretPIN)) {
			t.Fatal("PIN visible in an encoded payload")
		}
		if !bytes.Contains(b, []byte(MetadataEncodingEncrypted)) {
			t.Fatal("an encoded payload is not marked encrypted")
		}
	}
}

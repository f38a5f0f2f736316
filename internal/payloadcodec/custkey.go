package payloadcodec

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/proto"
)

// Crypto-shredding (issue #26). A payload of a workflow that holds a
// customer's data is sealed with that customer's data key (one random
// AES-256 key per customer, kept wrapped by a master key in the database,
// internal/custkeys) instead of the master key:
//
//	metadata: encoding = "binary/encrypted",
//	          encryption-key-id = "cust-<opaque>[+cust-<opaque>...]",
//	          pitstop-redacted = a master-key payload of the Redact copy
//	data:     12-byte nonce || AES-256-GCM(proto.Marshal(original payload))
//
// With several customers (an appointment's driver and owner) the AEAD key
// is SHA-256 over all their data keys, so erasing any one of them shreds
// it. Once a data key is erased, Decode answers the redacted copy (marked
// with pitstop-erased), which holds no free text and keeps the structure
// (enums, numbers, times): decoding never fails, the codec endpoint shows
// "[erased]", and replay gets the copies (README: replay of an erased
// lifecycle is not demonstrated yet).
const (
	// CustomerKeyPrefix starts every customer data key id.
	CustomerKeyPrefix = "cust-"
	// MetadataRedacted carries the redacted copy of a customer payload.
	MetadataRedacted = "pitstop-redacted"
	// MetadataErased marks a payload decoded from its redacted copy.
	MetadataErased = "pitstop-erased"

	custAADPrefix = "pitstop/payloadcodec/cust/v1:"
	keyLookupTime = 10 * time.Second
)

// ErrErased is wrapped when a customer data key has been erased.
var ErrErased = errors.New("customer data key erased")

// DataKey is one customer's unwrapped data key.
type DataKey struct {
	ID  string
	Key []byte
}

// DataKeys is the customers' key store (internal/custkeys on PostgreSQL).
type DataKeys interface {
	// ForWorkflow gives the live data keys of the customers whose data the
	// workflow holds; none means the master key seals its payloads.
	ForWorkflow(ctx context.Context, workflowID string) ([]DataKey, error)
	// Key unwraps one data key; ErrErased once it is erased.
	Key(ctx context.Context, id string) ([]byte, error)
}

// customerKeyID is the metadata key id of a set of data keys.
func customerKeyID(keys []DataKey) string {
	ids := make([]string, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	return strings.Join(ids, "+")
}

// combinedKey is the AEAD key for keys sorted by id: the one data key, or a
// hash of all of them (each needed to derive it).
func combinedKey(keys []DataKey) []byte {
	if len(keys) == 1 {
		return keys[0].Key
	}
	h := sha256.New()
	h.Write([]byte(custAADPrefix))
	for _, k := range keys {
		h.Write([]byte(k.ID))
		h.Write(k.Key)
	}
	return h.Sum(nil)
}

func sortKeys(keys []DataKey) []DataKey {
	out := append([]DataKey(nil), keys...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// sealCustomer seals p with the customers' keys and attaches the redacted
// copy (nil: none, then an erased key decodes to null).
func (c *Codec) sealCustomer(p, redacted *commonpb.Payload, keys []DataKey) (*commonpb.Payload, error) {
	keys = sortKeys(keys)
	id := customerKeyID(keys)
	aead, err := newAEAD(combinedKey(keys))
	if err != nil {
		return nil, err
	}
	plain, err := proto.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("payloadcodec: marshal payload: %w", err)
	}
	buf := make([]byte, nonceSize, nonceSize+len(plain)+aead.Overhead())
	if _, err := rand.Read(buf); err != nil {
		return nil, fmt.Errorf("payloadcodec: nonce: %w", err)
	}
	out := &commonpb.Payload{
		Metadata: map[string][]byte{
			converter.MetadataEncoding: []byte(MetadataEncodingEncrypted),
			MetadataKeyID:              []byte(id),
		},
		Data: aead.Seal(buf, buf, plain, []byte(custAADPrefix+id)),
	}
	if redacted != nil {
		enc, err := c.Encode([]*commonpb.Payload{redacted})
		if err != nil {
			return nil, err
		}
		b, err := proto.Marshal(enc[0])
		if err != nil {
			return nil, err
		}
		out.Metadata[MetadataRedacted] = b
	}
	return out, nil
}

// openCustomer decodes a payload sealed by sealCustomer.
func (c *Codec) openCustomer(i int, p *commonpb.Payload, id string) (*commonpb.Payload, error) {
	if c.custKeys == nil {
		return nil, fmt.Errorf("payloadcodec: payload %d is sealed with customer key %q but this process has no customer key store", i, id)
	}
	ctx, cancel := context.WithTimeout(context.Background(), keyLookupTime)
	defer cancel()
	var keys []DataKey
	for _, kid := range strings.Split(id, "+") {
		if !strings.HasPrefix(kid, CustomerKeyPrefix) || !validKeyID(kid) {
			return nil, fmt.Errorf("payloadcodec: payload %d: malformed customer key id", i)
		}
		k, err := c.custKeys.Key(ctx, kid)
		if errors.Is(err, ErrErased) {
			return c.erased(i, p)
		}
		if err != nil {
			return nil, fmt.Errorf("payloadcodec: payload %d: customer key %q: %w", i, kid, err)
		}
		keys = append(keys, DataKey{ID: kid, Key: k})
	}
	aead, err := newAEAD(combinedKey(keys))
	if err != nil {
		return nil, err
	}
	data := p.GetData()
	if len(data) < nonceSize+aead.Overhead() {
		return nil, fmt.Errorf("payloadcodec: payload %d (key %q): ciphertext too short (%d bytes)", i, id, len(data))
	}
	plain, err := aead.Open(nil, data[:nonceSize], data[nonceSize:], []byte(custAADPrefix+id))
	if err != nil {
		return nil, fmt.Errorf("payloadcodec: payload %d (key %q) failed authentication: tampered, or sealed with other keys", i, id)
	}
	var orig commonpb.Payload
	if err := proto.Unmarshal(plain, &orig); err != nil {
		return nil, fmt.Errorf("payloadcodec: payload %d (key %q): decrypted data is not a payload: %w", i, id, err)
	}
	return &orig, nil
}

// erased answers a payload whose customer key is gone: its redacted copy,
// or null when it has none, marked with MetadataErased.
func (c *Codec) erased(i int, p *commonpb.Payload) (*commonpb.Payload, error) {
	out := &commonpb.Payload{Metadata: map[string][]byte{converter.MetadataEncoding: []byte(converter.MetadataEncodingNil)}}
	if b := p.GetMetadata()[MetadataRedacted]; len(b) > 0 {
		var sealed commonpb.Payload
		if err := proto.Unmarshal(b, &sealed); err != nil {
			return nil, fmt.Errorf("payloadcodec: payload %d: redacted copy is not a payload: %w", i, err)
		}
		if string(sealed.GetMetadata()[MetadataKeyID]) == "" || strings.HasPrefix(string(sealed.GetMetadata()[MetadataKeyID]), CustomerKeyPrefix) {
			return nil, fmt.Errorf("payloadcodec: payload %d: redacted copy is not sealed with a master key", i)
		}
		dec, err := c.Decode([]*commonpb.Payload{&sealed})
		if err != nil {
			return nil, err
		}
		out = dec[0]
	}
	out.Metadata[MetadataErased] = []byte("true")
	return out, nil
}

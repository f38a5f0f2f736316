// Package payloadcodec encrypts every Temporal payload with AES-256-GCM so that
// customer data (names, phone numbers, PINs, answers) is never stored in clear
// in Temporal's history. Keys come from one config string (PITSTOP_PAYLOAD_KEYS,
// see ParseKeyring); the first key encrypts, every key decrypts, so keys rotate
// by putting a new key first and dropping the old one only once no history
// still needs it.
//
// Wire format of an encrypted payload:
//
//	metadata: encoding = "binary/encrypted", encryption-key-id = <key id>
//	data:     12-byte random nonce || AES-256-GCM(proto.Marshal(original payload))
//
// The whole original payload (its metadata too, e.g. "json/plain") is sealed,
// and the key id is bound as additional authenticated data, so neither the
// ciphertext nor the key id can be swapped without Decode failing.
package payloadcodec

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/proto"
)

const (
	// EnvKeys is the environment variable the keyring is read from.
	EnvKeys = "PITSTOP_PAYLOAD_KEYS"
	// MetadataEncodingEncrypted marks a payload this codec encrypted.
	MetadataEncodingEncrypted = "binary/encrypted"
	// MetadataKeyID names the key a payload was encrypted with.
	MetadataKeyID = "encryption-key-id"
	// KeySize is the AES-256 key length in bytes.
	KeySize = 32

	nonceSize = 12
	aadPrefix = "pitstop/payloadcodec/v1:"
)

// Keyring holds the payload keys; the first one parsed is active.
type Keyring struct {
	active string
	ids    []string
	aeads  map[string]cipher.AEAD
}

// ParseKeyring reads "id1:<base64 32 bytes>,id2:<base64 32 bytes>,...".
// The first entry is the active key (it encrypts); all entries decrypt.
// Key ids are 1-64 characters of [A-Za-z0-9._-]; the key is standard base64
// (padded or not) of exactly 32 bytes, e.g. from `openssl rand -base64 32`.
// Spaces around entries are ignored. Errors never contain key material.
func ParseKeyring(s string) (*Keyring, error) {
	k := &Keyring{aeads: map[string]cipher.AEAD{}}
	var problems []string
	for i, entry := range strings.Split(s, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		id, b64, ok := strings.Cut(entry, ":")
		id, b64 = strings.TrimSpace(id), strings.TrimSpace(b64)
		if !ok {
			problems = append(problems, fmt.Sprintf("entry %d is not KEYID:BASE64KEY", i+1))
			continue
		}
		if !validKeyID(id) {
			problems = append(problems, fmt.Sprintf("entry %d: key id %q must be 1-64 characters of A-Z a-z 0-9 . _ -", i+1, id))
			continue
		}
		if strings.HasPrefix(id, CustomerKeyPrefix) {
			problems = append(problems, fmt.Sprintf("entry %d: key id %q must not start with %q (customer data keys do)", i+1, id, CustomerKeyPrefix))
			continue
		}
		if _, dup := k.aeads[id]; dup {
			problems = append(problems, fmt.Sprintf("key id %q appears twice", id))
			continue
		}
		raw, err := decodeBase64(b64)
		if err != nil {
			problems = append(problems, fmt.Sprintf("key %q is not valid base64", id))
			continue
		}
		if len(raw) != KeySize {
			problems = append(problems, fmt.Sprintf("key %q is %d bytes, want %d (AES-256)", id, len(raw), KeySize))
			continue
		}
		aead, err := newAEAD(raw)
		if err != nil {
			problems = append(problems, fmt.Sprintf("key %q: %v", id, err))
			continue
		}
		k.aeads[id] = aead
		k.ids = append(k.ids, id)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s: %s", EnvKeys, strings.Join(problems, "; "))
	}
	if len(k.ids) == 0 {
		return nil, fmt.Errorf("%s: no key given; want KEYID:BASE64KEY[,KEYID:BASE64KEY...] with 32-byte keys", EnvKeys)
	}
	k.active = k.ids[0]
	return k, nil
}

// ActiveKeyID is the id of the key that encrypts.
func (k *Keyring) ActiveKeyID() string { return k.active }

// KeyIDs lists every key id, active first.
func (k *Keyring) KeyIDs() []string { return append([]string(nil), k.ids...) }

func validKeyID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
		default:
			return false
		}
	}
	return true
}

func decodeBase64(s string) ([]byte, error) {
	if strings.HasSuffix(s, "=") {
		return base64.StdEncoding.DecodeString(s)
	}
	return base64.RawStdEncoding.DecodeString(s)
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// Codec is a converter.PayloadCodec that encrypts with the keyring's active
// key and decrypts with any of its keys, and with the customers' data keys
// when it has a key store (custkey.go).
type Codec struct {
	keys     *Keyring
	custKeys DataKeys
}

var _ converter.PayloadCodec = (*Codec)(nil)

// NewCodec returns the encrypting codec for keys, without customer keys.
func NewCodec(keys *Keyring) *Codec { return &Codec{keys: keys} }

// NewCustomerCodec is NewCodec that also reads payloads sealed with
// customers' data keys from custKeys (an erased one reads as its redacted
// copy); it still encodes with the master key: only the DataConverter knows
// whose workflow a payload belongs to.
func NewCustomerCodec(keys *Keyring, custKeys DataKeys) *Codec {
	return &Codec{keys: keys, custKeys: custKeys}
}

// NewDataConverter is the SDK's default data converter with every payload
// encrypted with the master key (no customer keys: tests and tools that
// never see a customer's workflow).
func NewDataConverter(keys *Keyring) converter.DataConverter {
	return converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), NewCodec(keys))
}

// ErrUnknownKey is wrapped when a payload names a key the keyring lacks.
var ErrUnknownKey = errors.New("unknown encryption key id")

// Encode encrypts every payload with the active key.
func (c *Codec) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	id := c.keys.active
	aead := c.keys.aeads[id]
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		plain, err := proto.Marshal(p)
		if err != nil {
			return payloads, fmt.Errorf("payloadcodec: marshal payload %d: %w", i, err)
		}
		buf := make([]byte, nonceSize, nonceSize+len(plain)+aead.Overhead())
		if _, err := rand.Read(buf); err != nil {
			return payloads, fmt.Errorf("payloadcodec: nonce: %w", err)
		}
		out[i] = &commonpb.Payload{
			Metadata: map[string][]byte{
				converter.MetadataEncoding: []byte(MetadataEncodingEncrypted),
				MetadataKeyID:              []byte(id),
			},
			Data: aead.Seal(buf, buf, plain, []byte(aadPrefix+id)),
		}
	}
	return out, nil
}

// Decode decrypts payloads this codec encrypted. Payloads without the
// "binary/encrypted" encoding pass through unchanged, so histories written
// before encryption was switched on still read.
func (c *Codec) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		if string(p.GetMetadata()[converter.MetadataEncoding]) != MetadataEncodingEncrypted {
			out[i] = p
			continue
		}
		id := string(p.GetMetadata()[MetadataKeyID])
		if id == "" {
			return payloads, fmt.Errorf("payloadcodec: payload %d is encrypted but has no %q metadata", i, MetadataKeyID)
		}
		if strings.HasPrefix(id, CustomerKeyPrefix) {
			orig, err := c.openCustomer(i, p, id)
			if err != nil {
				return payloads, err
			}
			out[i] = orig
			continue
		}
		aead, ok := c.keys.aeads[id]
		if !ok {
			return payloads, fmt.Errorf("payloadcodec: payload %d: %w %q (keyring has %s; add the old key to %s to read it)",
				i, ErrUnknownKey, id, strings.Join(c.keys.ids, ", "), EnvKeys)
		}
		data := p.GetData()
		if len(data) < nonceSize+aead.Overhead() {
			return payloads, fmt.Errorf("payloadcodec: payload %d (key %q): ciphertext too short (%d bytes)", i, id, len(data))
		}
		plain, err := aead.Open(nil, data[:nonceSize], data[nonceSize:], []byte(aadPrefix+id))
		if err != nil {
			return payloads, fmt.Errorf("payloadcodec: payload %d (key %q) failed authentication: tampered, or encrypted with a different key under the same id", i, id)
		}
		var orig commonpb.Payload
		if err := proto.Unmarshal(plain, &orig); err != nil {
			return payloads, fmt.Errorf("payloadcodec: payload %d (key %q): decrypted data is not a payload: %w", i, id, err)
		}
		out[i] = &orig
	}
	return out, nil
}

// wrapAAD binds a wrapped data key to its id and master key id.
func wrapAAD(dataKeyID, masterID string) []byte {
	return []byte("pitstop/payloadcodec/wrap/v1:" + dataKeyID + ":" + masterID)
}

// Wrap seals a customer data key with the active master key; it returns the
// master key's id, to be stored beside the wrapped key.
func (k *Keyring) Wrap(dataKeyID string, dataKey []byte) (masterID string, wrapped []byte, err error) {
	aead := k.aeads[k.active]
	buf := make([]byte, nonceSize, nonceSize+len(dataKey)+aead.Overhead())
	if _, err := rand.Read(buf); err != nil {
		return "", nil, fmt.Errorf("payloadcodec: nonce: %w", err)
	}
	return k.active, aead.Seal(buf, buf, dataKey, wrapAAD(dataKeyID, k.active)), nil
}

// Unwrap opens a data key Wrap sealed with master key masterID.
func (k *Keyring) Unwrap(dataKeyID, masterID string, wrapped []byte) ([]byte, error) {
	aead, ok := k.aeads[masterID]
	if !ok {
		return nil, fmt.Errorf("payloadcodec: data key %q: %w %q (add the old master key to %s)", dataKeyID, ErrUnknownKey, masterID, EnvKeys)
	}
	if len(wrapped) < nonceSize+aead.Overhead() {
		return nil, fmt.Errorf("payloadcodec: data key %q: wrapped key too short", dataKeyID)
	}
	key, err := aead.Open(nil, wrapped[:nonceSize], wrapped[nonceSize:], wrapAAD(dataKeyID, masterID))
	if err != nil || len(key) != KeySize {
		return nil, fmt.Errorf("payloadcodec: data key %q failed authentication under master key %q", dataKeyID, masterID)
	}
	return key, nil
}

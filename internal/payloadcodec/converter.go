package payloadcodec

import (
	"context"
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
)

// CustomerConverter is the data converter of the API, the worker and the
// tools: the SDK tells it, through the serialization context, which
// workflow a payload belongs to (its input, result, signals, updates,
// queries, its activities' inputs and results), and it seals the payload
// with the data keys of that workflow's customers (DataKeys.ForWorkflow)
// together with a redacted copy under the master key; other payloads get
// the master key as before. Decoding needs no context: the key ids are in
// the payload's metadata.
type CustomerConverter struct {
	codec      *Codec
	plain      converter.DataConverter
	workflowID string
}

var (
	_ converter.DataConverter                         = (*CustomerConverter)(nil)
	_ converter.DataConverterWithSerializationContext = (*CustomerConverter)(nil)
)

// NewCustomerDataConverter seals customers' workflows' payloads with their
// data keys from custKeys and everything else with the keyring's active key.
func NewCustomerDataConverter(keys *Keyring, custKeys DataKeys) *CustomerConverter {
	return &CustomerConverter{codec: NewCustomerCodec(keys, custKeys), plain: converter.GetDefaultDataConverter()}
}

// Codec is the codec it decodes with (for the codec HTTP endpoint).
func (c *CustomerConverter) Codec() *Codec { return c.codec }

// WithSerializationContext binds the converter to a workflow.
func (c *CustomerConverter) WithSerializationContext(sc converter.SerializationContext) converter.DataConverter {
	out := *c
	switch s := sc.(type) {
	case converter.WorkflowSerializationContext:
		out.workflowID = s.WorkflowID
	case converter.ActivitySerializationContext:
		out.workflowID = s.WorkflowID
	default:
		out.workflowID = ""
	}
	return &out
}

// ForWorkflow is the converter as the SDK binds it to workflowID (tests,
// tools that encode outside the SDK).
func (c *CustomerConverter) ForWorkflow(workflowID string) *CustomerConverter {
	return c.WithSerializationContext(converter.WorkflowSerializationContext{WorkflowID: workflowID}).(*CustomerConverter)
}

func (c *CustomerConverter) customerKeys() ([]DataKey, error) {
	if c.workflowID == "" || c.codec.custKeys == nil {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), keyLookupTime)
	defer cancel()
	keys, err := c.codec.custKeys.ForWorkflow(ctx, c.workflowID)
	if err != nil {
		// Never fall back to the master key: the payload would outlive an erasure.
		return nil, fmt.Errorf("payloadcodec: customer keys of workflow %q: %w", c.workflowID, err)
	}
	return keys, nil
}

// ToPayload encodes and seals one value.
func (c *CustomerConverter) ToPayload(value any) (*commonpb.Payload, error) {
	p, err := c.plain.ToPayload(value)
	if err != nil {
		return nil, err
	}
	keys, err := c.customerKeys()
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		enc, err := c.codec.Encode([]*commonpb.Payload{p})
		if err != nil {
			return nil, err
		}
		return enc[0], nil
	}
	var redacted *commonpb.Payload
	if r, ok := Redact(value); ok {
		// A value whose copy cannot be encoded keeps no copy (erased: null).
		redacted, _ = c.plain.ToPayload(r)
	}
	return c.codec.sealCustomer(p, redacted, keys)
}

// ToPayloads encodes and seals values.
func (c *CustomerConverter) ToPayloads(values ...any) (*commonpb.Payloads, error) {
	if len(values) == 0 {
		return nil, nil
	}
	out := &commonpb.Payloads{}
	for i, v := range values {
		p, err := c.ToPayload(v)
		if err != nil {
			return nil, fmt.Errorf("values[%d]: %w", i, err)
		}
		out.Payloads = append(out.Payloads, p)
	}
	return out, nil
}

func (c *CustomerConverter) decode(p *commonpb.Payload) (*commonpb.Payload, error) {
	out, err := c.codec.Decode([]*commonpb.Payload{p})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// FromPayload opens and decodes one payload.
func (c *CustomerConverter) FromPayload(p *commonpb.Payload, valuePtr any) error {
	if p == nil {
		return nil
	}
	d, err := c.decode(p)
	if err != nil {
		return err
	}
	return c.plain.FromPayload(d, valuePtr)
}

// FromPayloads opens and decodes payloads into valuePtrs.
func (c *CustomerConverter) FromPayloads(ps *commonpb.Payloads, valuePtrs ...any) error {
	if ps == nil {
		return nil
	}
	for i, p := range ps.GetPayloads() {
		if i >= len(valuePtrs) {
			break
		}
		if err := c.FromPayload(p, valuePtrs[i]); err != nil {
			return fmt.Errorf("payload item %d: %w", i, err)
		}
	}
	return nil
}

// ToString opens a payload for display (logs, the CLI).
func (c *CustomerConverter) ToString(p *commonpb.Payload) string {
	d, err := c.decode(p)
	if err != nil {
		return err.Error()
	}
	return c.plain.ToString(d)
}

// ToStrings opens payloads for display.
func (c *CustomerConverter) ToStrings(ps *commonpb.Payloads) []string {
	var out []string
	for _, p := range ps.GetPayloads() {
		out = append(out, c.ToString(p))
	}
	return out
}

// Package commread is a customer communication as it is read: the document
// stored with it (rebuilt when something it shows changes), the per-reader
// fields, signed attachment URLs, and the rules of what a customer sees.
package commread

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationsetting"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/readdoc"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// Reader builds and serves a communication's read document (the customer's
// read and the receptionist's appointment detail both serve it).
type Reader struct {
	DB         *store.DB
	Log        *slog.Logger
	KeySecret  []byte
	APIBaseURL string
	Now        func() time.Time
}

// NewReader is the Reader of the API's dependencies.
func NewReader(d httpx.Deps) *Reader {
	return &Reader{DB: d.DB, Log: d.Log, KeySecret: d.KeySecret, APIBaseURL: d.APIBaseURL, Now: d.Now}
}

// ReadBody writes the per-reader fields in front of the document's own
// (doc is a JSON object: its "{" is replaced).
func ReadBody(doc []byte, receptionistKey string, status enums.CommunicationStatus, receptionist bool) []byte {
	k, _ := json.Marshal(receptionistKey)
	b := make([]byte, 0, len(doc)+len(k)+64)
	b = append(b, `{"receptionist_key":`...)
	b = append(b, k...)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, `,"is_receptionist":`...)
	b = strconv.AppendBool(b, receptionist)
	b = append(b, ',')
	return append(b, doc[1:]...)
}

// Read is the whole answer as a value (for the receptionist's
// appointment detail, which embeds it).
func (s *Reader) Read(ctx context.Context, com *ent.CustomerCommunication, receptionist bool) (json.RawMessage, error) {
	doc, err := s.Document(ctx, com)
	if err != nil {
		return nil, err
	}
	key := ""
	if receptionist {
		key = s.ReceptionistKey(com)
	}
	return ReadBody(s.SignDocument(doc), key, com.Status, receptionist), nil
}

// Document is com's stored document, rebuilt when cleared and kept by the
// read model (readdoc.Store: only if document_version has not moved since
// com was read, so a rebuild that raced a change is never kept).
func (s *Reader) Document(ctx context.Context, com *ent.CustomerCommunication) ([]byte, error) {
	if com.Document != nil && len(*com.Document) > 0 {
		return *com.Document, nil
	}
	d, err := AssembleAt(ctx, s.DB.Client, com.ID, s.APIBaseURL)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	if err := readdoc.Store(ctx, s.DB.SQL, com.ID, com.DocumentVersion, b); err != nil {
		// The answer is right; only the next read pays for the rebuild again.
		s.Log.Warn("communication document not stored", "communication_id", com.ID, "error", err)
	}
	return b, nil
}

// ReceptionistKey derives the receptionist's key of a communication.
func (s *Reader) ReceptionistKey(com *ent.CustomerCommunication) string {
	return keys.Derive(s.KeySecret, keys.Receptionist, com.ID, com.ReceptionistKeySalt)
}

// LocationSettings reads the location and its setting (zero values when
// the location has none yet, which is what the flags' defaults mean).
func (s *Reader) LocationSettings(ctx context.Context, locationID int) (*ent.DealerLocation, *ent.CommunicationSetting, error) {
	loc, err := s.DB.DealerLocation.Get(ctx, locationID)
	if err != nil {
		return nil, nil, err
	}
	set, err := s.DB.CommunicationSetting.Query().Where(communicationsetting.DealerLocationID(locationID)).Only(ctx)
	if ent.IsNotFound(err) {
		return loc, &ent.CommunicationSetting{}, nil
	}
	return loc, set, err
}

func MandatoryProblem(a *ent.CommunicationAgreement) string {
	return fmt.Sprintf("agreement_ids: the agreement %q (id %d) is not optional and must be accepted", a.Name, a.ID)
}

// KindHidesPrice: the location hides the price of lease, internal or
// warranty work.
func KindHidesPrice(set *ent.CommunicationSetting, ap *ent.Appointment, iv *ent.Intervention) bool {
	return (ap.IsLeaseCompany && set.HideLeaseInterventionPrice) || (iv.IsInternalInDms && set.HideInternalInterventionPrice) ||
		(iv.IsWarrantyInDms && set.HideWarrantyInterventionPrice)
}

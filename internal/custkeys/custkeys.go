// Package custkeys keeps one data key per customer for their workflow
// payloads (crypto-shredding, issue #26): payloadcodec seals the payloads of
// a workflow that holds a customer's data with that customer's key, and
// Erase deletes the key in the erasure's transaction, after which nobody
// reads those payloads again, through the codec endpoint or otherwise.
//
// A data key is 32 random bytes, stored in customer_data_keys wrapped by
// the active master key of PITSTOP_PAYLOAD_KEYS (the row names that master
// key; Rewrap moves every key to the active one after a rotation). Its id
// ("cust-" and 16 random bytes in hex) names nobody. A customer's key is
// made the first time one of their workflows encodes a payload.
//
// A contact address (a phone number or an e-mail address) has its own data
// key too, for the workflows of the messages it sends us (an inbound reply,
// an SMS keyword): their ID names the sender's subject, a keyed hash of the
// address (internal/keys.ContactSubject), and the row holds the subject
// instead of a customer. EraseSubjects deletes those keys when a customer
// with that number or address is erased.
//
// Unwrapped keys are cached in memory for TTL: Erase drops them from this
// process's cache at once; other processes (the worker, another API
// replica) stop using an erased key within TTL.
package custkeys

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/customerdatakey"
	"github.com/pitstop-dev/pitstop/ent/deskcommunication"
	"github.com/pitstop-dev/pitstop/ent/predicate"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/payloadcodec"
)

// TTL is how long an unwrapped key, and the customers of a workflow, stay
// cached.
const TTL = time.Minute

// Store is payloadcodec.DataKeys on the database.
type Store struct {
	db    *ent.Client
	keys  *payloadcodec.Keyring
	now   func() time.Time
	cache *keyCache
}

var _ payloadcodec.DataKeys = (*Store)(nil)

// New returns the store of db's customer data keys, wrapped by keys.
func New(db *ent.Client, keys *payloadcodec.Keyring) *Store {
	s := &Store{db: db, keys: keys, now: time.Now, cache: newKeyCache()}
	caches.Lock()
	caches.all = append(caches.all, s.cache)
	caches.Unlock()
	return s
}

// keyCache is one Store's memory of keys, customers and workflows.
type keyCache struct {
	sync.Mutex
	keys      map[string]cachedKey   // key id -> unwrapped key
	workflows map[string]cachedCusts // workflow id -> customer ids
	customers map[int]cachedKeyID    // customer id -> key id ("" erased)
	subjects  map[string]cachedKeyID // contact subject -> key id
}

func newKeyCache() *keyCache {
	return &keyCache{keys: map[string]cachedKey{}, workflows: map[string]cachedCusts{}, customers: map[int]cachedKeyID{},
		subjects: map[string]cachedKeyID{}}
}

// caches lists every Store's cache in the process, so Erase (which has
// only a transaction) drops erased keys from all of them.
var caches struct {
	sync.Mutex
	all []*keyCache
}

type cachedKeyID struct {
	id      string
	expires time.Time
}

type cachedKey struct {
	key     []byte
	expires time.Time
}

type cachedCusts struct {
	ids     []int
	expires time.Time
}

// forgetSubjects drops erased subjects from every cache of this process.
func forgetSubjects(subjects []string) {
	caches.Lock()
	defer caches.Unlock()
	for _, c := range caches.all {
		c.Lock()
		for _, s := range subjects {
			if e, ok := c.subjects[s]; ok {
				delete(c.keys, e.id)
			}
			delete(c.subjects, s)
		}
		c.Unlock()
	}
}

// forget drops erased keys from every cache of this process.
func forget(keyIDs []string, customerIDs ...int) {
	caches.Lock()
	defer caches.Unlock()
	for _, c := range caches.all {
		c.Lock()
		for _, id := range keyIDs {
			delete(c.keys, id)
		}
		for _, id := range customerIDs {
			delete(c.customers, id)
		}
		c.Unlock()
	}
}

// CustomersOf names the customers whose data a workflow holds, by its ID
// (all the data converter knows of a payload's workflow, and the only thing
// that is there before the workflow's first activity writes a row): an
// appointment's lifecycle (appointment-<id>), its desk confirmation
// (desk-confirmation-<desk id>), its feedback (feedback-<id>: the
// customer's score and comment) and a receptionist's answer in its
// thread (appointment-answer-<id>-<key>: the text to the customer and
// their contact) hold its driver's, owner's and contractor's.
//
// A remote-diagnose ticket (ticket-<appointment id>-<request uuid>: the
// car's plate and VIN, the mechanic's CSAT comment) holds the same
// appointment's customers' (contracts/ticket.WorkflowID).
//
// Other workflows hold none (nil): the messages a contact address sends
// (SubjectOf), and workflows of nobody's data, whose payloads stay under
// the master key; so do tickets ordered before their ID named the
// appointment (ticket-<request uuid>).
func CustomersOf(ctx context.Context, db *ent.Client, workflowID string) ([]int, error) {
	var apptID int
	if n, ok := ticketAppointment(workflowID); ok {
		apptID = n
	} else if n, ok := numbered(workflowID, "appointment-"); ok {
		apptID = n
	} else if n, ok := numbered(workflowID, "feedback-"); ok {
		apptID = n
	} else if n, ok := answerAppointment(workflowID); ok {
		apptID = n
	} else if n, ok := numbered(workflowID, "desk-confirmation-"); ok {
		dc, err := db.DeskCommunication.Query().Where(deskcommunication.ID(n)).Only(ctx)
		if ent.IsNotFound(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		apptID = dc.AppointmentID
	} else {
		return nil, nil
	}
	a, err := db.Appointment.Query().Where(entappointment.ID(apptID)).
		Select(entappointment.FieldCustomerDriverID, entappointment.FieldCustomerOwnerID, entappointment.FieldCustomerContractID).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ids []int
	for _, id := range []int{a.CustomerDriverID, a.CustomerOwnerID, a.CustomerContractID} {
		if id != 0 && !contains(ids, id) {
			ids = append(ids, id)
		}
	}
	sort.Ints(ids)
	return ids, nil
}

// SubjectOf is the contact subject a workflow's ID names: the sender of an
// inbound reply (inbound-message-<subject>-<hash of the provider's id>,
// contracts/conversation.InboundWorkflowID) or of an SMS keyword
// (sms-keyword-<subject>-<message sid>, contracts/optout.WorkflowID); ""
// for every other workflow, and for those started before their ID named
// the sender (sealed with the master key).
func SubjectOf(workflowID string) string {
	for _, prefix := range []string{"inbound-message-", "sms-keyword-"} {
		rest, ok := strings.CutPrefix(workflowID, prefix)
		if !ok {
			continue
		}
		subject, msg, ok := strings.Cut(rest, "-")
		if ok && msg != "" && keys.IsSubject(subject) {
			return subject
		}
	}
	return ""
}

// ticketAppointment is the appointment of a ticket's workflow ID,
// ticket-<appointment id>-<request uuid> (contracts/ticket.WorkflowID);
// a ticket-<uuid> from before names none, also when the UUID's first
// group is all digits (the rest is then no whole UUID).
func ticketAppointment(id string) (int, bool) {
	rest, ok := strings.CutPrefix(id, "ticket-")
	if !ok {
		return 0, false
	}
	num, req, ok := strings.Cut(rest, "-")
	if !ok || !uuidShape(req) || len(num) > 10 {
		return 0, false
	}
	for _, r := range num {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	return numbered("-"+num, "-")
}

// uuidShape: 36 characters, hyphens at 8, 13, 18 and 23, hex digits
// elsewhere.
func uuidShape(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if (r < '0' || r > '9') && (r < 'a' || r > 'f') && (r < 'A' || r > 'F') {
				return false
			}
		}
	}
	return true
}

// answerAppointment is the appointment of an answer's workflow ID,
// appointment-answer-<appointment id>-<hash of the request key>
// (contracts/conversation.AnswerWorkflowID, which this layer may not import).
func answerAppointment(id string) (int, bool) {
	rest, ok := strings.CutPrefix(id, "appointment-answer-")
	if !ok {
		return 0, false
	}
	num, key, ok := strings.Cut(rest, "-")
	if !ok || key == "" {
		return 0, false
	}
	return numbered("-"+num, "-")
}

func numbered(id, prefix string) (int, bool) {
	rest, ok := strings.CutPrefix(id, prefix)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil && n > 0
}

func contains(ids []int, id int) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// ForWorkflow gives the live data keys of the workflow's customers, making
// a customer's key on first use; erased customers have none. A workflow of
// a contact's message gets its subject's key (made on first use; a subject
// erased before gets a new one: the message is new).
func (s *Store) ForWorkflow(ctx context.Context, workflowID string) ([]payloadcodec.DataKey, error) {
	if subject := SubjectOf(workflowID); subject != "" {
		kid, err := s.subjectKeyID(ctx, subject)
		if err != nil {
			return nil, err
		}
		key, err := s.Key(ctx, kid)
		if err != nil {
			return nil, err
		}
		return []payloadcodec.DataKey{{ID: kid, Key: key}}, nil
	}
	ids, err := s.customers(ctx, workflowID)
	if err != nil {
		return nil, err
	}
	var out []payloadcodec.DataKey
	for _, cid := range ids {
		kid, err := s.keyIDOf(ctx, cid)
		if err != nil {
			return nil, err
		}
		if kid == "" {
			continue // erased
		}
		key, err := s.Key(ctx, kid)
		if errors.Is(err, payloadcodec.ErrErased) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, payloadcodec.DataKey{ID: kid, Key: key})
	}
	return out, nil
}

// keyIDOf is the customer's live key id ("" once erased), cached for TTL.
func (s *Store) keyIDOf(ctx context.Context, customerID int) (string, error) {
	return cachedID(s, s.cache.customers, customerID, func() (string, error) {
		row, err := s.ensure(ctx, customerID)
		if err != nil || row.ErasedAt != nil {
			return "", err
		}
		return row.KeyID, nil
	})
}

// cachedID answers the key id cached under k in m (one of s.cache's maps)
// for TTL, or what load answers, then cached.
func cachedID[K comparable](s *Store, m map[K]cachedKeyID, k K, load func() (string, error)) (string, error) {
	now := s.now()
	s.cache.Lock()
	c, ok := m[k]
	s.cache.Unlock()
	if ok && now.Before(c.expires) {
		return c.id, nil
	}
	id, err := load()
	if err != nil {
		return "", err
	}
	s.cache.Lock()
	m[k] = cachedKeyID{id: id, expires: now.Add(TTL)}
	s.cache.Unlock()
	return id, nil
}

// subjectKeyID is the subject's live key id, made when it has none, cached
// for TTL.
func (s *Store) subjectKeyID(ctx context.Context, subject string) (string, error) {
	return cachedID(s, s.cache.subjects, subject, func() (string, error) {
		row, err := s.db.CustomerDataKey.Query().Where(customerdatakey.Subject(subject)).Only(ctx)
		if ent.IsNotFound(err) {
			row, err = s.makeKey(ctx, func(cr *ent.CustomerDataKeyCreate) *ent.CustomerDataKeyCreate {
				return cr.SetSubject(subject)
			}, customerdatakey.FieldSubject, customerdatakey.Subject(subject))
		}
		if err != nil {
			return "", fmt.Errorf("custkeys: the data key of a contact: %w", err)
		}
		return row.KeyID, nil
	})
}

func (s *Store) customers(ctx context.Context, workflowID string) ([]int, error) {
	now := s.now()
	cache := s.cache
	cache.Lock()
	c, ok := cache.workflows[workflowID]
	cache.Unlock()
	if ok && now.Before(c.expires) {
		return c.ids, nil
	}
	ids, err := CustomersOf(ctx, s.db, workflowID)
	if err != nil {
		return nil, err
	}
	cache.Lock()
	cache.workflows[workflowID] = cachedCusts{ids: ids, expires: now.Add(TTL)}
	cache.Unlock()
	return ids, nil
}

// ensure reads the customer's key row, making it when there is none (two
// processes racing: the unique customer_id lets one win, both read it).
func (s *Store) ensure(ctx context.Context, customerID int) (*ent.CustomerDataKey, error) {
	row, err := s.db.CustomerDataKey.Query().Where(customerdatakey.CustomerID(customerID)).Only(ctx)
	if err == nil || !ent.IsNotFound(err) {
		return row, err
	}
	row, err = s.makeKey(ctx, func(cr *ent.CustomerDataKeyCreate) *ent.CustomerDataKeyCreate {
		return cr.SetCustomerID(customerID)
	}, customerdatakey.FieldCustomerID, customerdatakey.CustomerID(customerID))
	if err != nil {
		return nil, fmt.Errorf("custkeys: make the data key of customer %d: %w", customerID, err)
	}
	return row, nil
}

// makeKey makes a data key row (owner sets its customer or subject, the
// unique column); two processes racing: one wins, both read it.
func (s *Store) makeKey(ctx context.Context, owner func(*ent.CustomerDataKeyCreate) *ent.CustomerDataKeyCreate,
	column string, where predicate.CustomerDataKey) (*ent.CustomerDataKey, error) {
	id, err := newKeyID()
	if err != nil {
		return nil, err
	}
	key := make([]byte, payloadcodec.KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	master, wrapped, err := s.keys.Wrap(id, key)
	if err != nil {
		return nil, err
	}
	err = owner(s.db.CustomerDataKey.Create()).SetKeyID(id).SetMasterKeyID(master).
		SetWrappedKey(wrapped).SetCreatedAt(s.now()).OnConflictColumns(column).DoNothing().Exec(ctx)
	if err != nil && !errors.Is(err, sql.ErrNoRows) { // DoNothing: the other process made it
		return nil, err
	}
	return s.db.CustomerDataKey.Query().Where(where).Only(ctx)
}

func newKeyID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return payloadcodec.CustomerKeyPrefix + hex.EncodeToString(b), nil
}

// Key unwraps the data key id; payloadcodec.ErrErased once it is erased.
func (s *Store) Key(ctx context.Context, id string) ([]byte, error) {
	now := s.now()
	cache := s.cache
	cache.Lock()
	c, ok := cache.keys[id]
	cache.Unlock()
	if ok && now.Before(c.expires) {
		return c.key, nil
	}
	row, err := s.db.CustomerDataKey.Query().Where(customerdatakey.KeyID(id)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("custkeys: no data key %q", id)
	}
	if err != nil {
		return nil, err
	}
	if row.ErasedAt != nil || row.WrappedKey == nil {
		return nil, fmt.Errorf("custkeys: data key %q: %w", id, payloadcodec.ErrErased)
	}
	key, err := s.keys.Unwrap(row.KeyID, row.MasterKeyID, *row.WrappedKey)
	if err != nil {
		return nil, err
	}
	cache.Lock()
	cache.keys[id] = cachedKey{key: key, expires: now.Add(TTL)}
	cache.Unlock()
	return key, nil
}

// Erase deletes the customers' data keys in tx (the erasure's transaction):
// the wrapped key is removed and erased_at set; a customer without a key
// gets an erased row, so none is ever made for them. It drops the keys from
// this process's cache; other processes forget them within TTL. It returns
// how many keys it erased.
func Erase(ctx context.Context, tx *ent.Client, customerIDs []int, now time.Time) (int, error) {
	rows, err := tx.CustomerDataKey.Query().Where(customerdatakey.CustomerIDIn(customerIDs...)).All(ctx)
	if err != nil {
		return 0, err
	}
	have := map[int]bool{}
	var ids []string
	for _, r := range rows {
		have[r.CustomerID] = true
		ids = append(ids, r.KeyID)
	}
	n, err := tx.CustomerDataKey.Update().Where(customerdatakey.CustomerIDIn(customerIDs...), customerdatakey.ErasedAtIsNil()).
		ClearWrappedKey().SetErasedAt(now).Save(ctx)
	if err != nil {
		return 0, fmt.Errorf("custkeys: erase data keys: %w", err)
	}
	for _, cid := range customerIDs {
		if have[cid] {
			continue
		}
		id, err := newKeyID()
		if err != nil {
			return 0, err
		}
		if err := tx.CustomerDataKey.Create().SetCustomerID(cid).SetKeyID(id).SetMasterKeyID("-").
			SetCreatedAt(now).SetErasedAt(now).Exec(ctx); err != nil {
			return 0, fmt.Errorf("custkeys: erased row of customer %d: %w", cid, err)
		}
	}
	forget(ids, customerIDs...)
	return n, nil
}

// EraseSubjects deletes the data keys of contact subjects in tx (the
// erasure's transaction: the subjects of the erased customers' numbers and
// addresses, internal/keys.ContactSubject): the wrapped key is removed,
// erased_at set and the subject cleared, so every payload sealed with it
// is shredded and a later message from the address gets a new key. A
// subject without a key has nothing to erase. It returns how many keys it
// erased.
func EraseSubjects(ctx context.Context, tx *ent.Client, subjects []string, now time.Time) (int, error) {
	if len(subjects) == 0 {
		return 0, nil
	}
	n, err := tx.CustomerDataKey.Update().Where(customerdatakey.SubjectIn(subjects...), customerdatakey.ErasedAtIsNil()).
		ClearWrappedKey().ClearSubject().SetErasedAt(now).Save(ctx)
	if err != nil {
		return 0, fmt.Errorf("custkeys: erase contact data keys: %w", err)
	}
	forgetSubjects(subjects)
	return n, nil
}

// Rewrap moves every live data key to the keyring's active master key (run
// at start, after a rotation put a new master key first); it returns how
// many it re-wrapped. Old master keys stay in the keyring until no history
// still holds a payload sealed with them.
func Rewrap(ctx context.Context, db *ent.Client, keys *payloadcodec.Keyring) (int, error) {
	rows, err := db.CustomerDataKey.Query().Where(customerdatakey.ErasedAtIsNil(), customerdatakey.WrappedKeyNotNil(),
		customerdatakey.MasterKeyIDNEQ(keys.ActiveKeyID())).All(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range rows {
		key, err := keys.Unwrap(r.KeyID, r.MasterKeyID, *r.WrappedKey)
		if err != nil {
			return n, err
		}
		master, wrapped, err := keys.Wrap(r.KeyID, key)
		if err != nil {
			return n, err
		}
		// Only a row still live and still under the old key: an erasure in
		// between wins.
		c, err := db.CustomerDataKey.Update().Where(customerdatakey.ID(r.ID), customerdatakey.ErasedAtIsNil(),
			customerdatakey.MasterKeyID(r.MasterKeyID)).SetMasterKeyID(master).SetWrappedKey(wrapped).Save(ctx)
		if err != nil {
			return n, err
		}
		n += c
	}
	return n, nil
}

// Package readdoc keeps the read model's precomputed communication documents
// (customer_communications.document, served by POST /v1/communication/read)
// honest: an ent hook, installed on every client (internal/store), clears the
// document of every communication a change affects and bumps its
// document_version, after the change and through the same client (so inside
// the change's transaction when there is one). The API rebuilds a cleared
// document on the next read and keeps it with Store, only if
// document_version has not moved since it read the row, so a rebuild that
// raced a change is never kept. ByKeyHash is the read's lookup of the
// document and the few fields the read needs, by the key's hash.
//
// Which changes affect a document is written down per entity in relevant,
// links and affected; entities the document does not show (receivers,
// uploaded files, bookings, desk and key-locker communications, webhook
// history) are left alone, so their frequent writes cost nothing here.
//
// The hook's lookups are kept few (a check-in writes dozens of rows, #24's
// burst): a create takes its row's link to a communication from the
// mutation instead of reading the row back, and a new appointment, car,
// customer, dealer, location, user or agreement affects no document at
// all (links says why); an update looks its rows' communications up
// before the write, and again after it only when it may have moved them
// (it sets or clears the entity's link column, or changes an edge).
package readdoc

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/car"
	"github.com/pitstop-dev/pitstop/ent/checkinattachment"
	"github.com/pitstop-dev/pitstop/ent/checkinremark"
	"github.com/pitstop-dev/pitstop/ent/checkinresult"
	"github.com/pitstop-dev/pitstop/ent/communicationagreement"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/ent/communicationresult"
	"github.com/pitstop-dev/pitstop/ent/communicationsetting"
	"github.com/pitstop-dev/pitstop/ent/customer"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/ent/customercommunicationagreement"
	"github.com/pitstop-dev/pitstop/ent/customercommunicationintervention"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/ent/diagnoseoverviewagreedresult"
	"github.com/pitstop-dev/pitstop/ent/diagnoseoverviewattachment"
	"github.com/pitstop-dev/pitstop/ent/diagnoseoverviewcontactresult"
	"github.com/pitstop-dev/pitstop/ent/diagnoseoverviewdeclinedresult"
	"github.com/pitstop-dev/pitstop/ent/diagnoseoverviewremark"
	"github.com/pitstop-dev/pitstop/ent/feedback"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/interventionelement"
	"github.com/pitstop-dev/pitstop/ent/questionresultimage"
	"github.com/pitstop-dev/pitstop/ent/questionresultvideo"
	"github.com/pitstop-dev/pitstop/ent/user"
)

// Install adds the invalidation hook to client (and so to its transactions).
func Install(client *ent.Client) { client.Use(Hook) }

type bulkKey struct{}

// Bulk marks ctx for a bulk writer that invalidates what it changed itself
// (Invalidate, in the same transaction): the hook then skips its work,
// which costs a query or three per written row (internal/dms/dmsstore imports
// thousands of rows per page; it invalidates once per page instead).
func Bulk(ctx context.Context) context.Context { return context.WithValue(ctx, bulkKey{}, true) }

// Hook is the invalidation hook (see the package comment).
func Hook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		cm, ok := m.(interface{ Client() *ent.Client })
		if bulk, _ := ctx.Value(bulkKey{}).(bool); bulk {
			return next.Mutate(ctx, m)
		}
		if !ok || !relevant(m) {
			return next.Mutate(ctx, m)
		}
		c := cm.Client()
		var ids []int
		if !m.Op().Is(ent.OpCreate) {
			// Rows an update or delete touches, as they are before it (a
			// delete leaves nothing to look at afterwards; an update that
			// moves a row to another communication affects both sides, so
			// it is looked at again afterwards: moves).
			rows, err := rowIDs(ctx, m)
			if err != nil {
				return nil, err
			}
			if ids, err = affected(ctx, c, m.Type(), rows); err != nil {
				return nil, err
			}
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		var more []int
		switch {
		case m.Op().Is(ent.OpCreate):
			more, err = created(ctx, c, m, v)
		case m.Op().Is(ent.OpUpdate|ent.OpUpdateOne) && moves(m):
			var rows []int
			if rows, err = rowIDs(ctx, m); err == nil {
				more, err = affected(ctx, c, m.Type(), rows)
			}
		}
		if err != nil {
			return nil, err
		}
		ids = append(ids, more...)
		if ids, err = unclearedInTx(m, ids); err != nil {
			return nil, err
		}
		if err := Invalidate(ctx, c, ids...); err != nil {
			return nil, err
		}
		return v, nil
	})
}

// clearedInTx remembers, per open transaction (ent's TxKey), the
// communications it has already cleared. The first clear locks the row
// and bumps its document_version until the commit, so clearing it again
// in the same transaction changes nothing a rebuild could see; a check-in's
// SendCommunication alone writes four rows of one communication. The first
// clear is kept where it was (not moved to the commit), so the row lock is
// taken in the same order as before.
var clearedInTx sync.Map // TxKey → *clearedSet

type clearedSet struct {
	mu  sync.Mutex
	ids map[int]bool
}

// unclearedInTx is ids less those m's transaction already cleared, now
// counted as cleared; outside a transaction, ids as they are.
func unclearedInTx(m ent.Mutation, ids []int) ([]int, error) {
	km, ok := m.(interface{ TxKey() any })
	if !ok || len(ids) == 0 {
		return ids, nil
	}
	key := km.TxKey()
	if key == nil {
		return ids, nil
	}
	v, loaded := clearedInTx.LoadOrStore(key, &clearedSet{ids: map[int]bool{}})
	if !loaded {
		// The transaction's end forgets it.
		tm, ok := m.(interface{ Tx() (*ent.Tx, error) })
		if !ok {
			clearedInTx.Delete(key)
			return ids, nil
		}
		tx, err := tm.Tx()
		if err != nil {
			clearedInTx.Delete(key)
			return nil, err
		}
		tx.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
				clearedInTx.Delete(key)
				return next.Commit(ctx, tx)
			})
		})
		tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
			return ent.RollbackFunc(func(ctx context.Context, tx *ent.Tx) error {
				clearedInTx.Delete(key)
				return next.Rollback(ctx, tx)
			})
		})
	}
	set := v.(*clearedSet)
	set.mu.Lock()
	defer set.mu.Unlock()
	var out []int
	for _, id := range ids {
		if !set.ids[id] {
			set.ids[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}

// Invalidate clears the documents of the given communications.
func Invalidate(ctx context.Context, c *ent.Client, comIDs ...int) error {
	slices.Sort(comIDs)
	comIDs = slices.Compact(comIDs)
	if len(comIDs) == 0 {
		return nil
	}
	return c.CustomerCommunication.Update().Where(customercommunication.IDIn(comIDs...)).
		ClearDocument().AddDocumentVersion(1).Exec(ctx)
}

// documentOnly lists the communication's columns that do not feed its own
// document: writing only those (storing or clearing a document) is not a
// change of the document.
var documentOnly = []string{customercommunication.FieldDocument, customercommunication.FieldDocumentVersion,
	customercommunication.FieldUpdatedAt, customercommunication.FieldCustomerKeyHash, customercommunication.FieldCustomerKeySalt,
	customercommunication.FieldReceptionistKeyHash, customercommunication.FieldReceptionistKeySalt}

func relevant(m ent.Mutation) bool {
	switch m.Type() {
	case ent.TypeCustomerCommunication:
		if m.Op().Is(ent.OpCreate) {
			return false // a new communication has no document yet
		}
		if len(m.AddedEdges())+len(m.RemovedEdges())+len(m.ClearedEdges()) > 0 {
			return true
		}
		for _, f := range append(m.Fields(), append(m.AddedFields(), m.ClearedFields()...)...) {
			if !slices.Contains(documentOnly, f) {
				return true
			}
		}
		return false
	case ent.TypeAppointment, ent.TypeCar, ent.TypeCustomer, ent.TypeDealer, ent.TypeDealerLocation,
		ent.TypeCommunicationSetting, ent.TypeCommunicationAgreement, ent.TypeUser,
		ent.TypeIntervention, ent.TypeInterventionElement, ent.TypeCheckInResult, ent.TypeCheckInRemark,
		ent.TypeCheckInAttachment, ent.TypeDiagnoseOverviewRemark, ent.TypeDiagnoseOverviewAttachment,
		ent.TypeCommunicationResult, ent.TypeCommunicationEvent, ent.TypeCustomerCommunicationAgreement,
		ent.TypeQuestionResultImage, ent.TypeQuestionResultVideo,
		// The customer's feedback after the pick-up (issue #25).
		ent.TypeFeedback,
		// An event's lists (written with their answering event, so this
		// is only for a later writer).
		ent.TypeCustomerCommunicationIntervention, ent.TypeDiagnoseOverviewAgreedResult,
		ent.TypeDiagnoseOverviewDeclinedResult, ent.TypeDiagnoseOverviewContactResult:
		return true
	}
	return false
}

func rowIDs(ctx context.Context, m ent.Mutation) ([]int, error) {
	im, ok := m.(interface {
		IDs(context.Context) ([]int, error)
	})
	if !ok {
		return nil, fmt.Errorf("readdoc: %s mutation without IDs", m.Type())
	}
	return im.IDs(ctx)
}

// createdID is the ID of the entity a create returned (every entity here has
// an int ID field).
func createdID(v ent.Value) (int, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().Kind() == reflect.Struct {
		if f := rv.Elem().FieldByName("ID"); f.IsValid() && f.Kind() == reflect.Int {
			return int(f.Int()), nil
		}
	}
	return 0, fmt.Errorf("readdoc: created %T has no int ID", v)
}

// link is how rows of one entity lead to the communications whose
// documents show them.
type link struct {
	// field is the row's own column naming the row it shows under, of
	// entity to; "" when the way on is rows of other entities pointing at
	// it (then only an edge of the entity's mutation can change it).
	field, to string
	// fresh: a new row is in no document yet, as long as its create adds
	// no edge but own (edges held by its own columns, pointing away from
	// it). Whatever leads to it from a communication is a foreign key (an
	// existing row references an existing row: not the new one) or, for a
	// communication's dealer_location_id and receptionist_id, an ID of a
	// row no writer deletes, and IDs are never reused (PostgreSQL identity
	// columns, SQLite AUTOINCREMENT) nor set by hand for these entities.
	fresh bool
	own   []string
}

// links is every entity the hook follows (see relevant); one missing here
// costs the hook its queries, never a communication.
var links = map[string]link{
	ent.TypeCustomerCommunication:  {},
	ent.TypeAppointment:            {fresh: true, own: []string{appointment.EdgeLocation, appointment.EdgeCar, appointment.EdgeCustomerDriver, appointment.EdgeCustomerOwner, appointment.EdgeCustomerContract}},
	ent.TypeCar:                    {fresh: true, own: []string{car.EdgeLocation}},
	ent.TypeCustomer:               {fresh: true, own: []string{customer.EdgeLocation}},
	ent.TypeDealer:                 {fresh: true},
	ent.TypeDealerLocation:         {fresh: true, own: []string{dealerlocation.EdgeDealer}},
	ent.TypeUser:                   {fresh: true, own: []string{user.EdgeDealer}},
	ent.TypeCommunicationAgreement: {fresh: true, own: []string{communicationagreement.EdgeDealer}},

	ent.TypeCommunicationSetting: {field: communicationsetting.FieldDealerLocationID, to: ent.TypeDealerLocation},
	ent.TypeIntervention:         {field: intervention.FieldAppointmentID, to: ent.TypeAppointment},
	ent.TypeFeedback:             {field: feedback.FieldAppointmentID, to: ent.TypeAppointment},
	ent.TypeInterventionElement:  {field: interventionelement.FieldInterventionID, to: ent.TypeIntervention},
	// A mechanic's photos and videos show in the results published from
	// their question result (usually none yet: the check is open).
	ent.TypeQuestionResultImage:            {field: questionresultimage.FieldQuestionResultID, to: ent.TypeQuestionResult},
	ent.TypeQuestionResultVideo:            {field: questionresultvideo.FieldQuestionResultID, to: ent.TypeQuestionResult},
	ent.TypeDiagnoseOverviewAgreedResult:   {field: diagnoseoverviewagreedresult.FieldCommunicationEventID, to: ent.TypeCommunicationEvent},
	ent.TypeDiagnoseOverviewDeclinedResult: {field: diagnoseoverviewdeclinedresult.FieldCommunicationEventID, to: ent.TypeCommunicationEvent},
	ent.TypeDiagnoseOverviewContactResult:  {field: diagnoseoverviewcontactresult.FieldCommunicationEventID, to: ent.TypeCommunicationEvent},

	ent.TypeCheckInResult:                     {field: checkinresult.FieldCustomerCommunicationID, to: ent.TypeCustomerCommunication},
	ent.TypeCheckInRemark:                     {field: checkinremark.FieldCustomerCommunicationID, to: ent.TypeCustomerCommunication},
	ent.TypeCheckInAttachment:                 {field: checkinattachment.FieldCustomerCommunicationID, to: ent.TypeCustomerCommunication},
	ent.TypeDiagnoseOverviewRemark:            {field: diagnoseoverviewremark.FieldCustomerCommunicationID, to: ent.TypeCustomerCommunication},
	ent.TypeDiagnoseOverviewAttachment:        {field: diagnoseoverviewattachment.FieldCustomerCommunicationID, to: ent.TypeCustomerCommunication},
	ent.TypeCommunicationResult:               {field: communicationresult.FieldCustomerCommunicationID, to: ent.TypeCustomerCommunication},
	ent.TypeCommunicationEvent:                {field: communicationevent.FieldCustomerCommunicationID, to: ent.TypeCustomerCommunication},
	ent.TypeCustomerCommunicationIntervention: {field: customercommunicationintervention.FieldCustomerCommunicationID, to: ent.TypeCustomerCommunication},
	ent.TypeCustomerCommunicationAgreement:    {field: customercommunicationagreement.FieldCustomerCommunicationID, to: ent.TypeCustomerCommunication},
}

// created is the communications a create affects, from what the mutation
// holds: the new row's link (a query only from the row it names on), or
// nothing for a fresh entity. Otherwise (a link not set, an edge of a
// fresh entity not its own, an entity not in links) it looks the new row
// up. A create is taken as an insert: an upsert of these entities would
// change an existing row unseen, so it runs under Bulk and invalidates
// itself (internal/dms/dmsstore).
func created(ctx context.Context, c *ent.Client, m ent.Mutation, v ent.Value) ([]int, error) {
	l, ok := links[m.Type()]
	switch {
	case ok && l.field != "":
		if up, set := m.Field(l.field); set {
			if id, isInt := up.(int); isInt {
				return affected(ctx, c, l.to, []int{id})
			}
		}
	case ok && l.fresh && !slices.ContainsFunc(m.AddedEdges(), func(e string) bool { return !slices.Contains(l.own, e) }):
		return nil, nil
	}
	id, err := createdID(v)
	if err != nil {
		return nil, err
	}
	return affected(ctx, c, m.Type(), []int{id})
}

// moves reports whether update m may move its rows to other
// communications: it sets or clears the entity's link field or changes
// an edge (or the entity is not in links). Otherwise its rows lead to the
// communications they led to before it, and the hook looks them up once.
func moves(m ent.Mutation) bool {
	l, ok := links[m.Type()]
	if !ok || len(m.AddedEdges())+len(m.RemovedEdges())+len(m.ClearedEdges()) > 0 {
		return true
	}
	if l.field == "" {
		return false
	}
	_, set := m.Field(l.field)
	_, added := m.AddedField(l.field)
	return set || added || m.FieldCleared(l.field)
}

// affected maps rows of one entity to the communications whose documents
// show them.
func affected(ctx context.Context, c *ent.Client, typ string, ids []int) ([]int, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if l := links[typ]; l.field != "" {
		up, err := column(ctx, c, typ, l.field, ids)
		if err != nil {
			return nil, err
		}
		return affected(ctx, c, l.to, up)
	}
	coms := c.CustomerCommunication.Query()
	byAppointments := func(q *ent.AppointmentQuery) ([]int, error) {
		aps, err := q.IDs(ctx)
		if err != nil {
			return nil, err
		}
		return affected(ctx, c, ent.TypeAppointment, aps)
	}
	var out []int
	var err error
	switch typ {
	case ent.TypeCustomerCommunication:
		return ids, nil
	case ent.TypeAppointment:
		return coms.Where(customercommunication.AppointmentIDIn(ids...)).IDs(ctx)
	case ent.TypeCar:
		return byAppointments(c.Appointment.Query().Where(appointment.CarIDIn(ids...)))
	case ent.TypeCustomer:
		return byAppointments(c.Appointment.Query().Where(appointment.Or(appointment.CustomerDriverIDIn(ids...),
			appointment.CustomerOwnerIDIn(ids...), appointment.CustomerContractIDIn(ids...))))
	case ent.TypeDealerLocation:
		return coms.Where(customercommunication.DealerLocationIDIn(ids...)).IDs(ctx)
	case ent.TypeDealer:
		locs, err := c.DealerLocation.Query().Where(dealerlocation.DealerIDIn(ids...)).IDs(ctx)
		if err != nil {
			return nil, err
		}
		return affected(ctx, c, ent.TypeDealerLocation, locs)
	case ent.TypeCommunicationAgreement:
		err = c.CustomerCommunicationAgreement.Query().Where(customercommunicationagreement.CommunicationAgreementIDIn(ids...)).
			Select(customercommunicationagreement.FieldCustomerCommunicationID).Scan(ctx, &out)
	case ent.TypeUser:
		return coms.Where(customercommunication.ReceptionistIDIn(ids...)).IDs(ctx)
	case ent.TypeQuestionResult:
		// Not followed itself: only as the way on from its photos and videos.
		err = c.CommunicationResult.Query().Where(communicationresult.QuestionResultIDIn(ids...)).
			Select(communicationresult.FieldCustomerCommunicationID).Scan(ctx, &out)
	default:
		return nil, fmt.Errorf("readdoc: no mapping for %s", typ)
	}
	return out, err
}

// column reads the link column field of rows ids of entity typ (see links).
func column(ctx context.Context, c *ent.Client, typ, field string, ids []int) ([]int, error) {
	var out []int
	var err error
	switch typ {
	case ent.TypeCommunicationSetting:
		err = c.CommunicationSetting.Query().Where(communicationsetting.IDIn(ids...)).Select(field).Scan(ctx, &out)
	case ent.TypeIntervention:
		err = c.Intervention.Query().Where(intervention.IDIn(ids...)).Select(field).Scan(ctx, &out)
	case ent.TypeFeedback:
		err = c.Feedback.Query().Where(feedback.IDIn(ids...)).Select(field).Scan(ctx, &out)
	case ent.TypeInterventionElement:
		err = c.InterventionElement.Query().Where(interventionelement.IDIn(ids...)).Select(field).Scan(ctx, &out)
	case ent.TypeQuestionResultImage:
		err = c.QuestionResultImage.Query().Where(questionresultimage.IDIn(ids...)).Select(field).Scan(ctx, &out)
	case ent.TypeQuestionResultVideo:
		err = c.QuestionResultVideo.Query().Where(questionresultvideo.IDIn(ids...)).Select(field).Scan(ctx, &out)
	case ent.TypeDiagnoseOverviewAgreedResult:
		err = c.DiagnoseOverviewAgreedResult.Query().Where(diagnoseoverviewagreedresult.IDIn(ids...)).Select(field).Scan(ctx, &out)
	case ent.TypeDiagnoseOverviewDeclinedResult:
		err = c.DiagnoseOverviewDeclinedResult.Query().Where(diagnoseoverviewdeclinedresult.IDIn(ids...)).Select(field).Scan(ctx, &out)
	case ent.TypeDiagnoseOverviewContactResult:
		err = c.DiagnoseOverviewContactResult.Query().Where(diagnoseoverviewcontactresult.IDIn(ids...)).Select(field).Scan(ctx, &out)
	case ent.TypeCheckInResult:
		err = c.CheckInResult.Query().Where(checkinresult.IDIn(ids...)).Select(field).Scan(ctx, &out)
	case ent.TypeCheckInRemark:
		err = c.CheckInRemark.Query().Where(checkinremark.IDIn(ids...)).Select(field).Scan(ctx, &out)
	case ent.TypeCheckInAttachment:
		err = c.CheckInAttachment.Query().Where(checkinattachment.IDIn(ids...)).Select(field).Scan(ctx, &out)
	case ent.TypeDiagnoseOverviewRemark:
		err = c.DiagnoseOverviewRemark.Query().Where(diagnoseoverviewremark.IDIn(ids...)).Select(field).Scan(ctx, &out)
	case ent.TypeDiagnoseOverviewAttachment:
		err = c.DiagnoseOverviewAttachment.Query().Where(diagnoseoverviewattachment.IDIn(ids...)).Select(field).Scan(ctx, &out)
	case ent.TypeCommunicationResult:
		err = c.CommunicationResult.Query().Where(communicationresult.IDIn(ids...)).Select(field).Scan(ctx, &out)
	case ent.TypeCommunicationEvent:
		err = c.CommunicationEvent.Query().Where(communicationevent.IDIn(ids...)).Select(field).Scan(ctx, &out)
	case ent.TypeCustomerCommunicationIntervention:
		err = c.CustomerCommunicationIntervention.Query().Where(customercommunicationintervention.IDIn(ids...)).Select(field).Scan(ctx, &out)
	case ent.TypeCustomerCommunicationAgreement:
		err = c.CustomerCommunicationAgreement.Query().Where(customercommunicationagreement.IDIn(ids...)).Select(field).Scan(ctx, &out)
	default:
		return nil, fmt.Errorf("readdoc: no link column for %s", typ)
	}
	return out, err
}

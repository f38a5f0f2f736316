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
// Which changes affect a document is written down per entity in affected;
// entities the document does not show (receivers, uploaded files, bookings,
// desk and key-locker communications, webhook history) are left alone, so their frequent writes cost nothing here.
package readdoc

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/checkinattachment"
	"github.com/pitstop-dev/pitstop/ent/checkinremark"
	"github.com/pitstop-dev/pitstop/ent/checkinresult"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/ent/communicationresult"
	"github.com/pitstop-dev/pitstop/ent/communicationsetting"
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
			// delete leaves nothing to look at afterwards; an update may move
			// a row to another communication: both sides are affected).
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
		if !m.Op().Is(ent.OpDelete | ent.OpDeleteOne) {
			var rows []int
			if m.Op().Is(ent.OpCreate) {
				id, err := createdID(v)
				if err != nil {
					return nil, err
				}
				rows = []int{id}
			} else if rows, err = rowIDs(ctx, m); err != nil {
				return nil, err
			}
			more, err := affected(ctx, c, m.Type(), rows)
			if err != nil {
				return nil, err
			}
			ids = append(ids, more...)
		}
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

// affected maps rows of one entity to the communications whose documents
// show them.
func affected(ctx context.Context, c *ent.Client, typ string, ids []int) ([]int, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	coms := c.CustomerCommunication.Query()
	byAppointments := func(q *ent.AppointmentQuery) ([]int, error) {
		aps, err := q.IDs(ctx)
		if err != nil || len(aps) == 0 {
			return nil, err
		}
		return coms.Where(customercommunication.AppointmentIDIn(aps...)).IDs(ctx)
	}
	byLocations := func(locs []int) ([]int, error) {
		if len(locs) == 0 {
			return nil, nil
		}
		return coms.Where(customercommunication.DealerLocationIDIn(locs...)).IDs(ctx)
	}
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
		return byLocations(ids)
	case ent.TypeDealer:
		locs, err := c.DealerLocation.Query().Where(dealerlocation.DealerIDIn(ids...)).IDs(ctx)
		if err != nil {
			return nil, err
		}
		return byLocations(locs)
	case ent.TypeCommunicationSetting:
		var locs []int
		if err := c.CommunicationSetting.Query().Where(communicationsetting.IDIn(ids...)).
			Select("dealer_location_id").Scan(ctx, &locs); err != nil {
			return nil, err
		}
		return byLocations(locs)
	case ent.TypeCommunicationAgreement:
		var out []int
		err := c.CustomerCommunicationAgreement.Query().Where(customercommunicationagreement.CommunicationAgreementIDIn(ids...)).
			Select(customercommunicationagreement.FieldCustomerCommunicationID).Scan(ctx, &out)
		return out, err
	case ent.TypeUser:
		return coms.Where(customercommunication.ReceptionistIDIn(ids...)).IDs(ctx)
	case ent.TypeIntervention:
		var aps []int
		if err := c.Intervention.Query().Where(intervention.IDIn(ids...)).Select(intervention.FieldAppointmentID).Scan(ctx, &aps); err != nil {
			return nil, err
		}
		return coms.Where(customercommunication.AppointmentIDIn(aps...)).IDs(ctx)
	case ent.TypeQuestionResultImage, ent.TypeQuestionResultVideo:
		// A mechanic's photos and videos show in the results published
		// from their question result (usually none yet: the check is open).
		var qrs []int
		var err error
		if typ == ent.TypeQuestionResultImage {
			err = c.QuestionResultImage.Query().Where(questionresultimage.IDIn(ids...)).Select(questionresultimage.FieldQuestionResultID).Scan(ctx, &qrs)
		} else {
			err = c.QuestionResultVideo.Query().Where(questionresultvideo.IDIn(ids...)).Select(questionresultvideo.FieldQuestionResultID).Scan(ctx, &qrs)
		}
		if err != nil || len(qrs) == 0 {
			return nil, err
		}
		var out []int
		err = c.CommunicationResult.Query().Where(communicationresult.QuestionResultIDIn(qrs...)).
			Select(communicationresult.FieldCustomerCommunicationID).Scan(ctx, &out)
		return out, err
	case ent.TypeDiagnoseOverviewAgreedResult, ent.TypeDiagnoseOverviewDeclinedResult, ent.TypeDiagnoseOverviewContactResult:
		var evs []int
		var err error
		switch typ {
		case ent.TypeDiagnoseOverviewAgreedResult:
			err = c.DiagnoseOverviewAgreedResult.Query().Where(diagnoseoverviewagreedresult.IDIn(ids...)).
				Select(diagnoseoverviewagreedresult.FieldCommunicationEventID).Scan(ctx, &evs)
		case ent.TypeDiagnoseOverviewDeclinedResult:
			err = c.DiagnoseOverviewDeclinedResult.Query().Where(diagnoseoverviewdeclinedresult.IDIn(ids...)).
				Select(diagnoseoverviewdeclinedresult.FieldCommunicationEventID).Scan(ctx, &evs)
		default:
			err = c.DiagnoseOverviewContactResult.Query().Where(diagnoseoverviewcontactresult.IDIn(ids...)).
				Select(diagnoseoverviewcontactresult.FieldCommunicationEventID).Scan(ctx, &evs)
		}
		if err != nil {
			return nil, err
		}
		return affected(ctx, c, ent.TypeCommunicationEvent, evs)
	case ent.TypeFeedback:
		var aps []int
		if err := c.Feedback.Query().Where(feedback.IDIn(ids...)).Select(feedback.FieldAppointmentID).Scan(ctx, &aps); err != nil {
			return nil, err
		}
		return coms.Where(customercommunication.AppointmentIDIn(aps...)).IDs(ctx)
	case ent.TypeInterventionElement:
		var ivs []int
		if err := c.InterventionElement.Query().Where(interventionelement.IDIn(ids...)).
			Select(interventionelement.FieldInterventionID).Scan(ctx, &ivs); err != nil {
			return nil, err
		}
		return affected(ctx, c, ent.TypeIntervention, ivs)
	}
	// The rest carry their communication's ID.
	var out []int
	var err error
	switch typ {
	case ent.TypeCheckInResult:
		err = c.CheckInResult.Query().Where(checkinresult.IDIn(ids...)).Select(checkinresult.FieldCustomerCommunicationID).Scan(ctx, &out)
	case ent.TypeCheckInRemark:
		err = c.CheckInRemark.Query().Where(checkinremark.IDIn(ids...)).Select(checkinremark.FieldCustomerCommunicationID).Scan(ctx, &out)
	case ent.TypeCheckInAttachment:
		err = c.CheckInAttachment.Query().Where(checkinattachment.IDIn(ids...)).Select(checkinattachment.FieldCustomerCommunicationID).Scan(ctx, &out)
	case ent.TypeDiagnoseOverviewRemark:
		err = c.DiagnoseOverviewRemark.Query().Where(diagnoseoverviewremark.IDIn(ids...)).Select(diagnoseoverviewremark.FieldCustomerCommunicationID).Scan(ctx, &out)
	case ent.TypeDiagnoseOverviewAttachment:
		err = c.DiagnoseOverviewAttachment.Query().Where(diagnoseoverviewattachment.IDIn(ids...)).Select(diagnoseoverviewattachment.FieldCustomerCommunicationID).Scan(ctx, &out)
	case ent.TypeCommunicationResult:
		err = c.CommunicationResult.Query().Where(communicationresult.IDIn(ids...)).Select(communicationresult.FieldCustomerCommunicationID).Scan(ctx, &out)
	case ent.TypeCommunicationEvent:
		err = c.CommunicationEvent.Query().Where(communicationevent.IDIn(ids...)).Select(communicationevent.FieldCustomerCommunicationID).Scan(ctx, &out)
	case ent.TypeCustomerCommunicationIntervention:
		err = c.CustomerCommunicationIntervention.Query().Where(customercommunicationintervention.IDIn(ids...)).
			Select(customercommunicationintervention.FieldCustomerCommunicationID).Scan(ctx, &out)
	case ent.TypeCustomerCommunicationAgreement:
		err = c.CustomerCommunicationAgreement.Query().Where(customercommunicationagreement.IDIn(ids...)).Select(customercommunicationagreement.FieldCustomerCommunicationID).Scan(ctx, &out)
	default:
		return nil, fmt.Errorf("readdoc: no mapping for %s", typ)
	}
	return out, err
}

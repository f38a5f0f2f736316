// Package kioskcheckin stores the self-service kiosk check-in (issue #23,
// the spec's KioskCommunication, its events 1-3, KioskAgreedIntervention,
// KioskRemark and KioskLabel). Like the desk check-in (internal/deskcheckin)
// it is synchronous and on site, so it lives in the database, written here
// on the kiosk's request, not in the appointment's lifecycle workflow: the
// customer stands at the kiosk waiting for a label number, which must come
// from one transaction (a free label, the answer, the appointment's
// kiosk_checked_in_at and kiosk_label_number together), and the kiosk is
// used on the day of the appointment, when the lifecycle may already have
// moved past its check-in stage. The staff API (api/staff) calls it once
// per request, with inputs it has validated (contracts/kiosk), and then
// tells the lifecycle with a signal (checked-in-at-kiosk), which closes the
// online check-in.
package kioskcheckin

import (
	"context"
	"errors"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/kioskcommunication"
	"github.com/pitstop-dev/pitstop/ent/kiosklabel"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// Refusals the kiosk or the receptionist can act on.
var (
	// ErrLabelInUse: the label number asked for is attached to another key.
	ErrLabelInUse = errors.New("kiosk_label_number: this label is already attached to another key: take another label")
	// ErrNoFreeLabel: every label number of the location is attached.
	ErrNoFreeLabel = errors.New("no free kiosk label: please ask at the reception desk")
	// ErrNoLabel: the appointment has no label attached (already detached).
	ErrNoLabel = errors.New("this appointment has no kiosk label attached")
	// errRace: the free number found was taken by another kiosk meanwhile.
	errRace = errors.New("kiosk label taken meanwhile")
)

// Candidates are the location's appointments of the day [from, to) whose
// plate, normalised, is plate (reg_number_escaped, or the plate when an
// appointment was stored without it), by time: cancelled ones left out.
func Candidates(ctx context.Context, db *ent.Client, locationID int, from, to time.Time, plate string, normalise func(string) string) ([]*ent.Appointment, error) {
	aps, err := db.Appointment.Query().Where(entappointment.DealerLocationID(locationID), entappointment.TimeCarAppGTE(from),
		entappointment.TimeCarAppLT(to), entappointment.DmsCanceled(false)).
		Order(ent.Asc(entappointment.FieldTimeCarApp), ent.Asc(entappointment.FieldID)).Limit(5000).All(ctx)
	if err != nil {
		return nil, err
	}
	var out []*ent.Appointment
	for _, a := range aps {
		if a.RegNumberEscaped == plate || normalise(a.RegNumber) == plate {
			out = append(out, a)
		}
	}
	return out, nil
}

// Kiosk is the kiosk account acting.
type Kiosk struct {
	UserID int
	Name   string
}

// Open opens the appointment's kiosk check-in on a kiosk (event 1, status
// opened): an answered one is returned as it is (the customer sees their
// label again); an open one is opened again (another event 1).
func Open(ctx context.Context, db *ent.Client, ap *ent.Appointment, k Kiosk, presented []int) (*ent.KioskCommunication, error) {
	var kc *ent.KioskCommunication
	err := store.WithTx(ctx, db, func(tx *ent.Tx) error {
		prev, err := tx.KioskCommunication.Query().Where(kioskcommunication.AppointmentID(ap.ID)).
			Order(ent.Desc(kioskcommunication.FieldID)).First(ctx)
		switch {
		case err == nil && prev.Status == enums.KioskCommunicationStatusAnswered && ap.KioskLabelNumber != nil:
			kc = prev
			return nil
		case err == nil && prev.Status == enums.KioskCommunicationStatusOpened:
			kc, err = tx.KioskCommunication.UpdateOneID(prev.ID).SetKioskUserID(k.UserID).SetPresentedAgreementIds(presented).Save(ctx)
			if err != nil {
				return err
			}
		case err == nil || ent.IsNotFound(err):
			create := tx.KioskCommunication.Create().SetAppointmentID(ap.ID).SetDealerLocationID(ap.DealerLocationID).
				SetKioskUserID(k.UserID).SetStatus(enums.KioskCommunicationStatusOpened).SetPresentedAgreementIds(presented)
			if ap.CustomerDriverID != 0 {
				create.SetCustomerID(ap.CustomerDriverID)
			}
			if ap.CarID != 0 {
				create.SetCarID(ap.CarID)
			}
			if kc, err = create.Save(ctx); err != nil {
				return err
			}
		default:
			return err
		}
		return tx.KioskCommunicationEvent.Create().SetKioskCommunicationID(kc.ID).SetType(enums.KioskCommunicationEventTypeOpened).
			SetKioskName(k.Name).SetUserID(k.UserID).Exec(ctx)
	})
	return kc, err
}

// AgreedIntervention is an offered intervention the customer agreed to,
// as it was shown.
type AgreedIntervention struct {
	InterventionID int
	Title          string
	Description    string
	Price, VAT     float64
}

// Answer is the customer's answer at the kiosk, validated by the caller.
type Answer struct {
	Kiosk        Kiosk
	CustomerName string
	CorrectPhone string
	Signature    []byte
	Accepted     []int
	Agreed       []AgreedIntervention
	Remark       string
	// LabelNumber is the pre-printed label the customer took (0: the
	// lowest free number up to MaxLabel is handed out).
	LabelNumber int
	MaxLabel    int
	Now         time.Time
}

// Result of an answer: the label attached, and whether the check-in had
// been answered before (then nothing was written).
type Result struct {
	Communication *ent.KioskCommunication
	LabelNumber   int
	Repeat        bool
}

// Respond records the answer once: the status moves from opened to
// answered in the same transaction that attaches a label, writes the
// agreed interventions, the remark, event 2 and the dealer stream's
// communication.answered (kind kiosk_check_in), and sets the appointment's
// kiosk_checked_in_at and kiosk_label_number. An answer of a check-in
// already answered (two taps, a retry after a dropped network) writes
// nothing and returns the label attached then.
func Respond(ctx context.Context, db *ent.Client, kcID int, a Answer) (Result, error) {
	var res Result
	var err error
	// A free number taken by another kiosk at the same moment fails the
	// unique index: try again with the next free one.
	for attempt := 0; attempt < 5; attempt++ {
		res, err = respond(ctx, db, kcID, a)
		if !ent.IsConstraintError(err) && !errors.Is(err, errRace) {
			break
		}
		if a.LabelNumber != 0 {
			return Result{}, ErrLabelInUse
		}
	}
	if errors.Is(err, errRace) {
		err = ErrNoFreeLabel
	}
	return res, err
}

func respond(ctx context.Context, db *ent.Client, kcID int, a Answer) (Result, error) {
	var res Result
	err := store.WithTx(ctx, db, func(tx *ent.Tx) error {
		n, err := tx.KioskCommunication.Update().Where(kioskcommunication.ID(kcID),
			kioskcommunication.StatusEQ(enums.KioskCommunicationStatusOpened)).
			SetStatus(enums.KioskCommunicationStatusAnswered).SetAcceptedAgreementIds(nonNil(a.Accepted)).Save(ctx)
		if err != nil {
			return err
		}
		kc, err := tx.KioskCommunication.Get(ctx, kcID)
		if err != nil {
			return err
		}
		res.Communication = kc
		if n == 0 { // answered before: act once
			res.Repeat = true
			ap, err := tx.Appointment.Get(ctx, kc.AppointmentID)
			if err != nil {
				return err
			}
			if ap.KioskLabelNumber != nil {
				res.LabelNumber = *ap.KioskLabelNumber
			}
			return nil
		}
		number, err := attach(ctx, tx, kc, a)
		if err != nil {
			return err
		}
		res.LabelNumber = number
		for _, iv := range a.Agreed {
			c := tx.KioskAgreedIntervention.Create().SetKioskCommunicationID(kc.ID).SetTitle(iv.Title).
				SetDescription(iv.Description).SetPrice(iv.Price).SetVat(iv.VAT)
			if iv.InterventionID != 0 {
				c.SetInterventionID(iv.InterventionID)
			}
			if err := c.Exec(ctx); err != nil {
				return err
			}
		}
		if a.Remark != "" {
			if err := tx.KioskRemark.Create().SetKioskCommunicationID(kc.ID).SetAppointmentID(kc.AppointmentID).
				SetDescription(a.Remark).Exec(ctx); err != nil {
				return err
			}
		}
		ev := tx.KioskCommunicationEvent.Create().SetKioskCommunicationID(kc.ID).SetType(enums.KioskCommunicationEventTypeAnswered).
			SetCustomerName(a.CustomerName).SetCorrectPhone(a.CorrectPhone).SetKioskName(a.Kiosk.Name).
			SetKioskLabelNumber(number).SetUserID(a.Kiosk.UserID)
		if len(a.Signature) > 0 {
			ev.SetCustomerSignature(a.Signature)
		}
		if err := ev.Exec(ctx); err != nil {
			return err
		}
		if _, err := dealerevents.Record(ctx, tx.Client(), dealerevents.KioskCheckInAnswered(kc, a.Now)); err != nil {
			return err
		}
		return tx.Appointment.UpdateOneID(kc.AppointmentID).SetKioskCheckedInAt(a.Now).SetKioskLabelNumber(number).Exec(ctx)
	})
	return res, err
}

// attach attaches a label to the check-in's appointment: the number asked
// for if it is free, else the lowest free one.
func attach(ctx context.Context, tx *ent.Tx, kc *ent.KioskCommunication, a Answer) (int, error) {
	take := func(number int) (bool, error) {
		n, err := tx.KioskLabel.Update().Where(kiosklabel.DealerLocationID(kc.DealerLocationID), kiosklabel.Number(number),
			kiosklabel.KioskCommunicationIDIsNil()).
			SetAppointmentID(kc.AppointmentID).SetKioskCommunicationID(kc.ID).SetKioskID(a.Kiosk.UserID).Save(ctx)
		if err != nil || n == 1 {
			return n == 1, err
		}
		exists, err := tx.KioskLabel.Query().Where(kiosklabel.DealerLocationID(kc.DealerLocationID), kiosklabel.Number(number)).Exist(ctx)
		if err != nil || exists {
			return false, err
		}
		// A label number used for the first time: the unique index refuses
		// a second kiosk creating it at the same moment.
		return true, tx.KioskLabel.Create().SetDealerLocationID(kc.DealerLocationID).SetNumber(number).
			SetAppointmentID(kc.AppointmentID).SetKioskCommunicationID(kc.ID).SetKioskID(a.Kiosk.UserID).Exec(ctx)
	}
	if a.LabelNumber != 0 {
		ok, err := take(a.LabelNumber)
		if err == nil && !ok {
			err = ErrLabelInUse
		}
		return a.LabelNumber, err
	}
	// The lowest detached label, else the next number never used.
	free, err := tx.KioskLabel.Query().Where(kiosklabel.DealerLocationID(kc.DealerLocationID), kiosklabel.KioskCommunicationIDIsNil(),
		kiosklabel.NumberLTE(a.MaxLabel)).Order(ent.Asc(kiosklabel.FieldNumber)).Limit(20).All(ctx)
	if err != nil {
		return 0, err
	}
	for _, l := range free {
		if ok, err := take(l.Number); err != nil || ok {
			return l.Number, err
		}
	}
	// Every label is attached: the lowest number never used yet.
	used, err := tx.KioskLabel.Query().Where(kiosklabel.DealerLocationID(kc.DealerLocationID), kiosklabel.NumberLTE(a.MaxLabel)).
		Order(ent.Asc(kiosklabel.FieldNumber)).Select(kiosklabel.FieldNumber).Ints(ctx)
	if err != nil {
		return 0, err
	}
	next := 1
	for _, n := range used {
		if n != next {
			break
		}
		next++
	}
	if next > a.MaxLabel {
		return 0, ErrNoFreeLabel
	}
	ok, err := take(next)
	if err == nil && !ok {
		err = errRace // another kiosk took it a moment ago
	}
	return next, err
}

// Detach frees the label attached to the appointment (the key was handed
// back): event 3 on the check-in it came from, the label free again, the
// appointment's kiosk_label_number cleared (kiosk_checked_in_at stays).
// It returns the number detached, or ErrNoLabel.
func Detach(ctx context.Context, db *ent.Client, ap *ent.Appointment, userID int) (int, error) {
	var number int
	err := store.WithTx(ctx, db, func(tx *ent.Tx) error {
		l, err := tx.KioskLabel.Query().Where(kiosklabel.AppointmentID(ap.ID), kiosklabel.KioskCommunicationIDNotNil()).First(ctx)
		if ent.IsNotFound(err) {
			return ErrNoLabel
		}
		if err != nil {
			return err
		}
		n, err := tx.KioskLabel.Update().Where(kiosklabel.ID(l.ID), kiosklabel.AppointmentID(ap.ID)).
			ClearAppointmentID().ClearKioskCommunicationID().Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrNoLabel
		}
		number = l.Number
		if err := tx.KioskCommunicationEvent.Create().SetKioskCommunicationID(*l.KioskCommunicationID).
			SetType(enums.KioskCommunicationEventTypeLabelDetached).SetKioskLabelNumber(l.Number).SetUserID(userID).Exec(ctx); err != nil {
			return err
		}
		return tx.Appointment.UpdateOneID(ap.ID).ClearKioskLabelNumber().Exec(ctx)
	})
	return number, err
}

func nonNil(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}

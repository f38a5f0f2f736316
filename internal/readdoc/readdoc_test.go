package readdoc_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/readdoc"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// TestOneClearPerTransaction: writes in one transaction that change one
// communication's document clear it and bump its version once; the next
// transaction, and each write outside one, clears it again.
func TestOneClearPerTransaction(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	d := db.Dealer.Create().SetName("Visser").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealer(d).SetName("Zwolle").SaveX(ctx)
	cu := db.Customer.Create().SetLocation(l).SaveX(ctx)
	car := db.Car.Create().SetLocation(l).SaveX(ctx)
	ap := db.Appointment.Create().SetLocation(l).SetCar(car).SetCustomerDriver(cu).SetCustomerOwner(cu).
		SetTimeCarApp(time.Date(2025, 3, 14, 8, 30, 0, 0, time.UTC)).SaveX(ctx)
	com := db.CustomerCommunication.Create().SetAppointment(ap).SetDealerLocationID(l.ID).SetCustomerID(cu.ID).
		SetCustomerKeyHash("c").SetCustomerKeySalt("cs").SetReceptionistKeyHash("r").SetReceptionistKeySalt("rs").SaveX(ctx)
	stored := func() {
		t.Helper()
		db.CustomerCommunication.UpdateOneID(com.ID).SetDocument([]byte(`{"stale":true}`)).ExecX(ctx)
	}
	version := func() int {
		t.Helper()
		c := db.CustomerCommunication.GetX(ctx, com.ID)
		require.True(t, c.Document == nil || *c.Document == nil, "a change clears the document")
		return c.DocumentVersion
	}

	stored()
	v0 := db.CustomerCommunication.GetX(ctx, com.ID).DocumentVersion
	require.NoError(t, store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
		if err := tx.Appointment.UpdateOneID(ap.ID).SetWoNr("WO-1").Exec(ctx); err != nil {
			return err
		}
		if err := tx.CustomerCommunication.UpdateOneID(com.ID).SetNote("at the desk").Exec(ctx); err != nil {
			return err
		}
		return tx.Customer.UpdateOneID(cu.ID).SetFirstName("Anna").Exec(ctx)
	}))
	require.Equal(t, v0+1, version(), "three changes in one transaction, one bump")

	stored()
	require.NoError(t, store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
		return tx.Appointment.UpdateOneID(ap.ID).SetWoNr("WO-2").Exec(ctx)
	}))
	require.Equal(t, v0+2, version(), "the next transaction clears again")

	stored()
	db.Appointment.UpdateOneID(ap.ID).SetWoNr("WO-3").ExecX(ctx)
	db.Customer.UpdateOneID(cu.ID).SetFirstName("Anne").ExecX(ctx)
	require.Equal(t, v0+4, version(), "outside a transaction each change clears")

	// A transaction rolled back is forgotten too: a later one clears.
	stored()
	_ = store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
		tx.Appointment.UpdateOneID(ap.ID).SetWoNr("WO-4").ExecX(ctx)
		return context.Canceled
	})
	kept := db.CustomerCommunication.GetX(ctx, com.ID).Document
	require.True(t, kept != nil && len(*kept) > 0, "rolled back: the document stays")
	require.NoError(t, store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
		return tx.Appointment.UpdateOneID(ap.ID).SetWoNr("WO-5").Exec(ctx)
	}))
	require.Equal(t, v0+5, version())
}

// comFixture is a location with appointments, each with a communication
// whose document is stored (stale on purpose: only a clear removes it).
type comFixture struct {
	t   *testing.T
	db  *store.DB
	ctx context.Context
	loc *ent.DealerLocation
	n   int
}

func newComFixture(t *testing.T) *comFixture {
	db := storetest.New(t)
	ctx := context.Background()
	d := db.Dealer.Create().SetName("Visser").SaveX(ctx)
	l := db.DealerLocation.Create().SetDealer(d).SetName("Zwolle").SaveX(ctx)
	return &comFixture{t: t, db: db, ctx: ctx, loc: l}
}

// com is a new appointment and its communication, with a stored document.
func (f *comFixture) com() *ent.CustomerCommunication {
	f.n++
	ctx, db, l := f.ctx, f.db, f.loc
	cu := db.Customer.Create().SetLocation(l).SaveX(ctx)
	car := db.Car.Create().SetLocation(l).SaveX(ctx)
	ap := db.Appointment.Create().SetLocation(l).SetCar(car).SetCustomerDriver(cu).SetCustomerOwner(cu).
		SetTimeCarApp(time.Date(2025, 3, 14, 8, 30, 0, 0, time.UTC)).SaveX(ctx)
	k := fmt.Sprint(f.n)
	com := db.CustomerCommunication.Create().SetAppointment(ap).SetDealerLocationID(l.ID).SetCustomerID(cu.ID).
		SetCustomerKeyHash("c" + k).SetCustomerKeySalt("cs").SetReceptionistKeyHash("r" + k).SetReceptionistKeySalt("rs").SaveX(ctx)
	f.store(com.ID)
	return com
}

func (f *comFixture) store(comID int) {
	f.db.CustomerCommunication.UpdateOneID(comID).SetDocument([]byte(`{"stale":true}`)).ExecX(f.ctx)
}

// cleared reports whether the document of communication comID was cleared
// since it was stored, and stores it again.
func (f *comFixture) cleared(comID int) bool {
	f.t.Helper()
	c := f.db.CustomerCommunication.GetX(f.ctx, comID)
	f.store(comID)
	return c.Document == nil || *c.Document == nil
}

// counting is a client on db's pool that counts the statements it runs,
// with the hook or without it.
func counting(db *store.DB, hook bool) (*ent.Client, *[]string) {
	var stmts []string
	drv := dialect.DebugWithContext(entsql.OpenDB(dialect.Postgres, db.SQL), func(_ context.Context, v ...any) {
		if s := fmt.Sprint(v...); strings.Contains(s, ".Exec: ") || strings.Contains(s, ".Query: ") {
			stmts = append(stmts, s)
		}
	})
	c := ent.NewClient(ent.Driver(drv))
	if hook {
		readdoc.Install(c)
	}
	return c, &stmts
}

// TestHookStatements: the hook adds no lookup to a create that names its
// communication (or of an entity no communication can point at yet), and
// one (before the write) to an update that moves nothing; the clear itself
// is one statement. Counted as the statements of a client with the hook
// less those of the same write on a client without it.
func TestHookStatements(t *testing.T) {
	f := newComFixture(t)
	ctx := f.ctx
	com := f.com()
	added := func(what string, write func(c *ent.Client) error) int {
		t.Helper()
		plain, base := counting(f.db, false)
		hooked, with := counting(f.db, true)
		require.NoError(t, write(plain), what)
		require.NoError(t, write(hooked), what)
		t.Logf("%s, with the hook:\n%s", what, strings.Join(*with, "\n"))
		return len(*with) - len(*base)
	}

	assert.Equal(t, 1, added("check-in result created", func(c *ent.Client) error {
		return c.CheckInResult.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(com.AppointmentID).SetName("Tyres").Exec(ctx)
	}), "a created check-in result: no lookup, one clear")
	ap := f.db.Appointment.GetX(ctx, com.AppointmentID)
	events := 0
	assert.Equal(t, 1, added("event created", func(c *ent.Client) error {
		events++
		return c.CommunicationEvent.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(com.AppointmentID).
			SetType(enums.CommunicationEventTypeOnlineCheckInOpened).SetDedupeKey(fmt.Sprint("e", events)).Exec(ctx)
	}), "a created event: no lookup, one clear")
	assert.Equal(t, 0, added("customer created", func(c *ent.Client) error {
		return c.Customer.Create().SetLocation(f.loc).Exec(ctx)
	}), "a created customer: nothing")
	assert.Equal(t, 0, added("appointment created", func(c *ent.Client) error {
		return c.Appointment.Create().SetLocation(f.loc).SetCarID(ap.CarID).SetCustomerDriverID(ap.CustomerDriverID).
			SetTimeCarApp(ap.TimeCarApp).Exec(ctx)
	}), "a created appointment: nothing")
	assert.Equal(t, 2, added("appointment updated", func(c *ent.Client) error {
		return c.Appointment.UpdateOneID(com.AppointmentID).SetWoNr("WO-1").Exec(ctx)
	}), "an updated appointment: one lookup, one clear")
}

// TestCreatesClearTheirCommunication: a create of each kind that names its
// communication (directly or through the rows it hangs from) clears that
// communication's document, and no other.
func TestCreatesClearTheirCommunication(t *testing.T) {
	f := newComFixture(t)
	ctx, db := f.ctx, f.db
	com, other := f.com(), f.com()
	apID, locID := com.AppointmentID, f.loc.ID
	chk := db.Check.Create().SetAppointmentID(apID).SetDealerLocationID(locID).SetChecklistID(1).
		SetMechanicID(1).SetStartKey("k").SetStartedAt(time.Now()).SaveX(ctx)
	qr := db.QuestionResult.Create().SetCheckID(chk.ID).SetQuestionID(1).SetAppointmentID(apID).SetTitle("Oil").
		SetAnswerKey("a1").SaveX(ctx)
	agr := db.CommunicationAgreement.Create().SetDealerID(f.loc.DealerID).SetName("Terms").SaveX(ctx)
	var (
		rem *ent.CheckInRemark
		dor *ent.DiagnoseOverviewRemark
		iv  *ent.Intervention
		ev  *ent.CommunicationEvent
	)
	for _, c := range []struct {
		name   string
		create func() error
	}{
		{"check-in result", func() error {
			return db.CheckInResult.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(apID).SetName("Tyres").Exec(ctx)
		}},
		{"check-in remark", func() (err error) {
			rem, err = db.CheckInRemark.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(apID).SetTitle("noise").Save(ctx)
			return err
		}},
		{"check-in attachment", func() error {
			return db.CheckInAttachment.Create().SetCheckInRemarkID(rem.ID).SetCustomerCommunicationID(com.ID).SetName("a.jpg").Exec(ctx)
		}},
		{"diagnose remark", func() (err error) {
			dor, err = db.DiagnoseOverviewRemark.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(apID).SetTitle("t").Save(ctx)
			return err
		}},
		{"diagnose attachment", func() error {
			return db.DiagnoseOverviewAttachment.Create().SetDiagnoseOverviewRemarkID(dor.ID).SetCustomerCommunicationID(com.ID).
				SetName("b.png").Exec(ctx)
		}},
		{"event", func() (err error) {
			ev, err = db.CommunicationEvent.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(apID).
				SetType(enums.CommunicationEventTypeOnlineCheckInOpened).SetDedupeKey("e").Save(ctx)
			return err
		}},
		{"agreed result", func() error {
			return db.DiagnoseOverviewAgreedResult.Create().SetCommunicationEventID(ev.ID).SetAppointmentID(apID).Exec(ctx)
		}},
		{"declined result", func() error {
			return db.DiagnoseOverviewDeclinedResult.Create().SetCommunicationEventID(ev.ID).SetAppointmentID(apID).Exec(ctx)
		}},
		{"contact result", func() error {
			return db.DiagnoseOverviewContactResult.Create().SetCommunicationEventID(ev.ID).SetAppointmentID(apID).Exec(ctx)
		}},
		{"communication result", func() error {
			return db.CommunicationResult.Create().SetCustomerCommunicationID(com.ID).SetAppointmentID(apID).SetKind("diagnose").
				SetQuestionResultID(qr.ID).Exec(ctx)
		}},
		{"question result image", func() error {
			return db.QuestionResultImage.Create().SetQuestionResultID(qr.ID).SetUploadedFileID(uuid.New()).SetUploadKey("p1").Exec(ctx)
		}},
		{"question result video", func() error {
			return db.QuestionResultVideo.Create().SetQuestionResultID(qr.ID).SetCheckID(chk.ID).SetUploadedFileID(uuid.New()).SetSize(1).
				SetUploadKey("v1").Exec(ctx)
		}},
		{"intervention", func() (err error) {
			iv, err = db.Intervention.Create().SetAppointmentID(apID).SetDealerLocationID(locID).SetTitle("Brakes").Save(ctx)
			return err
		}},
		{"intervention element", func() error {
			return db.InterventionElement.Create().SetInterventionID(iv.ID).SetDescription("pads").SetElementType(enums.InterventionElementType(1)).Exec(ctx)
		}},
		{"event's intervention", func() error {
			return db.CustomerCommunicationIntervention.Create().SetCustomerCommunicationID(com.ID).SetInterventionID(iv.ID).
				SetCommunicationEventID(ev.ID).SetAppointmentID(apID).Exec(ctx)
		}},
		{"agreement accepted", func() error {
			return db.CustomerCommunicationAgreement.Create().SetCustomerCommunicationID(com.ID).SetCommunicationAgreementID(agr.ID).
				SetAppointmentID(apID).Exec(ctx)
		}},
		{"feedback", func() error {
			return db.Feedback.Create().SetAppointmentID(apID).SetDealerLocationID(locID).SetScore(9).SetAnsweredAt(time.Now()).Exec(ctx)
		}},
	} {
		require.NoError(t, c.create(), c.name)
		require.True(t, f.cleared(com.ID), "a created %s clears its communication", c.name)
		require.False(t, f.cleared(other.ID), "a created %s leaves other communications alone", c.name)
	}

	// A location's setting shows in every communication of the location.
	db.CommunicationSetting.Create().SetDealerLocationID(locID).ExecX(ctx)
	require.True(t, f.cleared(com.ID), "a created setting clears its location's communications")
	require.True(t, f.cleared(other.ID), "a created setting clears its location's communications")

	// A new car that takes over an appointment (an edge to existing rows)
	// is in its communication's document from the start.
	free := f.com()
	db.Appointment.UpdateOneID(free.AppointmentID).ClearCar().ExecX(ctx)
	f.store(free.ID)
	db.Car.Create().SetLocationID(locID).AddAppointmentIDs(free.AppointmentID).ExecX(ctx)
	require.True(t, f.cleared(free.ID), "a created car with an appointment clears its communication")
	require.False(t, f.cleared(com.ID))
}

// TestUpdatesThatMoveClearBothSides: an update that moves a row to another
// communication clears the one it left and the one it joined.
func TestUpdatesThatMoveClearBothSides(t *testing.T) {
	f := newComFixture(t)
	ctx, db := f.ctx, f.db
	a, b, c := f.com(), f.com(), f.com()
	both := func(what string) {
		t.Helper()
		require.True(t, f.cleared(a.ID), "%s: the communication it left", what)
		require.True(t, f.cleared(b.ID), "%s: the communication it joined", what)
		require.False(t, f.cleared(c.ID), "%s: not another", what)
	}

	res := db.CheckInResult.Create().SetCustomerCommunicationID(a.ID).SetAppointmentID(a.AppointmentID).SetName("Tyres").SaveX(ctx)
	f.store(a.ID)
	db.CheckInResult.UpdateOneID(res.ID).SetCustomerCommunicationID(b.ID).ExecX(ctx)
	both("check-in result moved")
	db.CheckInResult.Update().SetCustomerCommunicationID(a.ID).ExecX(ctx)
	both("check-in results moved back")

	iv := db.Intervention.Create().SetAppointmentID(a.AppointmentID).SetDealerLocationID(f.loc.ID).SetTitle("Brakes").SaveX(ctx)
	f.store(a.ID)
	db.Intervention.UpdateOneID(iv.ID).SetAppointmentID(b.AppointmentID).ExecX(ctx)
	both("intervention moved")

	ivA := db.Intervention.Create().SetAppointmentID(a.AppointmentID).SetDealerLocationID(f.loc.ID).SetTitle("Lights").SaveX(ctx)
	el := db.InterventionElement.Create().SetInterventionID(ivA.ID).SetDescription("bulb").SetElementType(enums.InterventionElementType(1)).SaveX(ctx)
	f.store(a.ID)
	db.InterventionElement.UpdateOneID(el.ID).SetInterventionID(iv.ID).ExecX(ctx)
	both("intervention element moved")

	// An update that moves nothing clears where its rows are.
	db.CheckInResult.UpdateOneID(res.ID).SetName("Wipers").ExecX(ctx)
	require.True(t, f.cleared(a.ID))
	require.False(t, f.cleared(b.ID))
}

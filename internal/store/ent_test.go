package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/pitstop-dev/pitstop/internal/files"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// chain is one of everything, linked: dealer -> location -> setting, customer, car
// -> appointment -> intervention + elements -> communication -> event -> receiver.
type chain struct {
	dealer   *ent.Dealer
	location *ent.DealerLocation
	setting  *ent.CommunicationSetting
	customer *ent.Customer
	car      *ent.Car
	appt     *ent.Appointment
	interv   *ent.Intervention
	elements []*ent.InterventionElement
	comm     *ent.CustomerCommunication
	event    *ent.CommunicationEvent
	receiver *ent.CommunicationReceiver
}

var appTime = time.Date(2025, 3, 14, 8, 30, 0, 0, time.UTC)

func buildChain(t *testing.T, c *ent.Client) chain {
	t.Helper()
	ctx := context.Background()
	var ch chain
	ch.dealer = c.Dealer.Create().
		SetName("Autobedrijf Visser").
		SetCountryCode("NL").
		SetDomainName("visser.example").
		SetSmsGatewayID(enums.SMSGatewayTwilio).
		SaveX(ctx)
	ch.location = c.DealerLocation.Create().
		SetDealer(ch.dealer).
		SetName("Visser Werkplaats").
		SetCity("Zwolle").
		SetLanguageCode(enums.LanguageCodeNlNL).
		SetDmsID(enums.DMSIDIncadea).
		SetOnlineCheckInEnabled(true).
		SetIsAcsesEnabled(true).
		SetThirdPartyWebhookURL("https://dealer.example/hook").
		SetThirdPartyWebhookSecret("whsec-location-secret").
		SaveX(ctx)
	ch.setting = c.CommunicationSetting.Create().
		SetLocation(ch.location).
		SetColor("#ff6600").
		SetWelcomeText("Welkom").
		SetLayout(enums.CommunicationLayoutIDMenuLeft).
		SetIsSmsForOnlineCheckInEnabled(true).
		SaveX(ctx)
	ch.customer = c.Customer.Create().
		SetLocation(ch.location).
		SetDmsNr("C-1").
		SetFirstName("Anna").
		SetSurname("de Vries").
		SetEmailPrivate("anna@example.com").
		SetTelMobilePrivate("+31600000001").
		SetPreferredCommunicationChannel(enums.CommunicationChannelIDSMS).
		SaveX(ctx)
	ch.car = c.Car.Create().
		SetLocation(ch.location).
		SetMake("Volvo").
		SetModel("V60").
		SetRegNr("AB-123-C").
		SetRegNrEscaped("AB123C").
		SetVin("YV1ZW25UDM1234567").
		SaveX(ctx)
	ch.appt = c.Appointment.Create().
		SetLocation(ch.location).
		SetCar(ch.car).
		SetCustomerDriver(ch.customer).
		SetCustomerOwner(ch.customer).
		SetWoNr("WO-1001").
		SetRegNumber("AB-123-C").
		SetTimeCarApp(appTime).
		SetAppointmentStatusIdentifier(enums.StatusIdentifierCarCheckStarted).
		SetStatusOverride(enums.StatusOverrideRestored).
		SetCurrentKm(42000).
		SaveX(ctx)
	ch.interv = c.Intervention.Create().
		SetAppointment(ch.appt).
		SetDealerLocationID(ch.location.ID).
		SetCarID(ch.car.ID).
		SetTitle("Brake pads front").
		SetPrice(189.5).
		SetCommunicationResultStatus(enums.CommunicationResultStatusAgree).
		SaveX(ctx)
	ch.elements = c.InterventionElement.CreateBulk(
		c.InterventionElement.Create().SetIntervention(ch.interv).SetDescription("Pads").SetPrice(120).SetQuantity(1).
			SetElementType(enums.InterventionElementTypePart).SetPrivateNote("margin 40%"),
		c.InterventionElement.Create().SetIntervention(ch.interv).SetDescription("Labour").SetPrice(69.5).SetQuantity(0.5).
			SetElementType(enums.InterventionElementTypeLabor).SetStatus(enums.InterventionElementStatusOnHold),
	).SaveX(ctx)
	ch.comm = c.CustomerCommunication.Create().
		SetAppointment(ch.appt).
		SetDealerLocationID(ch.location.ID).
		SetCustomerID(ch.customer.ID).
		SetCarID(ch.car.ID).
		SetStatus(enums.CommunicationStatusCheckInSent).
		SetCustomerKeyHash("customer-hash-" + uuid.NewString()).
		SetCustomerKeySalt("customer-salt-1234").
		SetReceptionistKeyHash("receptionist-hash-" + uuid.NewString()).
		SetReceptionistKeySalt("receptionist-salt-5678").
		SaveX(ctx)
	ch.event = c.CommunicationEvent.Create().
		SetCommunication(ch.comm).
		SetAppointmentID(ch.appt.ID).
		SetType(enums.CommunicationEventTypeOnlineCheckInSent).
		SaveX(ctx)
	ch.receiver = c.CommunicationReceiver.Create().
		SetCommunicationEvent(ch.event).
		SetAppointmentID(ch.appt.ID).
		SetCommunicationChannelID(enums.CommunicationChannelIDSMS).
		SetDestination("+31600000001").
		SetSmsGatewayID(enums.SMSGatewayTwilio).
		SetIdempotencyKey(fmt.Sprintf("comm/%d/event/%d/sms", ch.comm.ID, ch.event.ID)).
		SaveX(ctx)
	return ch
}

func TestEntRoundTrip(t *testing.T) {
	t.Parallel()
	for name, open := range dialects {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			c := open(t).Client
			ch := buildChain(t, c)

			// Defaults.
			assert.True(t, ch.dealer.Active)
			assert.Equal(t, 21.0, ch.location.Vat)
			assert.Equal(t, 3, ch.location.CheckInDaysPrior)
			assert.Equal(t, "Europe/Amsterdam", ch.location.TimeZone)
			assert.Equal(t, enums.HeadingPositionTop, ch.setting.HeadingPosition)
			assert.Equal(t, enums.LanguageCodeEnGB, ch.setting.LanguageCode)
			assert.Equal(t, enums.CommunicationReceiverStatusSent, ch.receiver.Status)
			assert.Equal(t, "queued", ch.receiver.DeliveryState)
			assert.Equal(t, 1, ch.comm.Version)
			assert.True(t, ch.interv.VisibleToCustomer)
			assert.Equal(t, enums.InterventionElementStatusActive, ch.elements[0].Status)
			assert.False(t, ch.appt.CreatedAt.IsZero())

			// Read everything back through the edges, with typed enum values.
			a := c.Appointment.Query().
				Where(appointment.ID(ch.appt.ID)).
				WithLocation(func(q *ent.DealerLocationQuery) { q.WithDealer().WithSetting() }).
				WithCar().
				WithCustomerDriver().
				WithInterventions(func(q *ent.InterventionQuery) { q.WithElements() }).
				WithCommunication(func(q *ent.CustomerCommunicationQuery) {
					q.WithEvents(func(q *ent.CommunicationEventQuery) { q.WithReceivers() })
				}).
				OnlyX(ctx)
			assert.Equal(t, "WO-1001", a.WoNr)
			assert.True(t, a.TimeCarApp.Equal(appTime), "%v", a.TimeCarApp)
			assert.Nil(t, a.DueIn)
			assert.Equal(t, enums.StatusIdentifierCarCheckStarted, a.AppointmentStatusIdentifier)
			assert.Equal(t, enums.StatusOverrideRestored, a.StatusOverride)
			assert.Equal(t, ch.car.ID, a.CarID)
			assert.Equal(t, ch.customer.ID, a.CustomerDriverID)
			assert.Equal(t, 0, a.CustomerContractID)

			loc := a.Edges.Location
			assert.Equal(t, enums.LanguageCodeNlNL, loc.LanguageCode)
			assert.Equal(t, enums.DMSIDIncadea, loc.DmsID)
			assert.Equal(t, "Autobedrijf Visser", loc.Edges.Dealer.Name)
			assert.Equal(t, enums.SMSGatewayTwilio, loc.Edges.Dealer.SmsGatewayID)
			assert.Equal(t, enums.CommunicationLayoutIDMenuLeft, loc.Edges.Setting.Layout)
			assert.Equal(t, ch.location.ID, loc.Edges.Setting.DealerLocationID)
			assert.Equal(t, "AB123C", a.Edges.Car.RegNrEscaped)
			require.NotNil(t, a.Edges.CustomerDriver.PreferredCommunicationChannel)
			assert.Equal(t, enums.CommunicationChannelIDSMS, *a.Edges.CustomerDriver.PreferredCommunicationChannel)

			require.Len(t, a.Edges.Interventions, 1)
			iv := a.Edges.Interventions[0]
			assert.Equal(t, enums.CommunicationResultStatusAgree, iv.CommunicationResultStatus)
			require.Len(t, iv.Edges.Elements, 2)
			types := map[enums.InterventionElementType]enums.InterventionElementStatus{}
			for _, e := range iv.Edges.Elements {
				types[e.ElementType] = e.Status
			}
			assert.Equal(t, map[enums.InterventionElementType]enums.InterventionElementStatus{
				enums.InterventionElementTypePart:  enums.InterventionElementStatusActive,
				enums.InterventionElementTypeLabor: enums.InterventionElementStatusOnHold,
			}, types)

			comm := a.Edges.Communication
			require.NotNil(t, comm)
			assert.Equal(t, enums.CommunicationStatusCheckInSent, comm.Status)
			require.NotNil(t, comm.CustomerID)
			assert.Equal(t, ch.customer.ID, *comm.CustomerID)
			assert.Nil(t, comm.ReceptionistID)
			assert.Equal(t, ch.comm.CustomerKeyHash, comm.CustomerKeyHash, "sensitive fields are still loaded")
			require.Len(t, comm.Edges.Events, 1)
			assert.Equal(t, enums.CommunicationEventTypeOnlineCheckInSent, comm.Edges.Events[0].Type)
			require.Len(t, comm.Edges.Events[0].Edges.Receivers, 1)
			r := comm.Edges.Events[0].Edges.Receivers[0]
			assert.Equal(t, enums.CommunicationChannelIDSMS, r.CommunicationChannelID)
			assert.Equal(t, enums.SMSGatewayTwilio, r.SmsGatewayID)
			require.NotNil(t, r.CommunicationEventID)
			assert.Equal(t, ch.event.ID, *r.CommunicationEventID)

			// Key lookup by hash, and a typed-enum update.
			byKey := c.CustomerCommunication.Query().
				Where(customercommunication.CustomerKeyHash(ch.comm.CustomerKeyHash)).OnlyX(ctx)
			assert.Equal(t, ch.comm.ID, byKey.ID)
			updated := byKey.Update().SetStatus(enums.CommunicationStatusCheckInAnswered).SaveX(ctx)
			assert.Equal(t, enums.CommunicationStatusCheckInAnswered, updated.Status)
			assert.Equal(t, 1, c.CustomerCommunication.Query().
				Where(customercommunication.StatusEQ(enums.CommunicationStatusCheckInAnswered)).CountX(ctx))

			// The receiver's delivery state machine only takes its four values.
			_, err := r.Update().SetDeliveryState("lost").Save(ctx)
			require.Error(t, err)
			assert.True(t, ent.IsValidationError(err), "%v", err)
			r2 := r.Update().SetDeliveryState("accepted").AddAttempts(1).SetTwilioMessageSid("SM123").SaveX(ctx)
			assert.Equal(t, 1, r2.Attempts)
			assert.Equal(t, r.ID, c.CommunicationReceiver.Query().
				Where(communicationreceiver.TwilioMessageSid("SM123")).OnlyIDX(ctx))
		})
	}
}

func TestOneCommunicationPerAppointment(t *testing.T) {
	t.Parallel()
	for name, open := range dialects {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			c := open(t).Client
			ch := buildChain(t, c)

			_, err := c.CustomerCommunication.Create().
				SetAppointment(ch.appt).
				SetDealerLocationID(ch.location.ID).
				SetCustomerKeyHash("another-customer-hash").
				SetCustomerKeySalt("s").
				SetReceptionistKeyHash("another-receptionist-hash").
				SetReceptionistKeySalt("s").
				Save(ctx)
			require.Error(t, err)
			assert.True(t, ent.IsConstraintError(err), "want a constraint error, got %v", err)

			// Key hashes are unique too.
			other := c.Appointment.Create().SetLocation(ch.location).SetTimeCarApp(appTime).SaveX(ctx)
			_, err = c.CustomerCommunication.Create().
				SetAppointment(other).
				SetDealerLocationID(ch.location.ID).
				SetCustomerKeyHash(ch.comm.CustomerKeyHash).
				SetCustomerKeySalt("s").
				SetReceptionistKeyHash("fresh-receptionist-hash").
				SetReceptionistKeySalt("s").
				Save(ctx)
			require.Error(t, err)
			assert.True(t, ent.IsConstraintError(err), "want a constraint error, got %v", err)
		})
	}
}

func TestReceiverIdempotencyKeyIsUnique(t *testing.T) {
	t.Parallel()
	for name, open := range dialects {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			c := open(t).Client
			ch := buildChain(t, c)

			_, err := c.CommunicationReceiver.Create().
				SetCommunicationEvent(ch.event).
				SetAppointmentID(ch.appt.ID).
				SetCommunicationChannelID(enums.CommunicationChannelIDEmail).
				SetDestination("anna@example.com").
				SetIdempotencyKey(ch.receiver.IdempotencyKey).
				Save(ctx)
			require.Error(t, err)
			assert.True(t, ent.IsConstraintError(err), "want a constraint error, got %v", err)

			// The upsert path a retried send can take: the existing row comes back.
			id, err := c.CommunicationReceiver.Create().
				SetCommunicationEvent(ch.event).
				SetAppointmentID(ch.appt.ID).
				SetCommunicationChannelID(enums.CommunicationChannelIDSMS).
				SetDestination("+31600000001").
				SetIdempotencyKey(ch.receiver.IdempotencyKey).
				OnConflictColumns(communicationreceiver.FieldIdempotencyKey).
				Ignore().
				ID(ctx)
			require.NoError(t, err)
			assert.Equal(t, ch.receiver.ID, id)
			assert.Equal(t, 1, c.CommunicationReceiver.Query().CountX(ctx))

			// A key-locker PIN receiver has no communication event.
			pin := c.CommunicationReceiver.Create().
				SetAppointmentID(ch.appt.ID).
				SetCommunicationChannelID(enums.CommunicationChannelIDSMS).
				SetDestination("+31600000001").
				SetIdempotencyKey("keylocker/pin/1").
				SaveX(ctx)
			assert.Nil(t, pin.CommunicationEventID)
		})
	}
}

func TestSensitiveFieldsAreNotPrinted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := storetest.NewSQLite(t).Client
	ch := buildChain(t, c)

	klc := c.KeyLockerCommunication.Create().
		SetAppointment(ch.appt).
		SetDealerLocationID(ch.location.ID).
		SetPin("918273").
		SaveX(ctx)
	ls := c.LockerSystem.Create().SetID("151").SetLocation(ch.location).SetName("Locker 1").SaveX(ctx)
	bk := c.Booking.Create().
		SetID("bk-1").
		SetLockerSystem(ls).
		SetAppointmentID(ch.appt.ID).
		SetState(enums.BookingStateBooked).
		SetStartDate(appTime).
		SetEndDate(appTime.Add(24 * time.Hour)).
		SetCreatedInAcses(appTime).
		SetCode("555444").
		SetPurpose("drop").
		SaveX(ctx)
	file := c.UploadedFile.Create().
		SetCommunication(ch.comm).
		SetName("photo.jpg").
		SetData([]byte("JPEG-BYTES-SECRET")).
		SetSize(17).
		SaveX(ctx)
	chunk := c.UploadedFileChunk.Create().SetFile(file).SetSeq(0).SetData([]byte("JPEG-BYTES-SECRET")).SaveX(ctx)
	user := c.User.Create().SetEmail("r@example.com").SetRoleID(enums.RoleIDReceptionist).SetPasswordHash("$argon2id$hash").SaveX(ctx)

	cases := []struct {
		v       any
		secrets []string
	}{
		{ch.comm, []string{ch.comm.CustomerKeyHash, ch.comm.ReceptionistKeyHash, "customer-salt-1234", "receptionist-salt-5678"}},
		{ch.location, []string{"whsec-location-secret"}},
		{klc, []string{"918273"}},
		{bk, []string{"555444"}},
		{file, []string{"JPEG-BYTES-SECRET", "74 80 69 71"}},
		{chunk, []string{"JPEG-BYTES-SECRET", "74 80 69 71"}},
		{user, []string{"$argon2id$hash"}},
	}
	for _, tc := range cases {
		js, err := json.Marshal(tc.v)
		require.NoError(t, err)
		outputs := []string{tc.v.(fmt.Stringer).String(), fmt.Sprint(tc.v), fmt.Sprintf("%v %+v %s", tc.v, tc.v, tc.v), string(js)}
		for _, out := range outputs {
			for _, s := range tc.secrets {
				assert.NotContains(t, out, s, "%T leaks a sensitive field", tc.v)
			}
		}
	}
	// Not sensitive, but never for customers: kept out of JSON.
	js, err := json.Marshal(ch.elements[0])
	require.NoError(t, err)
	assert.NotContains(t, string(js), "margin 40%")
	assert.Equal(t, "margin 40%", ch.elements[0].PrivateNote)
}

func TestAcsesAndWebhookEntities(t *testing.T) {
	t.Parallel()
	for name, open := range dialects {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			c := open(t).Client
			ch := buildChain(t, c)

			ls := c.LockerSystem.Create().SetID("151").SetLocation(ch.location).SetName("Front door").SaveX(ctx)
			assert.True(t, ls.Active)
			c.Booking.Create().
				SetID("tk-9f2").
				SetLockerSystem(ls).
				SetAppointmentID(ch.appt.ID).
				SetName("WO-1001").
				SetState(enums.BookingStateUsed).
				SetLastAction(enums.ObjectStatusDropoff).
				SetStartDate(appTime).
				SetEndDate(appTime.Add(time.Hour)).
				SetCreatedInAcses(appTime.Add(-time.Hour)).
				SetCode("1234").
				SetPurpose("drop").
				SaveX(ctx)
			_, err := c.Booking.Create().SetID("tk-bad").SetLockerSystem(ls).SetStartDate(appTime).SetEndDate(appTime).
				SetCreatedInAcses(appTime).SetPurpose("teleport").Save(ctx)
			assert.True(t, ent.IsValidationError(err), "%v", err)

			got := c.Appointment.Query().Where(appointment.ID(ch.appt.ID)).QueryBookings().WithLockerSystem().OnlyX(ctx)
			assert.Equal(t, "tk-9f2", got.ID)
			assert.Equal(t, enums.BookingStateUsed, got.State)
			assert.Equal(t, enums.ObjectStatusDropoff, got.LastAction)
			assert.Equal(t, "151", got.Edges.LockerSystem.ID)
			js, err := json.Marshal(got)
			require.NoError(t, err)
			assert.Contains(t, string(js), `"create":`)

			wh := func(dir, id string, attempt int) error {
				return c.WebhookHistory.Create().
					SetDirection(dir).
					SetWebhookEventID(id).
					SetAttempt(attempt).
					SetDealerLocationID(ch.location.ID).
					SetSentContent(`{"tablekey":"` + id + `"}`).
					SetResponseStatus("200").
					SetSentDate(time.Now()).
					Exec(ctx)
			}
			require.NoError(t, wh("in", "ev-1", 1))
			require.NoError(t, wh("out", "ev-1", 1))
			require.NoError(t, wh("out", "ev-1", 2))
			err = wh("in", "ev-1", 1)
			assert.True(t, ent.IsConstraintError(err), "a redelivered event is a duplicate: %v", err)
			assert.True(t, ent.IsValidationError(wh("sideways", "ev-2", 1)))

			// Users: JSON list of locations.
			u := c.User.Create().
				SetDealerID(ch.dealer.ID).
				SetEmail("mechanic@example.com").
				SetRoleID(enums.RoleIDMechanic).
				SetDealerLocationID(ch.location.ID).
				SetLocationIds([]int{ch.location.ID, 77}).
				SaveX(ctx)
			u = c.User.GetX(ctx, u.ID)
			assert.Equal(t, []int{ch.location.ID, 77}, u.LocationIds)
			assert.Equal(t, enums.UserStatusIDActive, u.Status)
			assert.Equal(t, enums.RoleIDMechanic, u.RoleID)

			// Uploaded files keep their bytes and get a UUID.
			data := []byte(strings.Repeat("x", 1<<16))
			tx, err := c.Tx(ctx)
			require.NoError(t, err)
			f, err := files.Save(ctx, tx, files.Meta{CommunicationID: ch.comm.ID, Name: "a.pdf", ContentType: "application/pdf"},
				bytes.NewReader(data), 1<<20)
			require.NoError(t, err)
			require.NoError(t, tx.Commit())
			assert.NotEqual(t, uuid.Nil, f.ID)
			content, err := io.ReadAll(files.Open(ctx, c, f.ID))
			require.NoError(t, err)
			assert.Equal(t, data, content)
		})
	}
}

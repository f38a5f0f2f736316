package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/ent/webhookhistory"
	"github.com/pitstop-dev/pitstop/integrations/acses"
	acsesfake "github.com/pitstop-dev/pitstop/integrations/acses/fake"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
	apptcaller "github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

// loadJourneys is how many appointments the load test drives at once.
const loadJourneys = 100

// parallel runs f(i) for i in [0, n) on workers goroutines. A worker that
// fails its test (require: runtime.Goexit) stops; the others finish the rest.
func parallel(n, workers int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// loadAppointments creates n appointments two days ahead (their online
// check-in goes out at once) for customers without contact details (no
// message leaves; receivers are still planned), and starts their lifecycles.
func (s *stack) loadAppointments(n int) []int {
	s.t.Helper()
	ctx := context.Background()
	first, err := s.DB.Appointment.Get(ctx, s.Demo.Appointments[0].AppointmentID)
	require.NoError(s.t, err)
	ids := make([]int, n)
	for i := range n {
		cu, err := s.DB.Customer.Create().SetLocationID(s.Demo.LocationID).SetFirstName("Load").SetSurname(fmt.Sprint(i)).Save(ctx)
		require.NoError(s.t, err)
		ap, err := s.DB.Appointment.Create().SetLocationID(s.Demo.LocationID).SetCarID(first.CarID).SetCustomerDriverID(cu.ID).
			SetWoNr(fmt.Sprintf("WO-L%03d", i)).SetDmsNr(fmt.Sprintf("L%03d", i)).SetTimeCarApp(time.Now().Add(48 * time.Hour).Truncate(time.Minute)).
			SetRegNumber(fmt.Sprintf("LD-%03d-X", i)).SetCreatedBy("load test").Save(ctx)
		require.NoError(s.t, err)
		_, err = s.Acts.Appointment.EnsureCommunication(ctx, ap.ID)
		require.NoError(s.t, err)
		ids[i] = ap.ID
	}
	parallel(n, 8, func(i int) {
		_, err := apptcaller.StartAppointment(ctx, s.Temporal, s.Queue, appointment.AppointmentState{AppointmentID: ids[i], DealerLocationID: s.Demo.LocationID})
		require.NoError(s.t, err)
	})
	return ids
}

// loadEvent is one vendor event of the load test and the journey it is for.
type loadEvent struct {
	ap int
	ev acses.Event
}

// vendorEvents are the events the vendor sends for one booking used for a
// dropoff and a checkout: registered, dropoff, checkout.
func vendorEvents(ap int, b acses.Booking, prefix string, at time.Time) []loadEvent {
	var out []loadEvent
	for i, name := range []enums.ObjectStatus{enums.ObjectStatusRegistered, enums.ObjectStatusDropoff, enums.ObjectStatusCheckout} {
		bk := b
		bk.State = enums.BookingStateBooked
		if name == enums.ObjectStatusCheckout {
			bk.State = enums.BookingStateUsed
		}
		out = append(out, loadEvent{ap: ap, ev: acses.Event{ID: fmt.Sprintf("evt_%s_%d_%s", prefix, ap, name), LockerSystemID: b.LockerSystemID,
			LockerCellNumber: b.LockerCellNumber, EventName: name, EventDate: at.Add(time.Duration(i) * time.Minute).UTC().Truncate(time.Millisecond), Booking: bk}})
	}
	return out
}

// deliverShuffled posts events from concurrent clients in a random order,
// each until it is answered 2xx (a 503 is retried, as the vendor does).
func (s *stack) deliverShuffled(events []loadEvent, rng *rand.Rand) {
	s.t.Helper()
	rng.Shuffle(len(events), func(i, j int) { events[i], events[j] = events[j], events[i] })
	var mu sync.Mutex
	var bad []string
	parallel(len(events), 16, func(i int) {
		for attempt := 0; ; attempt++ {
			code, body := s.postEvent(events[i].ev, acsesfake.DefaultWebhookSecret, nil)
			if code == http.StatusOK {
				return
			}
			if code != http.StatusServiceUnavailable || attempt == 20 {
				mu.Lock()
				bad = append(bad, fmt.Sprintf("%s: %d %s", events[i].ev.ID, code, body))
				mu.Unlock()
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
	require.Empty(s.t, bad)
}

// queryState asks the workflow directly (the HTTP state endpoint does the same query).
func (s *stack) queryState(ap int) appointment.AppointmentState {
	var st appointment.AppointmentState
	v, err := s.Temporal.QueryWorkflow(context.Background(), appointment.AppointmentWorkflowID(ap), "", appointment.QueryState)
	if err == nil {
		_ = v.Get(&st)
	}
	return st
}

func (s *stack) waitAll(ids []int, within time.Duration, what string, cond func(appointment.AppointmentState) bool) map[int]appointment.AppointmentState {
	s.t.Helper()
	out := map[int]appointment.AppointmentState{}
	deadline := time.Now().Add(within)
	for _, ap := range ids {
		for {
			st := s.queryState(ap)
			if cond(st) {
				out[ap] = st
				break
			}
			require.True(s.t, time.Now().Before(deadline), "appointment %d never %s: %+v (locker %+v)", ap, what, st, st.Locker)
			time.Sleep(50 * time.Millisecond)
		}
	}
	return out
}

// 1,000 locker events for 100 appointments, 30 % of them duplicates, in a
// random order, from 16 concurrent clients: every journey ends completed
// with the key picked up, every step applied once with its own event's
// time, one pick-up PIN for each customer whose key was reported back in
// before it was reported taken (none for the others), and every event stored once in the
// webhook history.
func TestLockerEventsLoad(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	started := time.Now()
	s.ACSES.SetCells(acsesfake.DemoLockerSystemID, 2*loadJourneys)
	s.ACSES.HoldEvents() // the test is the vendor: the simulator's own deliveries stay held
	rng := rand.New(rand.NewPCG(10, uint64(time.Now().UnixNano())))

	ids := s.loadAppointments(loadJourneys)
	s.waitAll(ids, 60*time.Second, "sent its check-in", func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	t.Logf("%d lifecycles started and check-ins sent in %s", loadJourneys, time.Since(started))
	parallel(len(ids), 8, func(i int) {
		answer := map[string]any{"key": s.keyOf(ids[i], keys.Customer), "customer_name": "Load", "results": []map[string]any{},
			"remarks": []map[string]any{}, "agreement_ids": []int{}, "drop_in_acses_locker": true}
		var res appointment.CheckInAnswerResult
		code, body := s.call("POST", "/v1/online_checkin/answer", "", answer, &res)
		require.Equal(t, http.StatusOK, code, string(body))
		require.NotEmpty(t, res.AcsesPIN, string(body))
	})
	booked := s.waitAll(ids, 60*time.Second, "booked", func(st appointment.AppointmentState) bool {
		return st.Locker != nil && st.Locker.Phase == appointment.LockerBooked
	})
	t.Logf("check-ins answered and cells booked at %s", time.Since(started))

	// The unique events of both bookings of every journey; 300 of the 1,000
	// deliveries repeat one of them.
	const total, unique = 1000, 700
	var phase1, phase2 []loadEvent
	at := time.Now().Add(-time.Hour)
	for _, ap := range ids {
		b, ok := s.ACSES.Booking(booked[ap].Locker.DropBookingID)
		require.True(t, ok)
		phase1 = append(phase1, vendorEvents(ap, b, "drop", at)...)
	}
	dups := rng.Perm(unique)[:total-unique] // indexes into phase1+phase2, resolved below
	s.deliverShuffled(append(phase1, pick(phase1, dups, 0)...), rng)
	picked := s.waitAll(ids, 90*time.Second, "picked up by the workshop", func(st appointment.AppointmentState) bool {
		return st.Locker != nil && st.Locker.Phase == appointment.LockerPickedUp
	})
	t.Logf("drop journeys done at %s", time.Since(started))

	// After the repair every key goes back into the locker.
	parallel(len(ids), 8, func(i int) {
		code, _, body := s.staffPIN("/v1/employees/drop_back", s.Token, map[string]any{"locker_system_id": acsesfake.DemoLockerSystemID, "appointment_id": ids[i]})
		require.Equal(t, http.StatusOK, code, string(body))
		require.NotContains(t, string(body), `"errors"`)
	})
	t.Logf("drop backs asked for at %s", time.Since(started))
	back := s.waitAll(ids, 60*time.Second, "booked for the drop back", func(st appointment.AppointmentState) bool {
		return st.Locker != nil && st.Locker.Phase == appointment.LockerDropBackBooked
	})
	for _, ap := range ids {
		b, ok := s.ACSES.Booking(back[ap].Locker.DropBackBookingID)
		require.True(t, ok)
		phase2 = append(phase2, vendorEvents(ap, b, "back", at.Add(10*time.Minute))...)
		// The used drop booking expires later: it changes nothing.
		d, _ := s.ACSES.Booking(picked[ap].Locker.DropBookingID)
		d.State = enums.BookingStateExpired
		phase2 = append(phase2, loadEvent{ap: ap, ev: acses.Event{ID: fmt.Sprintf("evt_drop_%d_expired", ap), LockerSystemID: d.LockerSystemID,
			LockerCellNumber: d.LockerCellNumber, EventName: enums.ObjectStatusExpired, EventDate: at.Add(20 * time.Minute).UTC(), Booking: d}})
	}
	require.Len(t, phase1, 3*loadJourneys)
	require.Len(t, phase2, 4*loadJourneys)
	second := append(phase2, pick(phase2, dups, len(phase1))...)
	require.Equal(t, total, len(phase1)+len(pick(phase1, dups, 0))+len(second))
	t.Logf("drop backs booked at %s", time.Since(started))
	s.deliverShuffled(second, rng)
	t.Logf("second half delivered at %s", time.Since(started))

	// The lifecycles end: their results are the final states (a long poll
	// each; querying closed workflows would make the worker replay them).
	final := map[int]appointment.AppointmentState{}
	wctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	for _, ap := range ids {
		var st appointment.AppointmentState
		require.NoError(t, s.Temporal.GetWorkflow(wctx, appointment.AppointmentWorkflowID(ap), "").Get(wctx, &st), "appointment %d", ap)
		require.Equal(t, appointment.StageCompleted, st.Stage, "appointment %d", ap)
		require.Equal(t, appointment.LockerPickedUpBack, st.Locker.Phase, "appointment %d", ap)
		final[ap] = st
	}
	t.Logf("all journeys completed at %s", time.Since(started))

	for _, ap := range ids {
		st := final[ap]
		// Every signalled event applied at most once (registered ones only
		// confirm our booking). The journey's own steps are all there; the
		// drop back's dropoff and the used drop booking's expiry may come
		// after a reordered checkout completed the lifecycle (then the
		// workflow is closed and they stay in the webhook history only).
		applied := map[string]int{}
		for _, id := range st.Locker.Events {
			applied[id]++
		}
		for id, n := range applied {
			require.Equal(t, 1, n, "appointment %d: %s applied once", ap, id)
		}
		for _, id := range []string{fmt.Sprintf("evt_drop_%d_dropoff", ap), fmt.Sprintf("evt_drop_%d_checkout", ap), fmt.Sprintf("evt_back_%d_checkout", ap)} {
			require.Equal(t, 1, applied[id], "appointment %d: %s applied", ap, id)
		}
		for id := range applied {
			require.Contains(t, []string{fmt.Sprintf("evt_drop_%d_dropoff", ap), fmt.Sprintf("evt_drop_%d_checkout", ap),
				fmt.Sprintf("evt_back_%d_dropoff", ap), fmt.Sprintf("evt_back_%d_checkout", ap), fmt.Sprintf("evt_drop_%d_expired", ap)}, id)
		}
		count := func(prefix string, exact bool) int {
			n := 0
			for _, h := range st.History {
				if h.Note == prefix || (!exact && strings.HasPrefix(h.Note, prefix)) {
					n++
				}
			}
			return n
		}
		require.Equal(t, 1, count("key dropped in the locker, cell ", false), "appointment %d: %+v", ap, st.History)
		require.Equal(t, 1, count("key dropped in the locker", true), "one stage change to the workshop: %+v", st.History)
		require.Equal(t, 1, count("key picked up from the locker by the workshop", true), "appointment %d: %+v", ap, st.History)
		require.Equal(t, 1, count("key dropped back in the locker, cell ", false), "appointment %d: %+v", ap, st.History)
		require.Equal(t, 1, count("key picked up from the locker", true), "one stage change to completed: %+v", st.History)
		row := s.appointmentRow(ap)
		require.NotNil(t, row.AcsesKeyDroppedAt)
		// Each step carries its own event's time, or (a checkout that came
		// before its dropoff implies the dropoff) the checkout's.
		oneOf := func(got *time.Time, mins ...int) {
			require.NotNil(t, got)
			for _, m := range mins {
				if got.Equal(at.Add(time.Duration(m) * time.Minute).UTC().Truncate(time.Millisecond)) {
					return
				}
			}
			t.Fatalf("appointment %d: %v is not the time of minute %v", ap, got, mins)
		}
		oneOf(row.AcsesKeyDroppedAt, 1, 2)
		oneOf(row.AcsesKeyPickedUpAt, 2)
		oneOf(row.AcsesKeyDroppedBackAt, 11, 12)
		oneOf(row.AcsesKeyPickedUpBackAt, 12)
		// The customer's pick-up PIN: exactly one when the drop back's
		// dropoff was applied before its checkout, none when the checkout
		// came first (the customer already has the key).
		want := 0
		if d, c := slices.Index(st.Locker.Events, fmt.Sprintf("evt_back_%d_dropoff", ap)), slices.Index(st.Locker.Events, fmt.Sprintf("evt_back_%d_checkout", ap)); d >= 0 && d < c {
			want = 1
		}
		pins := s.DB.KeyLockerCommunication.Query().Where(keylockercommunication.AppointmentID(ap),
			keylockercommunication.StatusEQ(enums.KeyLockerCommunicationStatusPickUpPINSent)).CountX(ctx)
		require.Equal(t, want, pins, "appointment %d: events %v", ap, st.Locker.Events)
		require.Equal(t, want == 1, st.Locker.PickUpPINSent, "appointment %d", ap)
	}

	// Every event is in the webhook history, once.
	rows, err := s.DB.WebhookHistory.Query().Where(webhookhistory.Direction("in")).All(ctx)
	require.NoError(t, err)
	seen := map[string]int{}
	for _, r := range rows {
		seen[r.WebhookEventID]++
	}
	require.Len(t, seen, unique)
	for _, e := range append(phase1, phase2...) {
		require.Equal(t, 1, seen[e.ev.ID], "event %s stored once", e.ev.ID)
	}
	t.Logf("%d deliveries (%d unique) for %d journeys in %s", total, unique, loadJourneys, time.Since(started))
}

// pick returns the events of part whose index (offset by off in the whole
// list of unique events) is in idx: the duplicates falling into this part.
func pick(part []loadEvent, idx []int, off int) []loadEvent {
	var out []loadEvent
	for _, i := range idx {
		if i >= off && i < off+len(part) {
			out = append(out, part[i-off])
		}
	}
	return out
}

package appointment

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/pitstop-dev/pitstop/activities/notify"
	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/contracts/quiethours"
)

// Quiet hours (issue #25). An automated message's plan carries the
// location's quiet hours (notify.SendOutput.Quiet, nil when off or sent by
// a person); planned outside the sending window, its receivers wait in the
// state's HeldMessages, in order, for one durable timer until the opening
// time, then are delivered as any other. The queue travels with the state
// across continue-as-new, and the timer survives worker restarts.

type HeldMessage = contract.HeldMessage

// versionQuietHours guards holding messages: histories recorded before it
// replay with every message delivered at once (their plans carry no quiet
// hours either).
const versionQuietHours = "quiet-hours"

// deliverPlanned delivers a plan's receivers at once, or holds those of
// an automated message planned in quiet hours (or behind messages already
// held, so they keep their order) until the location opens. what names the
// message in the timeline (no personal data).
func (w *appointment) deliverPlanned(ctx workflow.Context, out notify.SendOutput, what string) {
	if out.Quiet == nil || len(out.ReceiverIDs) == 0 {
		w.deliver(ctx, out.ReceiverIDs)
		return
	}
	now := workflow.Now(ctx)
	until, err := quiethours.NextSendTime(now, *out.Quiet)
	if err != nil {
		// Opening hours changed since the admin checked them: better
		// sent now than never.
		workflow.GetLogger(ctx).Warn("quiet hours ignored", "error", err)
		until = now
	}
	if n := len(w.st.HeldMessages); n > 0 && w.st.HeldMessages[n-1].Until.After(until) {
		until = w.st.HeldMessages[n-1].Until
	}
	if !until.After(now) && len(w.st.HeldMessages) == 0 {
		w.deliver(ctx, out.ReceiverIDs)
		return
	}
	if w.getVersion(ctx, versionQuietHours, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		w.deliver(ctx, out.ReceiverIDs)
		return
	}
	for _, id := range out.ReceiverIDs {
		w.st.HeldMessages = append(w.st.HeldMessages, HeldMessage{ReceiverID: id, Message: what, Until: until.UTC()})
	}
	w.note(ctx, fmt.Sprintf("%s scheduled for %s by quiet hours", what, localTime(until, out.Quiet.TimeZone)))
	w.publish()
}

// releaseHeld runs for the workflow's life: it waits for the first held
// message's time, then delivers every message due, in order. A held
// message of an appointment cancelled meanwhile is not sent.
func (w *appointment) releaseHeld(ctx workflow.Context) {
	for {
		if err := workflow.Await(ctx, func() bool { return len(w.st.HeldMessages) > 0 }); err != nil {
			return
		}
		first := w.st.HeldMessages[0]
		if wait := first.Until.Sub(workflow.Now(ctx)); wait > 0 {
			summary := fmt.Sprintf("quiet hours: hold %s until the opening at %s", first.Message, first.Until.UTC().Format("2006-01-02 15:04 UTC"))
			if err := workflow.NewTimerWithOptions(ctx, wait, workflow.TimerOptions{Summary: summary}).Get(ctx, nil); err != nil {
				return
			}
		}
		if err := w.mu.Lock(ctx); err != nil {
			return
		}
		w.releaseDue(ctx)
		w.mu.Unlock()
	}
}

// releaseDue delivers (or, the appointment cancelled, drops) the held
// messages whose time has come, in the order they were held.
func (w *appointment) releaseDue(ctx workflow.Context) {
	now := workflow.Now(ctx)
	var ids []int
	for len(w.st.HeldMessages) > 0 && !w.st.HeldMessages[0].Until.After(now) {
		ids = append(ids, w.st.HeldMessages[0].ReceiverID)
		w.st.HeldMessages = w.st.HeldMessages[1:]
	}
	if len(w.st.HeldMessages) == 0 {
		w.st.HeldMessages = nil
	}
	if w.st.Stage == StageCancelled {
		w.note(ctx, fmt.Sprintf("%d held message(s) not sent: the appointment was cancelled", len(ids)))
	} else {
		// One after another, so the customer gets them in the order planned.
		w.deliveries++
		workflow.Go(ctx, func(ctx workflow.Context) {
			defer func() { w.deliveries-- }()
			for _, id := range ids {
				deliverOne(ctx, id)
			}
		})
		w.note(ctx, fmt.Sprintf("%d held message(s) sent at the opening", len(ids)))
	}
	w.publish()
}

// localTime shows t in the location's zone for the timeline.
func localTime(t time.Time, zone string) string {
	if loc, err := time.LoadLocation(zone); err == nil {
		t = t.In(loc)
	}
	return t.Format("Mon 2006-01-02 15:04 MST")
}

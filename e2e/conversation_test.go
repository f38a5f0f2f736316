package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/contracts/conversation"
	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/appointmentmessage"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/ent/task"
	mailgunfake "github.com/pitstop-dev/pitstop/integrations/mailgun/fake"
	twiliofake "github.com/pitstop-dev/pitstop/integrations/twilio/fake"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/phone"
	"github.com/pitstop-dev/pitstop/internal/routes"
)

// secondSender is the second number of the test stack's SMS sender pool.
const secondSender = "+3197010000002"

// acceptedOn waits for an accepted receiver of the appointment on a channel.
func (s *stack) acceptedOn(apID int, ch enums.CommunicationChannelID) *ent.CommunicationReceiver {
	s.t.Helper()
	var r *ent.CommunicationReceiver
	require.Eventually(s.t, func() bool {
		var err error
		r, err = s.DB.CommunicationReceiver.Query().Where(communicationreceiver.AppointmentID(apID),
			communicationreceiver.CommunicationChannelIDEQ(ch), communicationreceiver.DeliveryState("accepted")).First(context.Background())
		return err == nil
	}, 20*time.Second, 50*time.Millisecond)
	return r
}

// thread waits until the messages matching where number n.
func (s *stack) thread(n int, where ...func(*ent.AppointmentMessageQuery) *ent.AppointmentMessageQuery) []*ent.AppointmentMessage {
	s.t.Helper()
	var rows []*ent.AppointmentMessage
	require.Eventually(s.t, func() bool {
		q := s.DB.AppointmentMessage.Query()
		for _, w := range where {
			q = w(q)
		}
		var err error
		rows, err = q.All(context.Background())
		require.NoError(s.t, err)
		return len(rows) == n
	}, 20*time.Second, 50*time.Millisecond, "messages: %d", len(rows))
	return rows
}

func ofAppointment(id int) func(*ent.AppointmentMessageQuery) *ent.AppointmentMessageQuery {
	return func(q *ent.AppointmentMessageQuery) *ent.AppointmentMessageQuery {
		return q.Where(appointmentmessage.AppointmentID(id))
	}
}

func replyTasks(s *stack, apID int) int {
	n, err := s.DB.Task.Query().Where(task.AppointmentID(apID), task.Kind(contract.TaskCustomerReply)).Count(context.Background())
	require.NoError(s.t, err)
	return n
}

// answer posts the receptionist's answer with an Idempotency-Key.
func (s *stack) answer(apID int, key, text string) (int, []byte) {
	s.t.Helper()
	return s.callAt(s.API.URL, "POST", fmt.Sprintf("/v1/appointments/%d/messages", apID), s.Token, map[string]string{"text": text}, nil,
		"Idempotency-Key", key)
}

// Two appointments of customers sharing one mobile number get different
// sender numbers; a reply to each number lands on its own appointment, once
// however often Twilio repeats the webhook; a forged one is refused; a reply
// from an unknown number is kept unmatched; the receptionist's answer goes
// once, from the conversation's number.
func TestSMSReplyFollowsTheConversation(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	ap0, ap1 := s.Demo.Appointments[0].AppointmentID, s.Demo.Appointments[1].AppointmentID
	a1, err := s.DB.Appointment.Get(ctx, ap1)
	require.NoError(t, err)
	require.NoError(t, s.DB.Customer.UpdateOneID(a1.CustomerDriverID).SetTelMobilePrivate(janPhone).Exec(ctx))
	// Due tomorrow: its check-in goes out now, like the first one's.
	require.NoError(t, s.DB.Appointment.UpdateOneID(ap1).SetTimeCarApp(time.Now().Add(26*time.Hour)).Exec(ctx))
	s.start()
	r0, r1 := s.acceptedOn(ap0, enums.CommunicationChannelIDSMS), s.acceptedOn(ap1, enums.CommunicationChannelIDSMS)
	require.Equal(t, janPhone, r0.Destination)
	require.Equal(t, janPhone, r1.Destination)
	require.NotEmpty(t, r0.SmsSender)
	require.NotEmpty(t, r1.SmsSender)
	require.NotEqual(t, r0.SmsSender, r1.SmsSender, "one number, two open appointments: two sender numbers")
	for _, m := range s.smsTo(janPhone) {
		require.Contains(t, []string{r0.SmsSender, r1.SmsSender}, m.From)
	}

	inbound := s.API.URL + routes.TwilioInboundPath
	forged := url.Values{"MessageSid": {"SMforged"}, "From": {janPhone}, "To": {r1.SmsSender}, "Body": {"can I bring it at 10 instead?"}}
	code, _ := s.postForm(inbound, forged, twiliofake.Sign("someoneelsestoken", inbound, forged))
	require.Equal(t, http.StatusForbidden, code)

	require.NoError(t, s.Twilio.SendInboundTo(ctx, inbound, janPhone, r1.SmsSender, "can I bring it at 10 instead?"))
	got := s.thread(1, ofAppointment(ap1))[0]
	require.Equal(t, "in", got.Direction)
	require.Equal(t, "can I bring it at 10 instead?", got.Text)
	require.False(t, got.AppointmentClosed)
	require.Eventually(t, func() bool { return replyTasks(s, ap1) == 1 }, 20*time.Second, 50*time.Millisecond, "a task for the receptionist")

	// Twilio repeats a webhook: one message, one task.
	dup := url.Values{"MessageSid": {"SMdup1"}, "From": {janPhone}, "To": {r0.SmsSender}, "Body": {"Thanks, see you then"}}
	for range 3 {
		code, body := s.signedTwilio(inbound, dup)
		require.Equal(t, http.StatusOK, code, string(body))
	}
	s.thread(1, ofAppointment(ap0))
	require.Eventually(t, func() bool { return replyTasks(s, ap0) == 1 }, 20*time.Second, 50*time.Millisecond)
	require.Equal(t, 0, replyTasks(s, ap1)-1, "the other appointment got nothing more")

	// An unknown number: kept unmatched, never dropped.
	require.NoError(t, s.Twilio.SendInboundTo(ctx, inbound, "+31699999999", r0.SmsSender, "who is this?"))
	lost := s.thread(1, func(q *ent.AppointmentMessageQuery) *ent.AppointmentMessageQuery {
		return q.Where(appointmentmessage.AppointmentIDIsNil())
	})[0]
	require.Equal(t, "who is this?", lost.Text)

	// The thread, and the receptionist's answer: once per key, from the
	// number the customer wrote to.
	var th struct {
		Messages []struct {
			Direction string `json:"direction"`
			Text      string `json:"text"`
		} `json:"messages"`
	}
	code, body := s.callAt(s.API.URL, "GET", fmt.Sprintf("/v1/appointments/%d/messages", ap1), s.Token, nil, &th)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, th.Messages, 1)
	require.Equal(t, "can I bring it at 10 instead?", th.Messages[0].Text)

	code, body = s.callAt(s.API.URL, "POST", fmt.Sprintf("/v1/appointments/%d/messages", ap1), s.Token, map[string]string{"text": "10:00 is fine"}, nil)
	require.Equal(t, http.StatusOK, code)
	require.NotEmpty(t, errorsOf(t, body), "no Idempotency-Key")
	code, body = s.answer(ap1, "k-bad", "bad \x00 text")
	require.Equal(t, http.StatusOK, code)
	require.NotEmpty(t, errorsOf(t, body), "a NUL byte")
	for range 3 {
		code, body = s.answer(ap1, "k-1", "10:00 is fine")
		require.Equal(t, http.StatusOK, code, string(body))
		require.Contains(t, string(body), `"message_id"`, string(body))
	}
	var sent []twiliofake.Message
	for _, m := range s.smsTo(janPhone) {
		if strings.HasPrefix(m.Body, "10:00 is fine") {
			sent = append(sent, m)
		}
	}
	require.Len(t, sent, 1, "delivered exactly once")
	require.Equal(t, r1.SmsSender, sent[0].From)
	out := s.thread(2, ofAppointment(ap1))[1]
	require.Equal(t, "out", out.Direction)
}

// An e-mail reply finds its appointment by the Reply-To token, also after
// the appointment closed (stored against it, a task opened); a forged
// route post is refused; Mailgun's repeat is applied once; the answer goes
// back by e-mail once.
func TestEmailReplyToAClosedAppointment(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID
	s.start()
	r := s.acceptedOn(ap, enums.CommunicationChannelIDEmail)
	var replyTo string
	for _, m := range s.emailsTo(r.Destination) {
		replyTo = m.Headers["Reply-To"]
	}
	require.True(t, strings.HasPrefix(replyTo, "reply+"), "Reply-To %q", replyTo)
	require.True(t, strings.HasSuffix(replyTo, "@"+s.Mailgun.Domain()))
	// The lifecycle ends as a cancellation leaves it.
	require.NoError(t, s.DB.Appointment.UpdateOneID(ap).SetLifecycleStage(string(contract.StageCancelled)).Exec(ctx))
	_, err := s.DB.Appointment.Query().Where(entappointment.ID(ap)).Only(ctx)
	require.NoError(t, err)

	route := s.API.URL + routes.MailgunInboundPath
	in := mailgunfake.Inbound{Sender: r.Destination, Recipient: replyTo, Subject: "Re: your appointment", Text: "Can I pick it up tomorrow?"}
	forged := s.Mailgun.InboundForm(in)
	forged.Set("signature", strings.Repeat("0", 64))
	code, _ := s.postForm(route, forged, "")
	require.Equal(t, http.StatusNotAcceptable, code)

	form, err := s.Mailgun.SendInbound(ctx, route, in)
	require.NoError(t, err)
	require.NoError(t, s.Mailgun.PostInbound(ctx, route, form), "Mailgun's repeat is accepted")
	got := s.thread(1, ofAppointment(ap))[0]
	require.Equal(t, "Can I pick it up tomorrow?", got.Text)
	require.True(t, got.AppointmentClosed)
	require.Equal(t, enums.CommunicationChannelIDEmail, got.CommunicationChannelID)
	require.Eventually(t, func() bool { return replyTasks(s, ap) == 1 }, 20*time.Second, 50*time.Millisecond)
	time.Sleep(300 * time.Millisecond)
	s.thread(1, ofAppointment(ap))

	// A reply to an address that is no conversation: kept unmatched.
	_, err = s.Mailgun.SendInbound(ctx, route, mailgunfake.Inbound{Sender: "someone@example.com", Recipient: "reply+nope@" + s.Mailgun.Domain(),
		Subject: "hi", Text: "hello?"})
	require.NoError(t, err)
	s.thread(1, func(q *ent.AppointmentMessageQuery) *ent.AppointmentMessageQuery {
		return q.Where(appointmentmessage.AppointmentIDIsNil())
	})

	for range 2 {
		code, body := s.answer(ap, "mail-1", "Yes, from 8:00.")
		require.Equal(t, http.StatusOK, code, string(body))
	}
	var sent int
	for _, m := range s.emailsTo(r.Destination) {
		if strings.HasPrefix(m.Text, "Yes, from 8:00.") {
			sent++
			require.Equal(t, replyTo, m.Headers["Reply-To"], "the answer continues the conversation")
		}
	}
	require.Equal(t, 1, sent, "delivered exactly once")
}

// A location's own sender numbers (issue #25): its appointments' SMS go out
// from them; an SMS from an unknown number to one of them opens an
// unmatched_reply task at that location (the sender masked, the reply
// quoted), once however often Twilio repeats it; a reply to a closed
// appointment opens its customer_reply task; one to a number of no
// location's pool (the deployment's shared one) opens none and is listed
// for platform admins, a location's for its dealer's admins.
func TestUnmatchedRepliesReachAPerson(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	loc, err := s.DB.DealerLocation.Get(ctx, s.Demo.LocationID)
	require.NoError(t, err)
	own := []string{"+3197010000031", "+3197010000032"}
	_, err = onboard.UpdateSenderPool(ctx, s.DB, loc, 0, time.Now(), onboard.SenderPool{Numbers: own}, []string{secondSender})
	require.NoError(t, err)
	ap := s.Demo.Appointments[0].AppointmentID
	s.start()
	r := s.acceptedOn(ap, enums.CommunicationChannelIDSMS)
	require.Equal(t, own[0], r.SmsSender, "the location's own pool, not the deployment's")
	inbound := s.API.URL + routes.TwilioInboundPath
	unmatched := func() []*ent.Task {
		rows, err := s.DB.Task.Query().Where(task.Kind(contract.TaskUnmatchedReply)).All(ctx)
		require.NoError(t, err)
		return rows
	}

	// An unknown number writes to the location's second number, and Twilio
	// repeats the webhook: one message, one task at the location.
	const stranger = "+31699999999"
	lost := url.Values{"MessageSid": {"SMlost1"}, "From": {stranger}, "To": {own[1]}, "Body": {"is my car ready? AB-123-C"}}
	for range 3 {
		code, body := s.signedTwilio(inbound, lost)
		require.Equal(t, http.StatusOK, code, string(body))
	}
	wf := conversation.InboundWorkflowID(keys.ContactSubject([]byte(keySecret), stranger), "twilio:SMlost1")
	require.NoError(t, s.Temporal.GetWorkflow(ctx, wf, "").Get(ctx, nil))
	recordHistory(t, s, wf, "inbound_unmatched_reply_task")
	tasks := unmatched()
	require.Len(t, tasks, 1)
	tk := tasks[0]
	require.Equal(t, loc.ID, tk.DealerLocationID)
	require.Nil(t, tk.AppointmentID)
	require.Contains(t, tk.Text, phone.Mask(stranger))
	require.NotContains(t, tk.Text, stranger, "the console shows no customer's number in clear")
	require.Contains(t, tk.Text, "is my car ready? AB-123-C")
	msg := s.thread(1, func(q *ent.AppointmentMessageQuery) *ent.AppointmentMessageQuery {
		return q.Where(appointmentmessage.ProviderID("twilio:SMlost1"))
	})[0]
	require.Nil(t, msg.AppointmentID)
	require.Equal(t, loc.ID, *msg.DealerLocationID)
	// The receptionist's task list shows it, with no appointment to open.
	var list struct {
		Tasks []struct {
			ID            int    `json:"id"`
			AppointmentID *int   `json:"appointment_id"`
			Kind          string `json:"kind"`
			Text          string `json:"text"`
		} `json:"tasks"`
	}
	code, body := s.callAt(s.API.URL, "GET", fmt.Sprintf("/v1/tasks?location_id=%d", loc.ID), s.Token, nil, &list)
	require.Equal(t, http.StatusOK, code, string(body))
	var listed bool
	for _, k := range list.Tasks {
		if k.ID == tk.ID {
			listed = true
			require.Nil(t, k.AppointmentID)
			require.Equal(t, contract.TaskUnmatchedReply, k.Kind)
			require.Equal(t, tk.Text, k.Text)
		}
	}
	require.True(t, listed, "the task is in the location's list")

	// A reply to an appointment that has closed: stored against it, its task opened.
	require.NoError(t, s.DB.Appointment.UpdateOneID(ap).SetLifecycleStage(string(contract.StageCompleted)).Exec(ctx))
	require.NoError(t, s.Twilio.SendInboundTo(ctx, inbound, janPhone, r.SmsSender, "I left my umbrella in the car"))
	got := s.thread(1, ofAppointment(ap))[0]
	require.True(t, got.AppointmentClosed)
	require.Equal(t, "I left my umbrella in the car", got.Text)
	require.Eventually(t, func() bool { return replyTasks(s, ap) == 1 }, 20*time.Second, 50*time.Millisecond)

	// To a number of no location's pool (the deployment's shared one): kept
	// with no location, no task; listed for platform admins only.
	late := url.Values{"MessageSid": {"SMlate1"}, "From": {"+31688888888"}, "To": {secondSender}, "Body": {"hello?"}}
	code, body = s.signedTwilio(inbound, late)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NoError(t, s.Temporal.GetWorkflow(ctx, conversation.InboundWorkflowID(keys.ContactSubject([]byte(keySecret), "+31688888888"), "twilio:SMlate1"), "").Get(ctx, nil))
	nowhere := s.thread(1, func(q *ent.AppointmentMessageQuery) *ent.AppointmentMessageQuery {
		return q.Where(appointmentmessage.ProviderID("twilio:SMlate1"))
	})[0]
	require.Nil(t, nowhere.AppointmentID)
	require.Nil(t, nowhere.DealerLocationID)
	require.Len(t, unmatched(), 1, "no location, no task")

	type listView struct {
		Messages []struct {
			ID         int    `json:"id"`
			LocationID *int   `json:"dealer_location_id"`
			From       string `json:"from"`
			Text       string `json:"text"`
		} `json:"messages"`
	}
	var all listView
	code, body = s.callAt(s.API.URL, "GET", "/v1/admin/unmatched_messages", s.staffToken(enums.RoleIDClaireAdmin), nil, &all)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, all.Messages, 1)
	require.Equal(t, nowhere.ID, all.Messages[0].ID)
	require.Equal(t, "+31688888888", all.Messages[0].From)
	require.Nil(t, all.Messages[0].LocationID)
	dealerAdmin := s.dealerAdminToken()
	code, _ = s.callAt(s.API.URL, "GET", "/v1/admin/unmatched_messages", dealerAdmin, nil, nil)
	require.Equal(t, http.StatusForbidden, code, "replies of no location belong to no dealer")
	var atLoc listView
	code, body = s.callAt(s.API.URL, "GET", fmt.Sprintf("/v1/admin/unmatched_messages?dealer_location_id=%d", loc.ID), dealerAdmin, nil, &atLoc)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Len(t, atLoc.Messages, 1)
	require.Equal(t, msg.ID, atLoc.Messages[0].ID)
}

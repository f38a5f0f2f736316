package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"entgo.io/ent/dialect/sql"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/contracts/conversation"
	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/appointmentmessage"
	entconversation "github.com/pitstop-dev/pitstop/ent/conversation"
	"github.com/pitstop-dev/pitstop/ent/smssender"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/messages"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// Two-way messages (issue #25). Each appointment's messages go out through
// a conversation (schema Conversation) that a reply names again:
//   - SMS: a sender number from the pool (the appointment's location's own,
//     else the deployment's) that none of the customer's other
//     open appointments uses, so (customer number, our number) identifies
//     one appointment; with the pool exhausted the first number is shared
//     and a reply goes to the newest appointment using that pair;
//   - e-mail: Reply-To reply+<random token>@<mail domain>.
// RecordInbound stores a reply against the conversation's appointment (or
// unmatched, with no appointment, at the location whose own sender number
// it was sent to when there is one), PlanAnswer writes the receptionist's
// answer and its receiver, delivered by DeliverNotification.

// senders is the SMS sender pool of the deployment
// (PITSTOP_TWILIO_SENDER_POOL), the fallback of a location without its
// own; empty when only Twilio's configured From (or a messaging service)
// sends.
func (n *Notifier) senders() []string {
	if len(n.SenderPool) > 0 {
		return n.SenderPool
	}
	if strings.HasPrefix(n.DefaultFrom, "+") {
		return []string{n.DefaultFrom}
	}
	return nil
}

// smsSender is the number an appointment's SMS to a customer go out from:
// its conversation's, chosen once from the pool: the first number none of
// the customer's other open appointments uses. Exhausted, the pool's first
// number is shared; a reply goes to the newest appointment of the pair
// (see matchConversation).
func (a *Activities) smsSender(ctx context.Context, apID int, customer string) (string, error) {
	pool, err := a.locationSenders(ctx, apID)
	if err != nil || len(pool) == 0 {
		return "", err
	}
	return a.ensureConversation(ctx, apID, enums.CommunicationChannelIDSMS, customer,
		func(tx *ent.Tx, others []*ent.Conversation) (string, error) {
			used, err := openSenders(ctx, tx, others)
			if err != nil {
				return "", err
			}
			for _, n := range pool {
				if !slices.Contains(used, n) {
					return n, nil
				}
			}
			a.logger().Warn("sms sender pool exhausted for a customer", "appointment_id", apID, "pool", len(pool))
			return pool[0], nil
		})
}

// locationSenders is the pool of the appointment's location, in its
// order, else the deployment's (senders).
func (a *Activities) locationSenders(ctx context.Context, apID int) ([]string, error) {
	own, err := a.DB.SmsSender.Query().Where(func(s *sql.Selector) {
		ap := sql.Table(entappointment.Table)
		s.Where(sql.In(s.C(smssender.FieldDealerLocationID),
			sql.Select(ap.C(entappointment.FieldDealerLocationID)).From(ap).Where(sql.EQ(ap.C(entappointment.FieldID), apID))))
	}).Order(ent.Asc(smssender.FieldPosition), ent.Asc(smssender.FieldID)).Select(smssender.FieldNumber).Strings(ctx)
	if err != nil || len(own) > 0 {
		return own, err
	}
	return a.Notify.senders(), nil
}

// openSenders are the numbers of those conversations whose appointment is
// open.
func openSenders(ctx context.Context, tx *ent.Tx, convs []*ent.Conversation) ([]string, error) {
	if len(convs) == 0 {
		return nil, nil
	}
	ids := make([]int, 0, len(convs))
	for _, c := range convs {
		ids = append(ids, c.AppointmentID)
	}
	open, err := tx.Appointment.Query().Where(entappointment.IDIn(ids...),
		entappointment.LifecycleStageNotIn(string(appointment.StageCompleted), string(appointment.StageCancelled))).IDs(ctx)
	if err != nil {
		return nil, err
	}
	var used []string
	for _, c := range convs {
		if slices.Contains(open, c.AppointmentID) {
			used = append(used, c.OurAddress)
		}
	}
	return used, nil
}

// replyAddress is the Reply-To of an appointment's e-mails to a customer
// ("" when no reply domain is configured). Its token depends on nothing
// else, so unlike an SMS number it is written without the customer's lock.
func (a *Activities) replyAddress(ctx context.Context, apID int, customer string) (string, error) {
	if a.Notify.ReplyDomain == "" {
		return "", nil
	}
	customer = strings.ToLower(strings.TrimSpace(customer))
	tok, err := a.conversationOf(ctx, apID, enums.CommunicationChannelIDEmail, customer)
	if err != nil {
		return "", err
	}
	if tok == "" {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		tok = hex.EncodeToString(b) // lower case: mail systems may fold the local part
		err := a.DB.Conversation.Create().SetAppointmentID(apID).SetCommunicationChannelID(enums.CommunicationChannelIDEmail).
			SetCustomerAddress(customer).SetOurAddress(tok).Exec(ctx)
		if ent.IsConstraintError(err) { // a concurrent try of this delivery wrote it first
			tok, err = a.conversationOf(ctx, apID, enums.CommunicationChannelIDEmail, customer)
		}
		if err != nil {
			return "", err
		}
	}
	return conversation.ReplyAddress(tok, a.Notify.ReplyDomain), nil
}

// conversationOf is our address in the appointment's conversation with
// the customer on a channel ("" when it has none yet).
func (a *Activities) conversationOf(ctx context.Context, apID int, ch enums.CommunicationChannelID, customer string) (string, error) {
	c, err := a.DB.Conversation.Query().Where(entconversation.AppointmentID(apID), entconversation.CommunicationChannelIDEQ(ch),
		entconversation.CustomerAddress(customer)).Only(ctx)
	if ent.IsNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return c.OurAddress, nil
}

// ensureConversation finds the appointment's conversation with the customer
// on a channel, or writes it with the address choose returns seeing the
// customer's other conversations on the channel. Choice and write are one
// transaction holding the customer's lock on the channel: of two
// appointments of one customer writing theirs at once, the second chooses
// seeing the first's.
func (a *Activities) ensureConversation(ctx context.Context, apID int, ch enums.CommunicationChannelID, customer string,
	choose func(tx *ent.Tx, others []*ent.Conversation) (string, error)) (ours string, err error) {
	customer = strings.TrimSpace(customer)
	// Every delivery after the appointment's first on the channel ends here.
	if ours, err = a.conversationOf(ctx, apID, ch, customer); err != nil || ours != "" {
		return ours, err
	}
	err = store.WithTx(ctx, a.DB.Client, func(tx *ent.Tx) error {
		if err := a.DB.Serialise(ctx, tx, fmt.Sprintf("conversation/%d/%s", ch, customer)); err != nil {
			return err
		}
		convs, err := tx.Conversation.Query().Where(entconversation.CommunicationChannelIDEQ(ch),
			entconversation.CustomerAddress(customer)).All(ctx)
		if err != nil {
			return err
		}
		var others []*ent.Conversation
		for _, c := range convs {
			if c.AppointmentID == apID { // written meanwhile by a concurrent try of this delivery
				ours = c.OurAddress
				return nil
			}
			others = append(others, c)
		}
		if ours, err = choose(tx, others); err != nil {
			return err
		}
		if a.chosen != nil {
			a.chosen(apID)
		}
		return tx.Conversation.Create().SetAppointmentID(apID).SetCommunicationChannelID(ch).SetCustomerAddress(customer).
			SetOurAddress(ours).Exec(ctx)
	})
	if err != nil {
		return "", err
	}
	return ours, nil
}

// matchConversation finds the appointment a reply answers: the SMS pair
// (customer, our number), newest appointment first; the e-mail token.
func (a *Activities) matchConversation(ctx context.Context, in conversation.Inbound) (*ent.Conversation, error) {
	q := a.DB.Conversation.Query().Where(entconversation.CommunicationChannelIDEQ(in.Channel), entconversation.OurAddress(in.To))
	if in.Channel == enums.CommunicationChannelIDSMS {
		q = q.Where(entconversation.CustomerAddress(strings.TrimSpace(in.From)))
	}
	return q.Order(ent.Desc(entconversation.FieldAppointmentID)).First(ctx)
}

// RecordInbound stores a customer's reply once (a repeat finds its row by
// the provider id): against the appointment of its conversation, closed or
// not, or unmatched (no appointment) when none is found; nothing is
// dropped. The workflow opens the task.
func (a *Activities) RecordInbound(ctx context.Context, in conversation.Inbound) (conversation.InboundResult, error) {
	var out conversation.InboundResult
	if in.To == "" || in.ProviderID == "" {
		return out, errors.New("inbound message without provider id or recipient")
	}
	text := conversation.Clip(in.Text)
	m, err := a.DB.AppointmentMessage.Query().Where(appointmentmessage.ProviderID(in.ProviderID)).Only(ctx)
	if ent.IsNotFound(err) {
		create := a.DB.AppointmentMessage.Create().SetDirection(conversation.DirectionIn).SetCommunicationChannelID(in.Channel).
			SetText(text).SetProviderID(in.ProviderID).SetCustomerAddress(strings.TrimSpace(in.From)).SetOurAddress(in.To)
		c, cerr := a.matchConversation(ctx, in)
		switch {
		case cerr == nil:
			ap, aerr := a.DB.Appointment.Get(ctx, c.AppointmentID)
			if aerr != nil {
				return out, store.WrapNotFound(aerr, "appointment", c.AppointmentID)
			}
			closed := appointment.Stage(ap.LifecycleStage).Final()
			create.SetAppointmentID(ap.ID).SetDealerLocationID(ap.DealerLocationID).SetAppointmentClosed(closed)
		case !ent.IsNotFound(cerr):
			return out, cerr
		case in.Channel == enums.CommunicationChannelIDSMS:
			// Unmatched: the number written to tells the location when it
			// is in one location's own pool (not the shared fallback).
			own, oerr := a.DB.SmsSender.Query().Where(smssender.Number(strings.TrimSpace(in.To))).Only(ctx)
			switch {
			case oerr == nil:
				create.SetDealerLocationID(own.DealerLocationID)
			case !ent.IsNotFound(oerr):
				return out, oerr
			}
		}
		m, err = create.Save(ctx)
		if ent.IsConstraintError(err) {
			m, err = a.DB.AppointmentMessage.Query().Where(appointmentmessage.ProviderID(in.ProviderID)).Only(ctx)
		}
	}
	if err != nil {
		return out, err
	}
	out.MessageID, out.Closed = m.ID, m.AppointmentClosed
	if m.AppointmentID != nil {
		out.AppointmentID, out.Matched = *m.AppointmentID, true
	} else if m.DealerLocationID != nil {
		out.LocationID = *m.DealerLocationID
	}
	// Ids and outcome only: never the text or the number.
	a.logger().Info("inbound reply recorded", "message_id", m.ID, "channel", int(in.Channel), "matched", out.Matched,
		"appointment_id", out.AppointmentID, "closed", out.Closed, "location_id", out.LocationID)
	return out, nil
}

// PlanAnswer writes the receptionist's answer once per request key and the
// receiver that delivers it: over the channel and to the address of the
// customer's latest reply, else by SMS to the customer's number, else by
// e-mail. NoChannel when there is nowhere to send it (the answer is still
// kept in the thread).
func (a *Activities) PlanAnswer(ctx context.Context, in conversation.Answer) (conversation.AnswerResult, error) {
	var out conversation.AnswerResult
	pid := conversation.AnswerProviderID(in.AppointmentID, in.Key)
	err := store.WithTx(ctx, a.DB.Client, func(tx *ent.Tx) error {
		m, err := tx.AppointmentMessage.Query().Where(appointmentmessage.ProviderID(pid)).Only(ctx)
		if err == nil {
			out.MessageID, out.Channel = m.ID, m.CommunicationChannelID
			if m.CommunicationReceiverID != nil {
				r, err := tx.CommunicationReceiver.Get(ctx, *m.CommunicationReceiverID)
				if err != nil {
					return err
				}
				out.ReceiverID, out.Status = r.ID, r.Status
			} else {
				out.NoChannel = true
			}
			return nil
		}
		if !ent.IsNotFound(err) {
			return err
		}
		ch, dest, err := a.answerChannel(ctx, tx, in.AppointmentID)
		if err != nil {
			return err
		}
		create := tx.AppointmentMessage.Create().SetAppointmentID(in.AppointmentID).SetDealerLocationID(in.LocationID).
			SetDirection(conversation.DirectionOut).SetText(in.Text).SetProviderID(pid).SetUserID(in.UserID).
			SetCustomerAddress(dest)
		if ch == 0 {
			m, err := create.SetCommunicationChannelID(enums.CommunicationChannelIDSMS).Save(ctx)
			if err != nil {
				return err
			}
			out.MessageID, out.NoChannel = m.ID, true
			return nil
		}
		m, err = create.SetCommunicationChannelID(ch).Save(ctx)
		if err != nil {
			return err
		}
		r, err := tx.CommunicationReceiver.Create().SetAppointmentID(in.AppointmentID).SetAppointmentMessageID(m.ID).
			SetCommunicationChannelID(ch).SetDestination(dest).SetStatus(enums.CommunicationReceiverStatusSent).
			SetDeliveryState(stateQueued).SetIdempotencyKey(fmt.Sprintf("answer-%d/%d", m.ID, ch)).Save(ctx)
		if err != nil {
			return err
		}
		out.MessageID, out.ReceiverID, out.Channel, out.Status = m.ID, r.ID, ch, r.Status
		return m.Update().SetCommunicationReceiverID(r.ID).Exec(ctx)
	})
	return out, err
}

// answerChannel is the channel and address of the customer's latest reply,
// else the appointment's customer's mobile number, else e-mail address (0
// when there is none).
func (a *Activities) answerChannel(ctx context.Context, tx *ent.Tx, apID int) (enums.CommunicationChannelID, string, error) {
	last, err := tx.AppointmentMessage.Query().Where(appointmentmessage.AppointmentID(apID),
		appointmentmessage.Direction(conversation.DirectionIn)).Order(ent.Desc(appointmentmessage.FieldID)).First(ctx)
	if err == nil && last.CustomerAddress != "" {
		return last.CommunicationChannelID, last.CustomerAddress, nil
	}
	if err != nil && !ent.IsNotFound(err) {
		return 0, "", err
	}
	ap, err := tx.Appointment.Query().Where(entappointment.ID(apID)).WithCustomerDriver().Only(ctx)
	if err != nil {
		return 0, "", store.WrapNotFound(err, "appointment", apID)
	}
	if cu := ap.Edges.CustomerDriver; cu != nil {
		if p := firstOf(cu.TelMobilePrivate, cu.TelMobileBusiness); p != "" {
			return enums.CommunicationChannelIDSMS, p, nil
		}
		if e := firstOf(cu.EmailPrivate, cu.EmailBusiness); e != "" {
			return enums.CommunicationChannelIDEmail, e, nil
		}
	}
	return 0, "", nil
}

// composeAnswer is the receptionist's answer as sent: the text, signed with
// the location's name, and the receiver's reference (reconcile finds an
// uncertain SMS by it).
func (a *Activities) composeAnswer(ctx context.Context, r *ent.CommunicationReceiver) (messages.Message, error) {
	m, err := a.DB.AppointmentMessage.Get(ctx, *r.AppointmentMessageID)
	if err != nil {
		return messages.Message{}, store.WrapNotFound(err, "message", *r.AppointmentMessageID)
	}
	ap, err := a.DB.Appointment.Query().Where(entappointment.ID(r.AppointmentID)).WithLocation().Only(ctx)
	if err != nil {
		return messages.Message{}, store.WrapNotFound(err, "appointment", r.AppointmentID)
	}
	sign := Reference(r.ID)
	if loc := ap.Edges.Location; loc != nil && loc.Name != "" {
		sign = loc.Name + " · " + sign
	}
	body := m.Text + "\n— " + sign
	return messages.Message{SMS: body, Subject: "Re: " + ap.RegNumber, Text: body}, nil
}

// answerOf reports whether a receiver delivers a thread's answer.
func answerOf(r *ent.CommunicationReceiver) bool { return r.AppointmentMessageID != nil }

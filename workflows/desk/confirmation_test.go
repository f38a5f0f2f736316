package desk

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/pitstop-dev/pitstop/activities/notify"
	"github.com/pitstop-dev/pitstop/contracts/appointment"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

func newDeskEnv(plan func(int) (notify.SendOutput, error), deliver func(int) (notify.DeliveryOutput, error)) *testsuite.TestWorkflowEnvironment {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	e := s.NewTestWorkflowEnvironment()
	e.RegisterWorkflow(DeskConfirmationWorkflow)
	e.RegisterActivity(&notify.Activities{})
	e.OnActivity(nt.SendDeskConfirmation, mock.Anything, mock.Anything).Return(func(_ context.Context, id int) (notify.SendOutput, error) { return plan(id) })
	e.OnActivity(nt.DeliverNotification, mock.Anything, mock.Anything).Return(func(_ context.Context, id int) (notify.DeliveryOutput, error) { return deliver(id) }).Maybe()
	return e
}

// Every planned receiver is delivered; a provider outage is retried until it
// passes, and a permanent failure is reported, not retried.
func TestDeskConfirmationDeliversEachReceiver(t *testing.T) {
	var mu sync.Mutex
	attempts := map[int]int{}
	e := newDeskEnv(func(id int) (notify.SendOutput, error) {
		require.Equal(t, 7, id)
		return notify.SendOutput{EventID: 70, ReceiverIDs: []int{701, 702}}, nil
	}, func(id int) (notify.DeliveryOutput, error) {
		mu.Lock()
		attempts[id]++
		n := attempts[id]
		mu.Unlock()
		if id == 701 && n < 3 {
			return notify.DeliveryOutput{}, errors.New("mailgun: 503 service unavailable")
		}
		if id == 702 {
			return notify.DeliveryOutput{Status: enums.CommunicationReceiverStatusFailed, Reason: "invalid address"}, nil
		}
		return notify.DeliveryOutput{Status: enums.CommunicationReceiverStatusSent}, nil
	})
	e.OnSignalExternalWorkflow(mock.Anything, "appointment-1", "", appointment.SignalCheckedInAtDesk,
		appointment.DeskCheckInSignal{DeskCommunicationID: 7, CustomerName: "Jan"}).Return(nil).Once()
	e.ExecuteWorkflow(DeskConfirmationWorkflow, DeskConfirmationInput{DeskCommunicationID: 7, AppointmentID: 1, CustomerName: "Jan"})
	require.True(t, e.IsWorkflowCompleted())
	e.AssertExpectations(t)
	require.NoError(t, e.GetWorkflowError())
	var res DeskConfirmationResult
	require.NoError(t, e.GetWorkflowResult(&res))
	require.Equal(t, DeskConfirmationResult{EventID: 70, Deliveries: []DeliveryResult{
		{ReceiverID: 701, DeliveryOutput: notify.DeliveryOutput{Status: enums.CommunicationReceiverStatusSent}},
		{ReceiverID: 702, DeliveryOutput: notify.DeliveryOutput{Status: enums.CommunicationReceiverStatusFailed, Reason: "invalid address"}},
	}}, res)
	require.Equal(t, map[int]int{701: 3, 702: 1}, attempts)
}

// A location without confirmation emails plans no receivers: nothing is
// delivered; a lifecycle that already ended is no error either.
func TestDeskConfirmationWithNothingToSend(t *testing.T) {
	e := newDeskEnv(func(int) (notify.SendOutput, error) { return notify.SendOutput{EventID: 70}, nil },
		func(id int) (notify.DeliveryOutput, error) {
			t.Fatalf("delivered receiver %d", id)
			return notify.DeliveryOutput{}, nil
		})
	// The lifecycle has ended: the confirmation does not fail for it.
	e.OnSignalExternalWorkflow(mock.Anything, "appointment-2", "", appointment.SignalCheckedInAtDesk, mock.Anything).
		Return(errors.New("unknown external workflow execution")).Once()
	e.ExecuteWorkflow(DeskConfirmationWorkflow, DeskConfirmationInput{DeskCommunicationID: 7, AppointmentID: 2})
	require.NoError(t, e.GetWorkflowError())
	e.AssertExpectations(t)
	var res DeskConfirmationResult
	require.NoError(t, e.GetWorkflowResult(&res))
	require.Equal(t, DeskConfirmationResult{EventID: 70}, res)
}

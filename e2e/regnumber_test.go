package e2e

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/converter"

	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
)

// The lifecycle's RegNumber search attribute, which Temporal's visibility
// keeps in clear and no erasure reaches (issue #26), holds the keyed hash
// of the plate, never the plate; the query `pitstop admin regnumber-hash`
// prints finds the car's lifecycle, and nobody else's.
func TestRegNumberSearchAttributeHoldsTheHashOfThePlate(t *testing.T) {
	s := newStack(t)
	s.start()
	ctx := context.Background()
	ap := s.Demo.Appointments[0].AppointmentID
	wf := appointment.AppointmentWorkflowID(ap)
	s.waitState(ap, func(st appointment.AppointmentState) bool { return st.Stage == appointment.StageCheckInSent })
	plate := s.DB.Appointment.GetX(ctx, ap).RegNumber
	require.NotEmpty(t, plate)
	hash := keys.RegNumberHash([]byte(keySecret), plate)

	desc, err := s.Temporal.DescribeWorkflowExecution(ctx, wf, "")
	require.NoError(t, err)
	var reg string
	require.NoError(t, converter.GetDefaultDataConverter().FromPayload(desc.GetWorkflowExecutionInfo().GetSearchAttributes().GetIndexedFields()["RegNumber"], &reg))
	require.Equal(t, hash, reg, "RegNumber is the hash, never %q", plate)
	require.Eventually(t, func() bool {
		res, err := s.Temporal.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: fmt.Sprintf("RegNumber = %q", hash)})
		return err == nil && len(res.GetExecutions()) == 1 && res.GetExecutions()[0].GetExecution().GetWorkflowId() == wf
	}, 20*time.Second, 100*time.Millisecond, "the hash finds the car's lifecycle")

	code, body := s.call("POST", fmt.Sprintf("/v1/appointments/%d/cancel", ap), s.Token, map[string]string{"reason": "end of test"}, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	s.waitClosed(ap)
	recordHistory(t, s, wf, "appointment_reg_number_hashed")
}

package retention

import (
	"context"
	"errors"
	"fmt"
	"strings"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/contracts/retention"
	entappt "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/internal/keys"
)

// Search attributes of the lifecycle (workflows/appointment/caller, which
// this layer may not import).
const (
	saAppointmentID = "AppointmentID"
	saRegNumber     = "RegNumber"
)

// plateQueryChunk: appointment IDs per visibility query.
const plateQueryChunk = 100

// ForgetPlainPlates deletes from Temporal the closed lifecycle runs of the
// appointments in.Plates names whose RegNumber search attribute holds a
// plate in clear (started before change reg-number-search-hash), and counts
// the running ones it leaves. A run already deleted is not found again, so
// a retry does the rest.
func (a *Activities) ForgetPlainPlates(ctx context.Context, in retention.Plates) (retention.PlatesResult, error) {
	ids := append([]int(nil), in.AppointmentIDs...)
	if len(in.CustomerIDs) > 0 {
		locs, err := a.DB.DealerLocation.Query().Where(dealerlocation.DealerID(in.DealerID)).IDs(ctx)
		if err != nil {
			return retention.PlatesResult{}, err
		}
		more, err := a.DB.Appointment.Query().Where(entappt.DealerLocationIDIn(locs...), entappt.Or(entappt.CustomerDriverIDIn(in.CustomerIDs...),
			entappt.CustomerOwnerIDIn(in.CustomerIDs...), entappt.CustomerContractIDIn(in.CustomerIDs...))).IDs(ctx)
		if err != nil {
			return retention.PlatesResult{}, err
		}
		ids = append(ids, more...)
	}
	return a.forgetPlainPlates(ctx, ids)
}

// forgetPlainPlates finds the lifecycle runs of the appointments ids by
// their AppointmentID search attribute (the plate itself may be erased from
// the database already) and deletes the closed ones whose RegNumber is not
// a keyed hash.
func (a *Activities) forgetPlainPlates(ctx context.Context, ids []int) (retention.PlatesResult, error) {
	var out retention.PlatesResult
	if len(ids) == 0 {
		return out, nil
	}
	if a.Temporal == nil {
		return out, errors.New("forget plain plates: no Temporal client")
	}
	ns := activity.GetInfo(ctx).Namespace
	for start := 0; start < len(ids); start += plateQueryChunk {
		chunk := ids[start:min(start+plateQueryChunk, len(ids))]
		list := make([]string, len(chunk))
		for i, id := range chunk {
			list[i] = fmt.Sprint(id)
		}
		q := fmt.Sprintf("WorkflowType = '%s' AND %s IN (%s)", appointment.WorkflowName, saAppointmentID, strings.Join(list, ", "))
		var token []byte
		for {
			resp, err := a.Temporal.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Namespace: ns, Query: q, NextPageToken: token})
			if err != nil {
				return out, fmt.Errorf("list lifecycles: %w", err)
			}
			for _, e := range resp.GetExecutions() {
				if !plainPlate(regNumberOf(e.GetSearchAttributes())) {
					continue
				}
				if e.GetStatus() == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
					out.Running++
					continue
				}
				_, err := a.Temporal.WorkflowService().DeleteWorkflowExecution(ctx, &workflowservice.DeleteWorkflowExecutionRequest{
					Namespace: ns, WorkflowExecution: e.GetExecution()})
				var nf *serviceerror.NotFound
				if err != nil && !errors.As(err, &nf) {
					return out, fmt.Errorf("delete lifecycle run: %w", err)
				}
				out.Deleted++
			}
			if token = resp.GetNextPageToken(); len(token) == 0 {
				break
			}
		}
	}
	return out, nil
}

// regNumberOf reads the RegNumber search attribute ("" when unset).
func regNumberOf(sa *commonpb.SearchAttributes) string {
	p, ok := sa.GetIndexedFields()[saRegNumber]
	if !ok || p == nil {
		return ""
	}
	var s string
	if err := converter.GetDefaultDataConverter().FromPayload(p, &s); err != nil {
		return ""
	}
	return s
}

// plainPlate: a RegNumber value that is not a keyed hash
// (keys.RegNumberHash: RegNumberHashLength lower-case hex digits) is a
// plate in clear, set by a lifecycle started before change
// reg-number-search-hash.
func plainPlate(v string) bool {
	if v == "" {
		return false
	}
	if len(v) != keys.RegNumberHashLength {
		return true
	}
	for _, r := range v {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return true
		}
	}
	return false
}

// Package dmsimport holds the DMS import workflows: the scheduled import of
// one dealer location (a Temporal Schedule per location runs it every N
// minutes), and the short workflows behind the staff's manual search
// import, refresh and mileage write-back (the API waits for their result;
// running them as workflows gives them retries and one place in the UI).
package dmsimport

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	acts "github.com/pitstop-dev/pitstop/activities/dmsimport"
	"github.com/pitstop-dev/pitstop/contracts/dmsimport"
	"github.com/pitstop-dev/pitstop/internal/errtypes"
)

// Tunables of the import activity (exported for end-to-end tests).
var (
	// ImportHeartbeatTimeout: a worker that died mid-page is noticed this
	// soon and the page retried from the last heartbeat's cursor (the
	// activity beats every second while alive, however slow the DMS).
	ImportHeartbeatTimeout = 5 * time.Second
	ImportStartToClose     = time.Hour
	ImportInitialInterval  = time.Second
	// ImportMaxAttempts: after this many failed attempts the run fails; the
	// schedule's next run starts again from the watermark, which only moves
	// after a complete run.
	ImportMaxAttempts int32 = 5
)

// ImportOutput is the run's result.
type ImportOutput = acts.ImportChangesOutput

// The contract's names under their old spelling (see contracts/dmsimport).
type (
	ImportInput  = dmsimport.ImportInput
	ManualInput  = dmsimport.ManualInput
	ManualOutput = dmsimport.ManualOutput
	ManualKind   = dmsimport.ManualKind
)

// Workflow type names and manual kinds (see contracts/dmsimport).
const (
	WorkflowName       = dmsimport.WorkflowName
	ManualWorkflowName = dmsimport.ManualWorkflowName
	ManualSearch       = dmsimport.ManualSearch
	ManualRefresh      = dmsimport.ManualRefresh
	ManualMileage      = dmsimport.ManualMileage
)

// ImportWorkflowID is dmsimport.ImportWorkflowID.
func ImportWorkflowID(locationID int, run string) string {
	return dmsimport.ImportWorkflowID(locationID, run)
}

var da *acts.Activities

// DMSImportWorkflow imports what changed in the DMS since the location's
// last successful run.
func DMSImportWorkflow(ctx workflow.Context, in ImportInput) (ImportOutput, error) {
	workflow.SetCurrentDetails(ctx, fmt.Sprintf("importing changes for dealer location %d", in.LocationID))
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: ImportStartToClose,
		HeartbeatTimeout:    ImportHeartbeatTimeout,
		Summary:             fmt.Sprintf("import the DMS changes of location %d, page by page", in.LocationID),
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval: ImportInitialInterval, BackoffCoefficient: 2, MaximumInterval: time.Minute,
			MaximumAttempts: ImportMaxAttempts, NonRetryableErrorTypes: append([]string{errtypes.Rejected}, errtypes.NonRetryable...),
		},
	})
	var out ImportOutput
	if err := workflow.ExecuteActivity(actx, da.ImportChanges, acts.ImportChangesInput{LocationID: in.LocationID}).Get(ctx, &out); err != nil {
		workflow.SetCurrentDetails(ctx, "failed: "+err.Error())
		return out, err
	}
	workflow.SetCurrentDetails(ctx, fmt.Sprintf("done: %d pages, %d imported, %d unchanged, %d refused; next run from %s",
		out.Pages, out.Imported, out.Unchanged, out.Refused, out.Watermark.Format(time.RFC3339)))
	return out, nil
}

// ManualAttempts bounds the retries of a manual command: a user waits for
// it, so a DMS that stays down fails it soon (the user tries again).
var ManualAttempts int32 = 3

// DMSManualWorkflow runs one staff command against the DMS.
func DMSManualWorkflow(ctx workflow.Context, in ManualInput) (ManualOutput, error) {
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: time.Minute,
		Summary:             string(in.Kind) + " in the DMS",
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval: time.Second, BackoffCoefficient: 2, MaximumAttempts: ManualAttempts,
			NonRetryableErrorTypes: append([]string{errtypes.Rejected}, errtypes.NonRetryable...),
		},
	})
	var out ManualOutput
	var err error
	switch {
	case in.Kind == ManualSearch && in.Search != nil:
		out.Search = &acts.SearchOutput{}
		err = workflow.ExecuteActivity(actx, da.SearchAndImport, *in.Search).Get(ctx, out.Search)
	case in.Kind == ManualRefresh && in.Refresh != nil:
		out.Refresh = &acts.ItemResult{}
		err = workflow.ExecuteActivity(actx, da.Refresh, *in.Refresh).Get(ctx, out.Refresh)
	case in.Kind == ManualMileage && in.Mileage != nil:
		out.Mileage = &acts.MileageOutput{}
		err = workflow.ExecuteActivity(actx, da.WriteMileage, *in.Mileage).Get(ctx, out.Mileage)
	default:
		return out, temporal.NewNonRetryableApplicationError("unknown manual DMS command "+string(in.Kind), errtypes.Validation, nil)
	}
	return out, err
}

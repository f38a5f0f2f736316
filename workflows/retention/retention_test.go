package retention

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	acts "github.com/pitstop-dev/pitstop/activities/retention"
	"github.com/pitstop-dev/pitstop/contracts/retention"
)

// The schedule's run starts at 23:50 and, with batches of 20 minutes
// (time skipping), crosses midnight: every batch measures retention from
// the run's start, the dealers are processed in order, and after
// BatchesPerRun batches the run continues as new with its cursor and counts;
// the continued run finishes the work and returns the totals.
func TestRetentionRunAcrossMidnightContinuesAsNew(t *testing.T) {
	start := time.Date(2026, 12, 6, 23, 50, 0, 0, time.UTC)
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	env.RegisterWorkflowWithOptions(RetentionWorkflow, workflow.RegisterOptions{Name: WorkflowName})
	env.RegisterActivity(&acts.Activities{})
	env.OnActivity(ra.Dealers, mock.Anything).Return([]int{7, 9}, nil).Once()
	// Dealer 7 has two full batches and a last one; dealer 9 one.
	left := map[int]int{7: 5, 9: 1}
	var seen []retention.Batch
	env.OnActivity(ra.AnonymiseBatch, mock.Anything, mock.Anything).After(20 * time.Minute).Return(
		func(_ context.Context, b retention.Batch) (retention.BatchResult, error) {
			seen = append(seen, b)
			n := min(left[b.DealerID], b.Limit)
			left[b.DealerID] -= n
			return retention.BatchResult{Appointments: n, Customers: n / 2, Done: n < b.Limit}, nil
		})
	env.ExecuteWorkflow(WorkflowName, retention.Input{BatchSize: 2, BatchesPerRun: 2})
	require.True(t, env.IsWorkflowCompleted())
	var can *workflow.ContinueAsNewError
	require.True(t, errors.As(env.GetWorkflowError(), &can), "%v", env.GetWorkflowError())
	require.Len(t, seen, 2)
	assert.Equal(t, retention.Batch{DealerID: 7, Now: start, Limit: 2}, seen[0])
	assert.Equal(t, seen[0], seen[1], "the same batch again: the first's appointments are marked, so it takes the next")
	assert.Greater(t, env.Now(), time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC), "the run crossed midnight")
	assert.Equal(t, WorkflowName, can.WorkflowType.Name)

	// The continued run, from the cursor the first one handed on.
	var next retention.Input
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	assert.Equal(t, retention.Input{Now: start, DealerIDs: []int{7, 9}, Next: 0, Counts: retention.Counts{Batches: 2, Appointments: 4, Customers: 2},
		BatchSize: 2, BatchesPerRun: 2}, next)
	// Each dealer's unmatched replies follow its appointments (change
	// retention-unmatched-replies): dealer 7 has three, dealer 9 none. The
	// continued run is let finish (more batches per run).
	next.BatchesPerRun = 10
	unmatched := map[int]int{7: 3, 9: 0}
	var kinds []string
	env2 := suite.NewTestWorkflowEnvironment()
	env2.SetStartTime(env.Now())
	env2.RegisterWorkflowWithOptions(RetentionWorkflow, workflow.RegisterOptions{Name: WorkflowName})
	env2.RegisterActivity(&acts.Activities{})
	env2.OnActivity(ra.AnonymiseBatch, mock.Anything, mock.Anything).Return(
		func(_ context.Context, b retention.Batch) (retention.BatchResult, error) {
			seen = append(seen, b)
			kinds = append(kinds, fmt.Sprintf("appointments %d", b.DealerID))
			n := min(left[b.DealerID], b.Limit)
			left[b.DealerID] -= n
			return retention.BatchResult{Appointments: n, Done: n < b.Limit}, nil
		})
	env2.OnActivity(ra.AnonymiseUnmatched, mock.Anything, mock.Anything).Return(
		func(_ context.Context, b retention.Batch) (retention.BatchResult, error) {
			seen = append(seen, b)
			kinds = append(kinds, fmt.Sprintf("unmatched %d", b.DealerID))
			n := min(unmatched[b.DealerID], b.Limit)
			unmatched[b.DealerID] -= n
			return retention.BatchResult{UnmatchedReplies: n, Done: n < b.Limit}, nil
		})
	env2.ExecuteWorkflow(WorkflowName, next)
	require.True(t, env2.IsWorkflowCompleted())
	require.NoError(t, env2.GetWorkflowError())
	var got retention.Counts
	require.NoError(t, env2.GetWorkflowResult(&got))
	assert.Equal(t, retention.Counts{Batches: 7, Appointments: 6, Customers: 2, UnmatchedReplies: 3}, got)
	assert.Equal(t, []string{"appointments 7", "unmatched 7", "unmatched 7", "appointments 9", "unmatched 9"}, kinds)
	require.Len(t, seen, 7)
	assert.Equal(t, retention.Batch{DealerID: 7, Now: start, Limit: 2}, seen[2], "still measured from the first run's start")
	assert.Equal(t, retention.Batch{DealerID: 7, Now: start, Limit: 2}, seen[3], "the unmatched replies too")
	assert.Equal(t, 9, seen[5].DealerID)
	assert.Equal(t, map[int]int{7: 0, 9: 0}, left)
	assert.Equal(t, map[int]int{7: 0, 9: 0}, unmatched)
}

// A run that continues as new in the middle of a dealer's unmatched replies
// hands the phase on in its cursor: the next run goes on with them, not
// with the appointments again.
func TestRetentionContinuesInTheUnmatchedReplies(t *testing.T) {
	start := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	env.RegisterWorkflowWithOptions(RetentionWorkflow, workflow.RegisterOptions{Name: WorkflowName})
	env.RegisterActivity(&acts.Activities{})
	env.OnActivity(ra.Dealers, mock.Anything).Return([]int{7}, nil).Once()
	env.OnActivity(ra.AnonymiseBatch, mock.Anything, mock.Anything).Return(retention.BatchResult{Appointments: 1, Done: true}, nil).Once()
	env.OnActivity(ra.AnonymiseUnmatched, mock.Anything, mock.Anything).Return(retention.BatchResult{UnmatchedReplies: 2}, nil).Once()
	env.ExecuteWorkflow(WorkflowName, retention.Input{BatchSize: 2, BatchesPerRun: 2})
	var can *workflow.ContinueAsNewError
	require.True(t, errors.As(env.GetWorkflowError(), &can), "%v", env.GetWorkflowError())
	var next retention.Input
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	assert.Equal(t, retention.Input{Now: start, DealerIDs: []int{7}, Unmatched: true,
		Counts: retention.Counts{Batches: 2, Appointments: 1, UnmatchedReplies: 2}, BatchSize: 2, BatchesPerRun: 2}, next)
	assert.Contains(t, retention.Progress(next), "dealer 7 (1 of 1), unmatched replies")

	env2 := suite.NewTestWorkflowEnvironment()
	env2.RegisterWorkflowWithOptions(RetentionWorkflow, workflow.RegisterOptions{Name: WorkflowName})
	env2.RegisterActivity(&acts.Activities{})
	env2.OnActivity(ra.AnonymiseUnmatched, mock.Anything, mock.Anything).Return(retention.BatchResult{UnmatchedReplies: 1, Done: true}, nil).Once()
	env2.ExecuteWorkflow(WorkflowName, next)
	require.NoError(t, env2.GetWorkflowError())
	var got retention.Counts
	require.NoError(t, env2.GetWorkflowResult(&got))
	assert.Equal(t, retention.Counts{Batches: 3, Appointments: 1, UnmatchedReplies: 3}, got)
	env2.AssertExpectations(t)
}

// The progress the UI shows names the dealer and the counts, nothing else.
func TestProgressHoldsNoPersonalData(t *testing.T) {
	p := retention.Progress(retention.Input{Now: time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC), DealerIDs: []int{3, 4}, Next: 1,
		Counts: retention.Counts{Batches: 5, Appointments: 900, Customers: 12}})
	assert.Equal(t, "retention at 2026-12-07T02:00:00Z: dealer 4 (2 of 2); so far 5 batches, 900 appointments, 12 customers and 0 unmatched replies anonymised", p)
	assert.True(t, strings.HasSuffix(retention.Progress(retention.Input{}), "0 unmatched replies anonymised"))
}

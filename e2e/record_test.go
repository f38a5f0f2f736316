package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/pitstop-dev/pitstop/app/devstack"
)

// recordHistory keeps a workflow's history in workflows/testdata when
// PITSTOP_RECORD_HISTORIES=1, for the replay test that guards determinism:
// `PITSTOP_RECORD_HISTORIES=1 make test` refreshes them after an intended change.
// Every change ID the workflow code passes to GetVersion must appear in a
// recorded history (TestEveryChangeIDIsInARecordedHistory): a test that goes
// through a new versioned path records its history here under a new name
// (an old history is never overwritten with a new one: it guards the old
// branch).
func recordHistory(t *testing.T, s *stack, workflowID, name string) {
	if os.Getenv("PITSTOP_RECORD_HISTORIES") != "1" || os.Getenv("PITSTOP_RECORD_BEFORE") != "" {
		return
	}
	writeHistory(t, s, workflowID, name)
}

// recordBeforeChange keeps the history of a workflow that took the old
// (DefaultVersion) branch of changeID, as a workflow started before the
// change replays it: with the guard removed, replaying it fails. It only
// acts when PITSTOP_RECORD_BEFORE=changeID, which
// workflows/testdata/record-before-change.sh sets on a scratch copy of the
// code whose GetVersion calls for changeID answer DefaultVersion; the test
// then ends here (skipped), as what follows checks the new branch.
func recordBeforeChange(t *testing.T, s *stack, workflowID, name, changeID string) {
	if os.Getenv("PITSTOP_RECORD_BEFORE") != changeID {
		return
	}
	writeHistory(t, s, workflowID, name)
	t.Skipf("recorded %s on the DefaultVersion branch of %s", name, changeID)
}

// writeHistory waits until the workflow has handled everything sent to it
// (no workflow task pending), then writes its history. Payloads are
// encrypted with the development key (the worker's data converter).
func writeHistory(t *testing.T, s *stack, workflowID, name string) {
	t.Helper()
	s.waitHandled(workflowID)
	it := s.Temporal.GetWorkflowHistory(context.Background(), workflowID, "", false, 0)
	h := &historypb.History{}
	for it.HasNext() {
		ev, err := it.Next()
		require.NoError(t, err)
		h.Events = append(h.Events, ev)
	}
	b, err := protojson.MarshalOptions{Indent: "  "}.Marshal(h)
	require.NoError(t, err)
	dir := os.Getenv("PITSTOP_RECORD_DIR")
	if dir == "" {
		root, err := devstack.ModuleRoot()
		require.NoError(t, err)
		dir = filepath.Join(root, "workflows", "testdata")
	}
	path := filepath.Join(dir, name+".json")
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, b, 0o644))
	t.Logf("recorded %d events to %s", len(h.Events), path)
}

// waitHandled waits for positive evidence that the workflow acted on every
// signal and update it received: a workflow task completed after the last
// signal, every accepted update completed, and no workflow task pending (or
// the workflow closed).
func (s *stack) waitHandled(workflowID string) {
	s.t.Helper()
	var last string
	require.Eventually(s.t, func() bool {
		d, err := s.Temporal.DescribeWorkflowExecution(context.Background(), workflowID, "")
		if err != nil {
			last = err.Error()
			return false
		}
		closed := d.WorkflowExecutionInfo.GetStatus() != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
		if !closed && d.PendingWorkflowTask != nil {
			last = "a workflow task is pending"
			return false
		}
		var lastSignal, lastDone int64
		updates := 0 // accepted and not completed
		it := s.Temporal.GetWorkflowHistory(context.Background(), workflowID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		for it.HasNext() {
			ev, err := it.Next()
			if err != nil {
				last = err.Error()
				return false
			}
			switch ev.GetEventType() {
			case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
				lastSignal = ev.GetEventId()
			case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
				updates++
			case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
				updates--
			case enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
				lastDone = ev.GetEventId()
			}
		}
		if !closed && (lastDone < lastSignal || updates > 0) {
			last = "the last signal or an update is not handled yet"
			return false
		}
		return true
	}, 30*time.Second, 50*time.Millisecond, "workflow %s never idle: %s", workflowID, last)
}

// waitQuiet waits until the workflow has handled everything sent to it
// (waitHandled) and has no activity running or waiting for a retry: what
// it was going to do about those messages is done, so a test may then
// assert that something did not happen.
func (s *stack) waitQuiet(workflowID string) {
	s.t.Helper()
	s.waitHandled(workflowID)
	var pending int
	require.Eventually(s.t, func() bool {
		d, err := s.Temporal.DescribeWorkflowExecution(context.Background(), workflowID, "")
		if err != nil {
			return false
		}
		pending = len(d.PendingActivities)
		return pending == 0 && (d.PendingWorkflowTask == nil || d.WorkflowExecutionInfo.GetStatus() != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING)
	}, 30*time.Second, 50*time.Millisecond, "workflow %s still has %d activities pending", workflowID, pending)
}

// activitiesDone counts the activities of a workflow whose type name
// contains name that completed: positive evidence that the workflow did
// that step (e.g. a re-check) so many times.
func (s *stack) activitiesDone(workflowID, name string) int {
	s.t.Helper()
	types := map[int64]string{}
	n := 0
	it := s.Temporal.GetWorkflowHistory(context.Background(), workflowID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		require.NoError(s.t, err)
		switch ev.GetEventType() {
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			types[ev.GetEventId()] = ev.GetActivityTaskScheduledEventAttributes().GetActivityType().GetName()
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
			if strings.Contains(types[ev.GetActivityTaskCompletedEventAttributes().GetScheduledEventId()], name) {
				n++
			}
		}
	}
	return n
}

package workflows

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pitstop-dev/pitstop/internal/config"
	"github.com/pitstop-dev/pitstop/internal/payloadcodec"

	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/workflows/appointment"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/worker"
)

// TestReplayRecordedHistories replays histories recorded from real runs
// (see e2e/record_test.go). A change to the workflow that would break a
// running appointment fails here; guard such a change with workflow.GetVersion.
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no recorded histories: run PITSTOP_RECORD_HISTORIES=1 go test ./e2e/")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			r := replayer(t)
			Register(r)
			require.NoError(t, r.ReplayWorkflowHistoryFromJSONFile(nil, f))
		})
	}
}

// TestReplayAfterTighteningShapeRules: shape rules run in validators, never
// in handlers, and validators do not run on replay; so a limit tightened
// after an answer was accepted still replays that answer's history.
func TestReplayAfterTighteningShapeRules(t *testing.T) {
	defer func(name, title int) { contract.MaxCustomerName, contract.MaxRemarkTitle = name, title }(contract.MaxCustomerName, contract.MaxRemarkTitle)
	contract.MaxCustomerName, contract.MaxRemarkTitle = 1, 1
	require.Error(t, appointment.ValidateCheckInAnswer(appointment.CheckInAnswer{CustomerName: "Jan"}, nil), "the rule is tighter now")
	files, err := filepath.Glob(filepath.Join("testdata", "appointment_*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		r := replayer(t)
		Register(r)
		require.NoError(t, r.ReplayWorkflowHistoryFromJSONFile(nil, f), f)
	}
}

// replayer replays with the data converter the worker uses: recorded
// histories hold payloads encrypted with the development key (older ones in
// clear, which the codec passes through).
func replayer(t *testing.T) worker.WorkflowReplayer {
	keys, err := payloadcodec.ParseKeyring(config.DevPayloadKeys)
	require.NoError(t, err)
	r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{DataConverter: payloadcodec.NewDataConverter(keys)})
	require.NoError(t, err)
	return r
}

// TestRecordedHistoriesHoldNoPersonalData: payloads are encrypted, so the
// demo customer's name, phone, e-mail and PINs never appear in clear.
func TestRecordedHistoriesHoldNoPersonalData(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	require.NoError(t, err)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, clear := range []string{"de Vries", "+31612345678", "+31611111111", "jan.devries@example.com", "keylocker_pin", "customer_name"} {
			require.NotContains(t, string(b), clear, "%s holds %q in clear", f, clear)
		}
	}
}

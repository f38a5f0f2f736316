package worker_test

import (
	"context"
	"errors"
	"testing"

	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/internal/errtypes"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
	"github.com/pitstop-dev/pitstop/worker"
)

// A value PostgreSQL refuses fails the same way on every retry: Final makes
// it non-retryable, so the activity fails at once instead of holding the
// workflow; any other error passes unchanged.
func TestFinalOnPostgreSQLRefusals(t *testing.T) {
	db := storetest.New(t)
	_, err := db.Dealer.Create().SetName("Garage\x00Noord").Save(context.Background())
	if err == nil {
		t.Fatal("PostgreSQL stored a NUL byte")
	}
	var app *temporal.ApplicationError
	if !errors.As(worker.Final(err), &app) || app.Type() != errtypes.Unstorable || !app.NonRetryable() {
		t.Fatalf("Final(%v) is not a non-retryable Unstorable error", err)
	}
	other := errors.New("connection refused")
	if worker.Final(other) != other {
		t.Fatal("Final changed an error retrying can fix")
	}
}

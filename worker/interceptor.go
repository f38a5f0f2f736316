package worker

import (
	"context"
	"errors"

	"github.com/lib/pq"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/temporal"

	"github.com/pitstop-dev/pitstop/internal/errtypes"
)

// finalErrors makes every activity's unfixable database refusal
// non-retryable (Final), in one place for all domains.
type finalErrors struct {
	interceptor.WorkerInterceptorBase
}

func (*finalErrors) InterceptActivity(_ context.Context, next interceptor.ActivityInboundInterceptor) interceptor.ActivityInboundInterceptor {
	return &finalActivity{ActivityInboundInterceptorBase: interceptor.ActivityInboundInterceptorBase{Next: next}}
}

type finalActivity struct {
	interceptor.ActivityInboundInterceptorBase
}

func (a *finalActivity) ExecuteActivity(ctx context.Context, in *interceptor.ExecuteActivityInput) (any, error) {
	out, err := a.Next.ExecuteActivity(ctx, in)
	return out, Final(err)
}

// unstorableCodes are PostgreSQL's refusals of a value itself (SQLSTATE):
// a NUL byte or invalid UTF-8 (22021), an untranslatable character (22P05),
// a value too long for its column (22001). The same value fails again on
// every retry.
var unstorableCodes = map[string]bool{"22021": true, "22P05": true, "22001": true}

// Final turns an error that retrying cannot fix into a non-retryable one
// (type errtypes.Unstorable), so a bad value fails its activity at once
// instead of retrying forever and holding the workflow. Other errors pass
// unchanged.
func Final(err error) error {
	var pqErr *pq.Error
	if err == nil || !errors.As(err, &pqErr) || !unstorableCodes[string(pqErr.Code)] {
		return err
	}
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return err
	}
	return temporal.NewNonRetryableApplicationError("the database refuses this value: "+pqErr.Message, errtypes.Unstorable, err)
}

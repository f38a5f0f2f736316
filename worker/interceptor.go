package worker

import (
	"context"

	"go.temporal.io/sdk/interceptor"

	"github.com/pitstop-dev/pitstop/internal/errtypes"
)

// finalErrors makes every activity's unfixable database refusal
// non-retryable (errtypes.Final), in one place for all domains.
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
	return out, errtypes.Final(err)
}

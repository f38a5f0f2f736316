package appointment

import (
	acts "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/activities/notify"
)

// Typed activity references: the workflow calls lc.SaveLifecycle, not a
// name string, so a changed signature fails to compile. They are nil; the
// SDK takes only the method's name and types from them.
var (
	lc *acts.Activities
	nt *notify.Activities
)

// Package dmschange is what a DMS import owes an appointment's lifecycle
// workflow (a Change) and what steering it did (a SteerOutcome). It sits
// below internal/dms/dmsstore (which writes the read model and re-exports these
// names) and workflows/appointment (which steers), so the workflow package
// does not pull in the database code (ent, lib/pq, sqlite) through them.
package dmschange

import (
	"context"
	"time"
)

// Kind is what an import did to an appointment, and so which lifecycle
// message its workflow is owed.
type Kind string

// Kinds, in the order they win when changes pile up before delivery
// (a cancellation beats everything; a new appointment is started with its
// latest data, which covers a later reschedule or change).
const (
	KindUnchanged   Kind = ""
	KindChanged     Kind = "changed"     // fields or interventions changed: the workflow reads them from the read model
	KindRescheduled Kind = "rescheduled" // the appointment date moved: re-arm the check-in timer
	KindNew         Kind = "new"         // start the lifecycle
	KindCancelled   Kind = "cancelled"   // end the lifecycle
)

// Change is one appointment an import created or changed (or whose earlier
// change was never delivered).
type Change struct {
	// Index is the work order's position in the importer's input.
	Index            int       `json:"index"`
	AppointmentID    int       `json:"appointment_id"`
	DealerLocationID int       `json:"dealer_location_id"`
	WONr             string    `json:"wo_nr"`
	RegNumber        string    `json:"reg_number"`
	AppointmentAt    time.Time `json:"time_car_app"`
	Kind             Kind      `json:"kind"`
}

// SteerOutcome says what steering a change's lifecycle workflow did
// (workflows/appointment.SteerFromDMS).
type SteerOutcome string

// Outcomes of steering.
const (
	SteerStarted   SteerOutcome = "started"   // the lifecycle runs (started now, or already running)
	SteerSignalled SteerOutcome = "signalled" // rescheduled/cancelled delivered to the running lifecycle
	// SteerClosed: the lifecycle already ended (completed or cancelled). A
	// re-import after that is not restarted: the workflow ID is never reused
	// (REJECT_DUPLICATE), so a finished appointment never messages the
	// customer again; the read model carries the DMS's new data.
	SteerClosed SteerOutcome = "closed"
	// SteerNoWorkflow: a cancellation with no lifecycle to end; delivery
	// marks the read model cancelled.
	SteerNoWorkflow SteerOutcome = "no_workflow"
)

// Steer starts or steers one change's lifecycle workflow and says what it
// did. It must be safe to call again with the same change.
type Steer func(ctx context.Context, ch Change) (SteerOutcome, error)

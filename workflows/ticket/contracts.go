// Package ticket is the workflow of one remote-diagnose ticket (spec 003):
// ordered for an appointment's car on an OBD connector, followed until the
// provider's operator ends it, its result put on the appointment. Its
// contract is contracts/ticket; callers start it with workflows/ticket/caller.
package ticket

import (
	"github.com/pitstop-dev/pitstop/contracts/ticket"
	"github.com/pitstop-dev/pitstop/workflows/ticket/caller"
)

// The contract's names under their old, unqualified spelling, so the
// workflow's code reads as before. Each is defined in contracts/ticket:
// change it there.
type (
	Input              = ticket.Input
	State              = ticket.State
	CSATRequest        = ticket.CSATRequest
	PrerequisiteAnswer = ticket.PrerequisiteAnswer
)

// Names and default waits (see contracts/ticket).
const (
	WorkflowName                 = ticket.WorkflowName
	QueryState                   = ticket.QueryState
	UpdateCancel                 = ticket.UpdateCancel
	UpdateCSAT                   = ticket.UpdateCSAT
	UpdateRecorded               = ticket.UpdateRecorded
	SignalStatus                 = ticket.SignalStatus
	DefaultServiceCenterDeadline = ticket.DefaultServiceCenterDeadline
	DefaultRecheckEvery          = ticket.DefaultRecheckEvery
	DefaultCSATWindow            = ticket.DefaultCSATWindow
)

// WorkflowID is ticket.WorkflowID: `ticket-<appointment id>-<request uuid>`.
func WorkflowID(appointmentID int, requestID string) string {
	return ticket.WorkflowID(appointmentID, requestID)
}

// LegacyWorkflowID is ticket.LegacyWorkflowID: `ticket-<request uuid>`.
func LegacyWorkflowID(requestID string) string { return ticket.LegacyWorkflowID(requestID) }

// Reference is ticket.Reference.
func Reference(requestID string) string { return ticket.Reference(requestID) }

// ValidateCSAT is ticket.ValidateCSAT (the CSAT update's validator).
func ValidateCSAT(req CSATRequest) []string { return ticket.ValidateCSAT(req) }

// SATicketStatus is the search attribute the workflow moves with its status.
var SATicketStatus = caller.SATicketStatus

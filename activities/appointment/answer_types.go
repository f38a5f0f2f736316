package appointment

import "github.com/pitstop-dev/pitstop/contracts/appointment"

// The customer's answers travel from the API through the workflow's update
// into the recording activity unchanged: they are the contract's types
// (contracts/appointment), named here as the activities spell them.
type (
	CheckInAnswer        = appointment.CheckInAnswer
	CheckInResultAnswer  = appointment.CheckInResultAnswer
	RemarkAnswer         = appointment.RemarkAnswer
	CheckInAnswerResult  = appointment.CheckInAnswerResult
	DiagnoseAnswer       = appointment.DiagnoseAnswer
	InterventionDecision = appointment.InterventionDecision
	ResultDecision       = appointment.ResultDecision
)

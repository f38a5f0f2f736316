// Package appointment holds the appointment's lifecycle workflow. Its
// contract (names, payloads, shape rules) is contracts/appointment; how
// callers start and message it is workflows/appointment/caller.
package appointment

import (
	"go.temporal.io/sdk/temporal"

	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

// The contract's names under their old, unqualified spelling, so the
// workflow's code (and the tests and composition roots that drive it)
// reads as before. Every one is defined in contracts/appointment: change
// it there. Callers outside the worker import the contract, not this
// package (internal/layers keeps the API from importing it).
type (
	Stage                   = contract.Stage
	AppointmentInput        = contract.AppointmentInput
	AppointmentState        = contract.AppointmentState
	StageChange             = contract.StageChange
	OpenedSignal            = contract.OpenedSignal
	RescheduledSignal       = contract.RescheduledSignal
	CancelledSignal         = contract.CancelledSignal
	KeySignal               = contract.KeySignal
	DeskCheckInSignal       = contract.DeskCheckInSignal
	KioskCheckInSignal      = contract.KioskCheckInSignal
	SendRequest             = contract.SendRequest
	SendResult              = contract.SendResult
	CheckInAnswer           = contract.CheckInAnswer
	CheckInResultAnswer     = contract.CheckInResultAnswer
	RemarkAnswer            = contract.RemarkAnswer
	CheckInAnswerResult     = contract.CheckInAnswerResult
	DiagnoseAnswer          = contract.DiagnoseAnswer
	InterventionDecision    = contract.InterventionDecision
	ResultDecision          = contract.ResultDecision
	LockerPhase             = contract.LockerPhase
	LockerState             = contract.LockerState
	KeyPINRequest           = contract.KeyPINRequest
	DropBackRequest         = contract.DropBackRequest
	KeyPINResult            = contract.KeyPINResult
	PINRequestSignal        = contract.PINRequestSignal
	KeyLockerDropBackSignal = contract.KeyLockerDropBackSignal
	ValidationError         = contract.ValidationError
)

const (
	TaskQueue                   = contract.TaskQueue
	WorkflowName                = contract.WorkflowName
	TaskDoneWorkflowName        = contract.TaskDoneWorkflowName
	FeedbackWorkflowName        = contract.FeedbackWorkflowName
	SignalCommunicationOpened   = contract.SignalCommunicationOpened
	SignalRescheduled           = contract.SignalRescheduled
	SignalCancelled             = contract.SignalCancelled
	SignalKeyDropped            = contract.SignalKeyDropped
	SignalKeyPickedUp           = contract.SignalKeyPickedUp
	SignalCompleted             = contract.SignalCompleted
	SignalCheckedInAtDesk       = contract.SignalCheckedInAtDesk
	SignalCheckedInAtKiosk      = contract.SignalCheckedInAtKiosk
	SignalKeyPickedUpByMechanic = contract.SignalKeyPickedUpByMechanic
	SignalKeyDroppedBack        = contract.SignalKeyDroppedBack
	SignalLockerBookingExpired  = contract.SignalLockerBookingExpired
	SignalKeyLockerPINRequested = contract.SignalKeyLockerPINRequested
	SignalKeyLockerDroppedBack  = contract.SignalKeyLockerDroppedBack
	UpdateAnswerCheckIn         = contract.UpdateAnswerCheckIn
	UpdateAnswerDiagnose        = contract.UpdateAnswerDiagnose
	UpdateSendDiagnoseOverview  = contract.UpdateSendDiagnoseOverview
	UpdateSendRepairOverview    = contract.UpdateSendRepairOverview
	UpdateKeyPIN                = contract.UpdateKeyPIN
	UpdateKeyDropBack           = contract.UpdateKeyDropBack
	QueryState                  = contract.QueryState
	StageScheduled              = contract.StageScheduled
	StageCheckInSent            = contract.StageCheckInSent
	StageAwaitingKeyDrop        = contract.StageAwaitingKeyDrop
	StageInWorkshop             = contract.StageInWorkshop
	StageInspected              = contract.StageInspected
	StageDiagnoseSent           = contract.StageDiagnoseSent
	StageDiagnoseAnswered       = contract.StageDiagnoseAnswered
	StageRepairSent             = contract.StageRepairSent
	StageCompleted              = contract.StageCompleted
	StageCancelled              = contract.StageCancelled
	LockerBooked                = contract.LockerBooked
	LockerNoCell                = contract.LockerNoCell
	LockerDropped               = contract.LockerDropped
	LockerPickedUp              = contract.LockerPickedUp
	LockerDropBackBooked        = contract.LockerDropBackBooked
	LockerDroppedBack           = contract.LockerDroppedBack
	LockerPickedUpBack          = contract.LockerPickedUpBack
	LockerAbandoned             = contract.LockerAbandoned
)

// AppointmentWorkflowID is contract.AppointmentWorkflowID.
func AppointmentWorkflowID(appointmentID int) string {
	return contract.AppointmentWorkflowID(appointmentID)
}

// ValidateCheckInAnswer is contract.ValidateCheckInAnswer (the update's validator).
func ValidateCheckInAnswer(a CheckInAnswer, st *AppointmentState) error {
	return contract.ValidateCheckInAnswer(a, st)
}

// ValidateDiagnoseAnswer is contract.ValidateDiagnoseAnswer (the update's validator).
func ValidateDiagnoseAnswer(a DiagnoseAnswer, st *AppointmentState) error {
	return contract.ValidateDiagnoseAnswer(a, st)
}

// checkInAgainst is what the update's handler re-checks under its lock.
func checkInAgainst(a CheckInAnswer, st *AppointmentState) error {
	return contract.CheckInAgainstState(a, st)
}

// diagnoseAgainst is what the update's handler re-checks under its lock.
func diagnoseAgainst(a DiagnoseAnswer, st *AppointmentState) error {
	return contract.DiagnoseAgainstState(a, st)
}

// Rejection is caller.Rejection: what a refused update returns.
func Rejection(err error) error { return caller.Rejection(err) }

// Problems is caller.Problems.
func Problems(err error) []string { return caller.Problems(err) }

// SALifecycleStage is the search attribute the workflow moves with its stage.
var SALifecycleStage = caller.SALifecycleStage

func searchAttributeUpdates(st AppointmentState, regNumberHash string) []temporal.SearchAttributeUpdate {
	return caller.SearchAttributeUpdates(st, regNumberHash)
}

func changedSearchAttributeUpdates(has temporal.SearchAttributes, st AppointmentState, regNumberHash string) []temporal.SearchAttributeUpdate {
	return caller.ChangedSearchAttributeUpdates(has, st, regNumberHash)
}

func plateSearchAttributeUpdates(st AppointmentState) []temporal.SearchAttributeUpdate {
	return caller.PlateSearchAttributeUpdates(st)
}

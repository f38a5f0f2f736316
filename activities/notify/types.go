package notify

import (
	"github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/contracts/quiethours"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// SendInput records a communication event and plans its notifications.
type SendInput struct {
	Event appointment.EventInput `json:"event"`
	// Kind selects the message template: online_check_in, diagnose_overview, repair_overview.
	Kind string `json:"kind"`
}

// SendOutput lists what the customer was shown and the receivers to deliver.
type SendOutput struct {
	EventID int `json:"event_id"`
	// ReceiverIDs are the CommunicationReceivers to deliver, one activity each.
	ReceiverIDs []int `json:"receiver_ids"`
	// ItemIDs are the check-in result or intervention IDs the customer may answer.
	ItemIDs []int `json:"item_ids"`
	// ResultIDs are the question_result_ids of the diagnose overview's
	// check results (CommunicationResult rows) the customer may answer.
	ResultIDs []int `json:"result_ids,omitempty"`
	// AgreementIDs are the agreements presented with the communication.
	AgreementIDs []int `json:"agreement_ids"`
	// Quiet is the location's quiet hours for an automated message (nil:
	// off, or a message a person sent): the workflow holds the message
	// until quiethours.NextSendTime (issue #25).
	Quiet *quiethours.Window `json:"quiet,omitempty"`
}

// DeliveryOutput is the outcome of one receiver's delivery.
type DeliveryOutput struct {
	Status enums.CommunicationReceiverStatus `json:"status"`
	Reason string                            `json:"reason,omitempty"`
}

// Message kinds passed to SendCommunication (the Kind of a SendInput).
const (
	KindOnlineCheckIn    = "online_check_in"
	KindDiagnoseOverview = "diagnose_overview"
	KindRepairOverview   = "repair_overview"
	// KindKeyLockerPIN is the key-locker drop-off PIN issued with the check-in answer.
	KindKeyLockerPIN = "key_locker_drop_pin"
	// KindDeskConfirmation confirms a desk check-in (by email, where the
	// location sends confirmation emails).
	KindDeskConfirmation = "desk_check_in_confirmation"
	// KindAnswer is a receptionist's answer in an appointment's thread
	// (two-way messages, issue #25).
	KindAnswer = "answer"
)

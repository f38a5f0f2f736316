package staff

import (
	"time"

	"github.com/pitstop-dev/pitstop/api/commread"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// The live lifecycle as GET /v1/appointments/{id}/state answers it: the
// API's own types, mapped from the workflow's state query (field names and
// shapes are what the endpoint has always answered).

// LifecycleStateView is appointment.AppointmentState as staff see it.
type LifecycleStateView struct {
	AppointmentID       int                       `json:"appointment_id"`
	DealerLocationID    int                       `json:"dealer_location_id"`
	WONr                string                    `json:"wo_nr"`
	RegNumber           string                    `json:"reg_number"`
	AppointmentAt       time.Time                 `json:"time_car_app"`
	Stage               string                    `json:"stage"`
	CommunicationID     int                       `json:"communication_id"`
	CommunicationStatus enums.CommunicationStatus `json:"communication_status"`
	StatusIdentifier    enums.StatusIdentifier    `json:"appointment_status_identifier"`
	CheckInEnabled      bool                      `json:"online_check_in_enabled"`
	CheckInDaysPrior    int                       `json:"check_in_days_prior"`
	CheckInSendAt       time.Time                 `json:"check_in_send_at"`
	DropInLocker        bool                      `json:"drop_in_acses_locker"`
	KeyDropMissed       bool                      `json:"key_drop_missed,omitempty"`
	DiagnoseSends       int                       `json:"diagnose_overview_sends"`
	RepairSends         int                       `json:"repair_overview_sends"`
	CancelReason        string                    `json:"cancel_reason,omitempty"`
	Locker              *LockerStateView          `json:"locker,omitempty"`
	History             []StageChangeView         `json:"history"`
	CheckInResultIDs    []int                     `json:"check_in_result_ids"`
	InterventionIDs     []int                     `json:"intervention_ids"`
	AgreementIDs        []int                     `json:"agreement_ids"`
	Runs                int                       `json:"runs"`
}

func lifecycleStateViewOf(e appointment.AppointmentState) LifecycleStateView {
	v := LifecycleStateView{
		AppointmentID:       e.AppointmentID,
		DealerLocationID:    e.DealerLocationID,
		WONr:                e.WONr,
		RegNumber:           e.RegNumber,
		AppointmentAt:       e.AppointmentAt,
		Stage:               string(e.Stage),
		CommunicationID:     e.CommunicationID,
		CommunicationStatus: e.CommunicationStatus,
		StatusIdentifier:    e.StatusIdentifier,
		CheckInEnabled:      e.CheckInEnabled,
		CheckInDaysPrior:    e.CheckInDaysPrior,
		CheckInSendAt:       e.CheckInSendAt,
		DropInLocker:        e.DropInLocker,
		KeyDropMissed:       e.KeyDropMissed,
		DiagnoseSends:       e.DiagnoseSends,
		RepairSends:         e.RepairSends,
		CancelReason:        e.CancelReason,
		CheckInResultIDs:    commread.NonNil(e.CheckInResultIDs),
		InterventionIDs:     commread.NonNil(e.InterventionIDs),
		AgreementIDs:        commread.NonNil(e.AgreementIDs),
		Runs:                e.Runs,
	}
	if e.Locker != nil {
		l := lockerStateViewOf(*e.Locker)
		v.Locker = &l
	}
	// Always a list: a state queried before the workflow loaded has none yet.
	v.History = make([]StageChangeView, len(e.History))
	for i, h := range e.History {
		v.History[i] = stageChangeViewOf(h)
	}
	return v
}

// StageChangeView is appointment.StageChange as staff see it.
type StageChangeView struct {
	Stage string    `json:"stage"`
	At    time.Time `json:"at"`
	Note  string    `json:"note,omitempty"`
}

func stageChangeViewOf(e appointment.StageChange) StageChangeView {
	v := StageChangeView{
		Stage: string(e.Stage),
		At:    e.At,
		Note:  e.Note,
	}
	return v
}

// LockerStateView is appointment.LockerState as staff see it.
type LockerStateView struct {
	Phase          string     `json:"phase"`
	LockerSystemID string     `json:"locker_system_id,omitempty"`
	LockerName     string     `json:"locker_name,omitempty"`
	Outcome        string     `json:"outcome,omitempty"`
	DropBookingID  string     `json:"drop_booking_id,omitempty"`
	DropCell       string     `json:"drop_cell,omitempty"`
	DropEnd        *time.Time `json:"drop_end,omitempty"`
	DroppedAt      *time.Time `json:"dropped_at,omitempty"`
	// DropAtFromCheckout: dropped_at is the checkout's time, which came
	// first; the dropoff's own time replaces it when it arrives.
	DropAtFromCheckout bool       `json:"drop_at_from_checkout,omitempty"`
	PickUpRequestedBy  int        `json:"pick_up_requested_by,omitempty"`
	PickedUpAt         *time.Time `json:"picked_up_at,omitempty"`
	PickedUpBy         int        `json:"picked_up_by,omitempty"`
	DropBackSeq        int        `json:"drop_back_seq,omitempty"`
	DropBackBookingID  string     `json:"drop_back_booking_id,omitempty"`
	DropBackBy         int        `json:"drop_back_by,omitempty"`
	DropBackCell       string     `json:"drop_back_cell,omitempty"`
	DropBackEnd        *time.Time `json:"drop_back_end,omitempty"`
	DroppedBackAt      *time.Time `json:"dropped_back_at,omitempty"`
	// DropBackAtFromCheckout: as DropAtFromCheckout, for the drop back.
	DropBackAtFromCheckout bool       `json:"drop_back_at_from_checkout,omitempty"`
	PickUpPINSent          bool       `json:"pick_up_pin_sent,omitempty"`
	AssistedBy             int        `json:"assisted_by,omitempty"`
	PickedUpBackAt         *time.Time `json:"picked_up_back_at,omitempty"`
	Events                 []string   `json:"events,omitempty"`
}

func lockerStateViewOf(e appointment.LockerState) LockerStateView {
	v := LockerStateView{
		Phase:                  string(e.Phase),
		LockerSystemID:         e.LockerSystemID,
		LockerName:             e.LockerName,
		Outcome:                e.Outcome,
		DropBookingID:          e.DropBookingID,
		DropCell:               e.DropCell,
		DropEnd:                e.DropEnd,
		DroppedAt:              e.DroppedAt,
		DropAtFromCheckout:     e.DropAtFromCheckout,
		PickUpRequestedBy:      e.PickUpRequestedBy,
		PickedUpAt:             e.PickedUpAt,
		PickedUpBy:             e.PickedUpBy,
		DropBackSeq:            e.DropBackSeq,
		DropBackBookingID:      e.DropBackBookingID,
		DropBackBy:             e.DropBackBy,
		DropBackCell:           e.DropBackCell,
		DropBackEnd:            e.DropBackEnd,
		DroppedBackAt:          e.DroppedBackAt,
		DropBackAtFromCheckout: e.DropBackAtFromCheckout,
		PickUpPINSent:          e.PickUpPINSent,
		AssistedBy:             e.AssistedBy,
		PickedUpBackAt:         e.PickedUpBackAt,
		Events:                 e.Events,
	}
	return v
}

// Package dmsimport is the contract of the DMS import workflows: their
// names and IDs, the scheduled run's input, the staff's manual commands
// (inputs and outputs) and what the status endpoint shows of a location's
// schedule. It imports only the standard library. The JSON names here are
// recorded in workflow histories: never rename one.
package dmsimport

import (
	"errors"
	"fmt"
	"time"
)

// Pinned workflow type names.
const (
	WorkflowName       = "DMSImportWorkflow"
	ManualWorkflowName = "DMSManualWorkflow"
)

// ImportInput names the location a run imports.
type ImportInput struct {
	LocationID int `json:"location_id"`
}

// ImportWorkflowID is the ID of a run started by hand (a schedule appends
// its own timestamp to ScheduleWorkflowID).
func ImportWorkflowID(locationID int, run string) string {
	return fmt.Sprintf("dms-import-%d-%s", locationID, run)
}

// ScheduleID is the Temporal Schedule of a location's import.
func ScheduleID(locationID int) string { return fmt.Sprintf("dms-import-%d", locationID) }

// ErrNoSchedule: the location has no import schedule.
var ErrNoSchedule = errors.New("no import schedule for this location")

// ScheduleStatus is what the status endpoint shows.
type ScheduleStatus struct {
	Paused      bool
	Note        string
	Every       time.Duration
	NextRuns    []time.Time
	RecentRuns  []time.Time
	RunningIDs  []string
	ActionCount int64
	Skipped     int64
}

// ManualKind is what a manual workflow does.
type ManualKind string

// Manual kinds.
const (
	ManualSearch  ManualKind = "search"
	ManualRefresh ManualKind = "refresh"
	ManualMileage ManualKind = "mileage"
)

// ManualInput is one staff command.
type ManualInput struct {
	Kind    ManualKind    `json:"kind"`
	Search  *SearchInput  `json:"search,omitempty"`
	Refresh *RefreshInput `json:"refresh,omitempty"`
	Mileage *MileageInput `json:"mileage,omitempty"`
}

// ManualOutput is its result (one of the three set).
type ManualOutput struct {
	Search  *SearchOutput  `json:"search,omitempty"`
	Refresh *ItemResult    `json:"refresh,omitempty"`
	Mileage *MileageOutput `json:"mileage,omitempty"`
}

// ItemResult is the outcome of one work order.
type ItemResult struct {
	DMSNr         string   `json:"dms_nr"`
	WONr          string   `json:"wo_nr"`
	AppointmentID int      `json:"appointment_id,omitempty"`
	Kind          string   `json:"kind"` // new, rescheduled, cancelled, changed, unchanged, refused
	Lifecycle     string   `json:"lifecycle,omitempty"`
	Errors        []string `json:"errors,omitempty"`
}

// SearchInput is a manual import from the search bar: exactly one of WONr
// and RegNr. LocationIDs are the locations the user may import into (the
// token's); a result of another location is refused, not imported.
type SearchInput struct {
	WONr        string `json:"wo_nr,omitempty"`
	RegNr       string `json:"reg_nr,omitempty"`
	LocationIDs []int  `json:"location_ids"`
	// DMSNrs, when set, imports only these of the results (the user's
	// choice); empty imports all.
	DMSNrs []string `json:"dms_nrs,omitempty"`
}

// SearchOutput lists every result and what became of it.
type SearchOutput struct {
	Items []ItemResult `json:"items"`
}

// RefreshInput is the manual refresh of one appointment's work order.
type RefreshInput struct {
	AppointmentID int `json:"appointment_id"`
}

// MileageInput is a mileage write-back: our odometer reading of the
// appointment's car.
type MileageInput struct {
	AppointmentID int `json:"appointment_id"`
	KM            int `json:"km"`
}

// MileageOutput says whether the DMS was written and why not.
type MileageOutput struct {
	Written bool   `json:"written"`
	Reason  string `json:"reason,omitempty"`
	DMSKM   int    `json:"dms_km"`
}

// DeliverWorkflowName is the pinned type of DMSDeliverWorkflow, which hands
// a Carsys push's stored changes to their lifecycle workflows.
const DeliverWorkflowName = "DMSDeliverWorkflow"

// SignalStored tells a DMSDeliverWorkflow that the push has stored its work
// orders (or given up storing them): deliver now.
const SignalStored = "stored"

// DeliverInput names the work orders whose stored changes a delivery hands
// to their lifecycle workflows: the location and the work orders' DMS keys
// (dmsstore.Key).
type DeliverInput struct {
	LocationID int      `json:"location_id"`
	Keys       []string `json:"keys"`
}

// Delivered is one change handed to its workflow.
type Delivered struct {
	AppointmentID int    `json:"appointment_id"`
	Kind          string `json:"kind"`
	Lifecycle     string `json:"lifecycle"`
}

// DeliverOutput lists what a delivery did.
type DeliverOutput struct {
	Items []Delivered `json:"items"`
}

// Package dealerevents is the contract of the delivery of the dealers'
// event stream (issue #25): the workflow names, the Temporal Schedule that
// finds locations with events to deliver, and what one delivery batch
// does. It imports only the standard library. The JSON names here are
// recorded in workflow histories: never rename one. IDs and counts only.
package dealerevents

import (
	"fmt"
	"time"
)

// Pinned workflow type names.
const (
	// DispatchWorkflowName lists the locations with events to deliver
	// and starts each one's delivery workflow (if not running).
	DispatchWorkflowName = "DealerEventsDispatchWorkflow"
	// DeliveryWorkflowName delivers one location's events in order.
	DeliveryWorkflowName = "DealerEventsDeliveryWorkflow"
)

// ScheduleID is the Temporal Schedule starting the dispatch.
const ScheduleID = "dealer-events-dispatch"

// ScheduleEvery is the dispatch's interval: an event reaches a dealer
// within about this long of its commit when the endpoint is up.
const ScheduleEvery = 30 * time.Second

// MaxAge: an event not delivered this long after it was recorded is given
// up (the dealer replays it): "retried with backoff for up to three days".
const MaxAge = 72 * time.Hour

// BatchSize is how many events one activity delivers at most.
const BatchSize = 20

// BatchesPerRun: a delivery workflow continues as new after this many.
const BatchesPerRun = 100

// DeliveryWorkflowID is the one delivery workflow of a location.
func DeliveryWorkflowID(locationID int) string {
	return fmt.Sprintf("dealer-events-%d", locationID)
}

// DeliveryInput is a location's delivery workflow's input.
type DeliveryInput struct {
	LocationID int `json:"location_id"`
	// Delivered and Expired are the totals so far (across continue-as-new).
	Delivered int `json:"delivered"`
	Expired   int `json:"expired"`
}

// Batch asks to deliver the next events of a location, in order.
type Batch struct {
	LocationID int `json:"location_id"`
	Limit      int `json:"limit"`
}

// BatchResult is what one batch did. More: events are left.
type BatchResult struct {
	Delivered int  `json:"delivered"`
	Expired   int  `json:"expired"`
	More      bool `json:"more"`
}

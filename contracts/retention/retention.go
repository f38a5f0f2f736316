// Package retention is the contract of the nightly personal-data retention
// run (issue #26): its workflow name, the Temporal Schedule that starts it,
// the cursor it continues-as-new with and what one batch does. It imports
// only the standard library. The JSON names here are recorded in workflow
// histories: never rename one. Nothing here holds personal data: IDs and
// counts only.
package retention

import (
	"fmt"
	"time"
)

// WorkflowName is the pinned workflow type name.
const WorkflowName = "RetentionWorkflow"

// ScheduleID is the one Temporal Schedule of the run (and the prefix of the
// IDs of the workflows it starts).
const ScheduleID = "personal-data-retention"

// ScheduleHourUTC is when the schedule runs, every day.
const ScheduleHourUTC = 2

// DefaultMonths is how long personal data is kept when no dealer's months
// apply: a new dealer's personal_data_retention_months (the schema's
// default), and the retention of the replies that matched no appointment
// and whose location could not be told (they belong to no dealer).
const DefaultMonths = 24

// BatchSize is how many appointments (or unmatched replies) one activity
// anonymises at most.
const BatchSize = 200

// BatchesPerRun is how many batches one run does before it continues as
// new (the history stays short whatever the backlog).
const BatchesPerRun = 50

// Counts are the run's totals so far (carried across continue-as-new).
type Counts struct {
	Batches      int `json:"batches"`
	Appointments int `json:"appointments"`
	Customers    int `json:"customers"`
	// UnmatchedReplies: replies that matched no appointment anonymised
	// (AnonymiseUnmatched batches; runs from change
	// retention-unmatched-replies on).
	UnmatchedReplies int `json:"unmatched_replies,omitempty"`
}

// Input is the run's cursor: empty from the schedule; filled when the run
// continues as new.
type Input struct {
	// Now is the run's clock reading, fixed at its first start: every batch,
	// including those after continue-as-new, measures retention from it.
	Now time.Time `json:"now,omitzero"`
	// DealerIDs are the dealers to process, in order; Next indexes the one
	// being processed.
	DealerIDs []int `json:"dealer_ids,omitempty"`
	Next      int   `json:"next"`
	// Unmatched: the current dealer's closed appointments are done; its
	// replies that matched no appointment are next.
	Unmatched bool   `json:"unmatched,omitempty"`
	Counts    Counts `json:"counts"`
	// BatchSize and BatchesPerRun: 0 means the constants (tests shorten them).
	BatchSize     int `json:"batch_size,omitempty"`
	BatchesPerRun int `json:"batches_per_run,omitempty"`
}

// Started: the dealers are listed.
func (in Input) Started() bool { return !in.Now.IsZero() }

// Batch asks to anonymise the next closed appointments (or, for
// AnonymiseUnmatched, replies that matched no appointment) of one dealer
// whose retention has passed at Now.
type Batch struct {
	DealerID int       `json:"dealer_id"`
	Now      time.Time `json:"now"`
	Limit    int       `json:"limit"`
}

// BatchResult is what one batch did. Done: fewer than Limit were left, so
// the dealer is finished (with this kind of batch).
type BatchResult struct {
	Appointments int `json:"appointments"`
	Customers    int `json:"customers"`
	// UnmatchedReplies: an AnonymiseUnmatched batch's count.
	UnmatchedReplies int  `json:"unmatched_replies,omitempty"`
	Done             bool `json:"done"`
}

// Progress is the run's progress as the Temporal UI shows it (current
// details and memo): counts and the dealer's ID, never personal data.
func Progress(in Input) string {
	dealer := "none left"
	if in.Next < len(in.DealerIDs) {
		dealer = fmt.Sprintf("dealer %d (%d of %d)", in.DealerIDs[in.Next], in.Next+1, len(in.DealerIDs))
		if in.Unmatched {
			dealer += ", unmatched replies"
		}
	}
	return fmt.Sprintf("retention at %s: %s; so far %d batches, %d appointments, %d customers and %d unmatched replies anonymised",
		in.Now.UTC().Format(time.RFC3339), dealer, in.Counts.Batches, in.Counts.Appointments, in.Counts.Customers, in.Counts.UnmatchedReplies)
}

// Cutoff is the moment before which a closed appointment of a dealer
// keeping personal data months months has passed its retention.
func Cutoff(now time.Time, months int) time.Time { return now.AddDate(0, -months, 0) }

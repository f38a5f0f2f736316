package appointment

import "go.temporal.io/sdk/workflow"

// versionEpoch: from version 1 on, a lifecycle answers every change ID of
// epochChanges (from version 2 on, of epochChanges2 too) from the table
// instead of asking the SDK, so it records one
// Version marker (and one TemporalChangeVersion search-attribute upsert, a
// visibility write on the server) instead of one per change ID it meets:
// a plain check-in recorded three (issue #24). setup asks for it first,
// in every run (continued-as-new runs too).
//
// Why it is deterministic: a history recorded before the epoch has no
// marker for it, so its replay answers DefaultVersion and each change is
// decided by its own marker, as before. A new run (not a replay) would
// have got each change's maxSupported from the SDK anyway, and that is
// what the table holds; its replay finds the epoch marker at 1 and answers
// the same versions from the table.
//
// Besides, from the epoch on a run upserts at its start only the search
// attributes it does not have yet (upsertSearchAttributes): a DMS start
// carries them all, the plate's hash included (caller.SteerFromDMS), so a
// check-in records no upsert for them either.
const versionEpoch = "appointment-epoch"

// epochChanges freezes the change IDs covered by the epoch at the versions
// a run under the epoch takes, without a marker: each is the ID's
// maxSupported when the epoch was introduced. Never bump the maxSupported
// of a covered ID (runs under the epoch recorded no marker for it, so
// their replay would take the table's version whatever the history says)
// and never remove an entry: a later behaviour change of a covered path
// takes a new change ID, asked through w.getVersion as usual (not in this
// table). workflows/changeids_test.go fails when a covered ID's
// maxSupported in the code differs from its version here.
var epochChanges = map[string]workflow.Version{
	versionHandlersFirst:           1,
	versionRegNumberHash:           1,
	versionKioskCheckIn:            1,
	versionOpenedFirst:             1,
	versionPINNotification:         1,
	versionFollowUps:               1,
	versionAnswerLocal:             1,
	versionAnswerAfterUpdate:       1,
	versionAnswerCheckFromWorkflow: 1,
	versionAutoSendDiagnose:        1,
	versionAcsesLocker:             1,
	versionDropTimeFromDropoff:     1,
	versionAcsesDropPIN:            1,
	versionMoveKeyInside:           1,
	versionKeyLockerPickUpPIN:      1,
	versionLockerExpiryWarning:     1,
	versionQuietHours:              1,
	versionCarReady:                1,
	versionFeedbackInvitation:      1,
}

// epochChanges2 freezes, for runs under the epoch at version 2 (new runs
// from then on), the change IDs added after the epoch's version 1, as
// epochChanges does for version 1 (and under the same rules): a run under
// version 1 asks the SDK for these, with a marker, as it would have
// without the epoch. Bumping the epoch's maxSupported with a new table is
// how a later change keeps new runs at one Version marker.
var epochChanges2 = map[string]workflow.Version{
	versionDeliverTogether: 1,
}

// getVersion is workflow.GetVersion for the lifecycle's change IDs: under
// the epoch, a covered change ID answers its table version without a marker
// (see versionEpoch); any other asks the SDK. Every change of this package
// other than the epoch goes through it.
func (w *appointment) getVersion(ctx workflow.Context, changeID string, minSupported, maxSupported workflow.Version) workflow.Version {
	if w.epoch >= 1 {
		if v, ok := epochChanges[changeID]; ok {
			return v
		}
	}
	if w.epoch >= 2 {
		if v, ok := epochChanges2[changeID]; ok {
			return v
		}
	}
	return workflow.GetVersion(ctx, changeID, minSupported, maxSupported)
}

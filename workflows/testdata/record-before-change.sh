#!/bin/sh
# Records a history that takes the old (DefaultVersion) branch of a change
# ID, as a workflow started before the change replays it. Replaying it fails
# if the change's workflow.GetVersion guard is removed; a history recorded
# from the current code alone does not (the SDK skips version markers it
# finds no GetVersion call for).
#
#   workflows/testdata/record-before-change.sh CHANGE_ID E2E_TEST
#   e.g. workflows/testdata/record-before-change.sh key-locker-pick-up-pin TestKeyLockerDeviceJourney
#
# It copies the module to a scratch directory, makes the version calls of
# CHANGE_ID (workflow.GetVersion, or a workflow's w.getVersion) answer
# workflow.DefaultVersion there, and runs E2E_TEST with
# PITSTOP_RECORD_BEFORE=CHANGE_ID: the test's recordBeforeChange call writes
# the history into this directory and ends the test (skipped).
#
# A change ID an epoch covers (in a package's epochChanges table, e.g.
# workflows/appointment/epoch.go) only ever took its DefaultVersion branch
# in runs started before the epoch: the scratch copy then makes the epoch
# answer workflow.DefaultVersion too, so the history is one of those runs.
set -eu
id=$1
test=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
const=$(grep -rhoE "^[[:space:]]*(const )?[A-Za-z_]+ *= *\"$id\"" "$root/workflows" --include='*.go' |
	sed -E 's/^[[:space:]]*(const )?([A-Za-z_]+).*/\2/' | head -n1)
[ -n "$const" ] || { echo "no constant with value \"$id\" under workflows/" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
(cd "$root" && tar --exclude=.git --exclude=./bin --exclude=./.tools -cf - .) | (cd "$scratch" && tar -xf -)
# defaultVersion CONST: the version calls of CONST answer DefaultVersion.
defaultVersion() {
	call="(workflow\.GetVersion|w\.getVersion)\(ctx, $1, workflow\.DefaultVersion, [0-9]+\)"
	n=$(grep -rlE "$call" "$scratch/workflows" --include='*.go' | wc -l)
	[ "$n" -gt 0 ] || { echo "no GetVersion or getVersion call with $1" >&2; exit 1; }
	grep -rlE "$call" "$scratch/workflows" --include='*.go' | xargs sed -i -E "s/$call/workflow.DefaultVersion/g"
}
defaultVersion "$const"
if grep -rqE "^[[:space:]]*$const:[[:space:]]*[0-9]+,?[[:space:]]*\$" "$scratch/workflows" --include='*.go'; then
	echo "$id is covered by an epoch: recording a run from before the epoch" >&2
	defaultVersion versionEpoch
fi
cd "$scratch"
export GOFLAGS="${GOFLAGS:--trimpath}" # -trimpath: the scratch copy shares the build cache
PITSTOP_RECORD_BEFORE=$id PITSTOP_RECORD_DIR=$here go test ./e2e/ -run "^$test\$" -count=1 -v 2>&1 | grep -E "recorded|Error|^(--- |ok|FAIL)"

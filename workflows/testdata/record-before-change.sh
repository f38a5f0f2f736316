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
# It copies the module to a scratch directory, makes the GetVersion calls of
# CHANGE_ID answer workflow.DefaultVersion there, and runs E2E_TEST with
# PITSTOP_RECORD_BEFORE=CHANGE_ID: the test's recordBeforeChange call writes
# the history into this directory and ends the test (skipped).
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
n=$(grep -rlE "workflow\.GetVersion\(ctx, $const, workflow\.DefaultVersion, [0-9]+\)" "$scratch/workflows" --include='*.go' | wc -l)
[ "$n" -gt 0 ] || { echo "no GetVersion call with $const" >&2; exit 1; }
grep -rlE "workflow\.GetVersion\(ctx, $const, workflow\.DefaultVersion, [0-9]+\)" "$scratch/workflows" --include='*.go' |
	xargs sed -i -E "s/workflow\.GetVersion\(ctx, $const, workflow\.DefaultVersion, [0-9]+\)/workflow.DefaultVersion/g"
cd "$scratch"
export GOFLAGS="${GOFLAGS:--trimpath}" # -trimpath: the scratch copy shares the build cache
PITSTOP_RECORD_BEFORE=$id PITSTOP_RECORD_DIR=$here go test ./e2e/ -run "^$test\$" -count=1 -v 2>&1 | grep -E "recorded|Error|^(--- |ok|FAIL)"

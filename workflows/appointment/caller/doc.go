// Package caller is how the API, the DMS import and the dev stack start and
// message the appointment's lifecycle through a Temporal client: starts,
// DMS steering, search attributes, and the rejection errors of its updates.
// It imports the contract (contracts/appointment) and the Temporal SDK,
// never the workflow or its activities, so a caller depends on neither.
package caller

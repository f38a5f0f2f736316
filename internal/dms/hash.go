package dms

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// hashVersion changes whenever the hashed shape changes, so stored hashes
// of an older shape read as "changed" (one re-import) rather than colliding.
const hashVersion = "dms-workorder-v1\n"

// Hash is a stable content hash of a valid w: equal work orders hash equal across
// processes and releases of the same hashVersion, and any change to any
// field changes it. An importer stores it with the appointment and skips a
// work order whose hash it has already imported.
//
// It is SHA-256 over hashVersion and w's JSON encoding (struct fields in
// declaration order, no maps, shortest round-trip floats), written as
// "sha256:<hex>". Order matters: interventions or elements the DMS reorders
// count as a change, because their order is shown to the customer.
func (w *WorkOrder) Hash() string {
	b, err := json.Marshal(w)
	if err != nil {
		// Only NaN or ±Inf prices fail to encode; Validate refuses those, and
		// a work order that is not imported needs no "unchanged" check. ""
		// never equals a stored hash.
		return ""
	}
	h := sha256.New()
	h.Write([]byte(hashVersion))
	h.Write(b)
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

package enums

// Our extensions of the spec's enumerations (x-pitstop-extension in
// api/openapi.yaml). They live here, not in the generated spec.go.

// RoleIDKiosk is a self-service kiosk in a location's showroom (issue #23).
// The spec names kiosks (KioskName, KioskID) but has no RoleID for their
// accounts; like the counter tablet (100), each kiosk signs in as a user of
// its own, of exactly one location.
const RoleIDKiosk RoleID = 120

func init() {
	roleIDDescriptions[RoleIDKiosk] = `Self-service kiosk of one location (Pitstop extension)`
	RoleIDValues = append(RoleIDValues, RoleIDKiosk)
}

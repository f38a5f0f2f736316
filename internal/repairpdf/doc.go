// Package repairpdf renders the repair overview PDF a customer downloads via
// POST /v1/repair_overview/download: what was carried out on the car, what was
// not (with the customer's decision) and, when the location enables it, the
// totals of the carried-out work.
//
// Pricing choice: an item with HidePrice is still charged. Its price is only
// masked on its line ("—") and is included in the totals, because hiding a
// price (lease, internal or warranty interventions) is a display setting of
// the location, not a discount. Consequence: when every carried-out price is
// hidden (typically a lease appointment) the total reveals them, so callers
// hiding all prices should also leave ShowTotals off.
package repairpdf

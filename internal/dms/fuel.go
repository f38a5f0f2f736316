package dms

import "strings"

// Fuel is the car's fuel as stored in car.fuel. The spec gives no list; these
// are the kinds Dutch, Belgian, French and German DMSs report.
type Fuel string

// Known fuels.
const (
	FuelPetrol       Fuel = "petrol"
	FuelDiesel       Fuel = "diesel"
	FuelLPG          Fuel = "lpg"
	FuelCNG          Fuel = "cng"
	FuelElectric     Fuel = "electric"
	FuelHybrid       Fuel = "hybrid"
	FuelPlugInHybrid Fuel = "plug_in_hybrid"
	FuelHydrogen     Fuel = "hydrogen"
	FuelOther        Fuel = "other"
)

// FuelValues lists every known Fuel.
var FuelValues = []Fuel{FuelPetrol, FuelDiesel, FuelLPG, FuelCNG, FuelElectric, FuelHybrid, FuelPlugInHybrid, FuelHydrogen, FuelOther}

// Valid reports whether f is a known fuel.
func (f Fuel) Valid() bool {
	for _, v := range FuelValues {
		if f == v {
			return true
		}
	}
	return false
}

var fuelSpellings = map[string]Fuel{
	"petrol": FuelPetrol, "gasoline": FuelPetrol, "benzine": FuelPetrol, "benzin": FuelPetrol, "essence": FuelPetrol, "b": FuelPetrol,
	"diesel": FuelDiesel, "d": FuelDiesel, "gasoil": FuelDiesel,
	"lpg": FuelLPG, "autogas": FuelLPG, "gpl": FuelLPG,
	"cng": FuelCNG, "aardgas": FuelCNG, "erdgas": FuelCNG,
	"electric": FuelElectric, "elektrisch": FuelElectric, "elektro": FuelElectric, "electrique": FuelElectric, "électrique": FuelElectric, "ev": FuelElectric, "bev": FuelElectric, "e": FuelElectric,
	"hybrid": FuelHybrid, "hybride": FuelHybrid, "hev": FuelHybrid,
	"plug_in_hybrid": FuelPlugInHybrid, "plug-in hybrid": FuelPlugInHybrid, "plug-in hybride": FuelPlugInHybrid, "phev": FuelPlugInHybrid,
	"hydrogen": FuelHydrogen, "waterstof": FuelHydrogen, "wasserstoff": FuelHydrogen, "h2": FuelHydrogen,
	"other": FuelOther, "overig": FuelOther, "anders": FuelOther,
}

// ParseFuel normalises a DMS's spelling ("Benzine", "PHEV", ...) to a Fuel.
// ok is false for an unknown spelling; "" is absent (ok, "").
func ParseFuel(s string) (Fuel, bool) {
	k := strings.ToLower(strings.TrimSpace(s))
	if k == "" {
		return "", true
	}
	f, ok := fuelSpellings[k]
	return f, ok
}

// NormaliseFuel returns the Fuel for a known spelling and s unchanged
// otherwise, so Validate names the unknown value.
func NormaliseFuel(s string) string {
	if f, ok := ParseFuel(s); ok {
		return string(f)
	}
	return s
}

// Package currency names the currency a dealer location prices in. The
// vendor documents carry prices without a currency; a location's country
// decides it. Most of Pitstop's dealers are in the euro area, so a country
// not listed here (or none) prices in euros.
package currency

import "strings"

// byCountry is every European country Pitstop may serve that does not
// price in euros (ISO 3166-1 alpha-2 to ISO 4217). The customer page
// carries the same table in JavaScript (api/customerpage: a test keeps
// them equal).
var byCountry = map[string]string{
	"GB": "GBP", "CH": "CHF", "LI": "CHF", "DK": "DKK", "SE": "SEK", "NO": "NOK",
	"IS": "ISK", "PL": "PLN", "CZ": "CZK", "HU": "HUF", "RO": "RON",
}

// Euro is the currency of every other country.
const Euro = "EUR"

// Of is the ISO 4217 code of the currency prices are in at a location in
// country (ISO 3166-1 alpha-2, any case, spaces ignored).
func Of(country string) string {
	if c, ok := byCountry[strings.ToUpper(strings.TrimSpace(country))]; ok {
		return c
	}
	return Euro
}

// Table is a copy of the countries that do not price in euros, with their
// currencies.
func Table() map[string]string {
	out := make(map[string]string, len(byCountry))
	for k, v := range byCountry {
		out[k] = v
	}
	return out
}

// Symbol is how a printed amount names code: the sign where the PDF's
// fonts have one (€, £), otherwise the code itself.
func Symbol(code string) string {
	switch code {
	case Euro:
		return "€"
	case "GBP":
		return "£"
	default:
		return code
	}
}

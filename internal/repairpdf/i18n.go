package repairpdf

import (
	"strings"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// labels holds every fixed text of the document for one language.
type labels struct {
	title, workOrder, date, customer, vehicle, regNumber, vin, mileage string
	done, notDone, description, priceIncl, priceExcl, decision         string
	declined, contactMe, noAnswer, approved, noItems, mechanicNotes    string
	net, vat, gross, page                                              string // page: "Page %d of %d"
	signed                                                             string // "Signed at the desk by %s, %s"
	months                                                             [12]string
	dayFirstDot                                                        bool // German "24. November 2026"
	decimal, thousands                                                 string
	euroBefore                                                         bool
}

var catalog = map[enums.LanguageCode]*labels{
	enums.LanguageCodeEnGB: {
		title: "Repair overview", workOrder: "Work order", date: "Appointment date",
		customer: "Customer", vehicle: "Vehicle", regNumber: "Registration", vin: "VIN", mileage: "Mileage",
		done: "Work carried out", notDone: "Not carried out", description: "Description",
		priceIncl: "Price incl. VAT", priceExcl: "Price excl. VAT", decision: "Your decision",
		declined: "Declined", contactMe: "Asked to be contacted", noAnswer: "No answer", approved: "Approved",
		noItems: "No items.", mechanicNotes: "Mechanic's notes",
		net: "Subtotal excl. VAT", vat: "VAT %s%%", gross: "Total incl. VAT", page: "Page %d of %d",
		signed:  "Signed at the desk by %s, %s",
		months:  [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		decimal: ".", thousands: ",", euroBefore: true,
	},
	enums.LanguageCodeNlNL: {
		title: "Reparatieoverzicht", workOrder: "Werkorder", date: "Afspraakdatum",
		customer: "Klant", vehicle: "Voertuig", regNumber: "Kenteken", vin: "VIN", mileage: "Kilometerstand",
		done: "Uitgevoerde werkzaamheden", notDone: "Niet uitgevoerd", description: "Omschrijving",
		priceIncl: "Prijs incl. btw", priceExcl: "Prijs excl. btw", decision: "Uw keuze",
		declined: "Afgewezen", contactMe: "Graag contact", noAnswer: "Geen antwoord", approved: "Akkoord",
		noItems: "Geen items.", mechanicNotes: "Opmerking monteur",
		net: "Subtotaal excl. btw", vat: "Btw %s%%", gross: "Totaal incl. btw", page: "Pagina %d van %d",
		signed:  "Ondertekend aan de balie door %s, %s",
		months:  [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
		decimal: ",", thousands: ".", euroBefore: true,
	},
	enums.LanguageCodeFrFR: {
		title: "Récapitulatif des travaux", workOrder: "Ordre de réparation", date: "Date du rendez-vous",
		customer: "Client", vehicle: "Véhicule", regNumber: "Immatriculation", vin: "VIN", mileage: "Kilométrage",
		done: "Travaux effectués", notDone: "Travaux non effectués", description: "Description",
		priceIncl: "Prix TTC", priceExcl: "Prix HT", decision: "Votre décision",
		declined: "Refusé", contactMe: "Souhaite être contacté", noAnswer: "Sans réponse", approved: "Accepté",
		noItems: "Aucun élément.", mechanicNotes: "Remarques du mécanicien",
		net: "Total HT", vat: "TVA %s %%", gross: "Total TTC", page: "Page %d sur %d",
		signed:  "Signé à l'accueil par %s, le %s",
		months:  [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		decimal: ",", thousands: "\u00a0",
	},
	enums.LanguageCodeDeDE: {
		title: "Reparaturübersicht", workOrder: "Auftragsnummer", date: "Termin",
		customer: "Kunde", vehicle: "Fahrzeug", regNumber: "Kennzeichen", vin: "FIN", mileage: "Kilometerstand",
		done: "Durchgeführte Arbeiten", notDone: "Nicht durchgeführt", description: "Beschreibung",
		priceIncl: "Preis inkl. MwSt.", priceExcl: "Preis zzgl. MwSt.", decision: "Ihre Entscheidung",
		declined: "Abgelehnt", contactMe: "Rückruf gewünscht", noAnswer: "Keine Antwort", approved: "Zugestimmt",
		noItems: "Keine Positionen.", mechanicNotes: "Anmerkung des Mechanikers",
		net: "Summe netto", vat: "MwSt. %s %%", gross: "Gesamt inkl. MwSt.", page: "Seite %d von %d",
		signed:      "Am Empfang unterschrieben von %s, %s",
		months:      [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
		dayFirstDot: true, decimal: ",", thousands: ".",
	},
}

// labelsFor falls back on the primary subtag (nl-BE -> nl-NL) and then on
// en-GB, so an unexpected language still yields a readable document.
func labelsFor(lang enums.LanguageCode) *labels {
	if l, ok := catalog[lang]; ok {
		return l
	}
	prefix, _, _ := strings.Cut(strings.ToLower(string(lang)), "-")
	for code, l := range catalog {
		if p, _, _ := strings.Cut(strings.ToLower(string(code)), "-"); p == prefix {
			return l
		}
	}
	return catalog[enums.LanguageCodeEnGB]
}

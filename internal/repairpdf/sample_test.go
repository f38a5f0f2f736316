package repairpdf

import (
	"time"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// sample is a realistic overview shared by the tests.
func sample(lang enums.LanguageCode) Overview {
	return Overview{
		Language: lang,
		Dealer: Party{
			DealerName: "Garage Müller & Söhne", LocationName: "Düsseldorf-Süd",
			Street: "Königsallee 12", PostalCode: "40212", City: "Düsseldorf", Country: "Deutschland",
			Phone: "+49 211 123456", Email: "service@mueller.example", Website: "www.mueller.example",
		},
		Customer: "Zoë Éléonore van Dijk",
		Car:      Car{Make: "Volkswagen", Model: "Golf 8 Variant", RegNumber: "D-AB 1234", VIN: "WVWZZZ1KZAW000001", Mileage: 84213},
		WONr:     "WO-2026-04711",
		Date:     time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC),
		Items: []Item{
			{Title: "Oil service", Description: "Engine oil 5W-30 and oil filter replaced.", Price: 189.5, Fixed: true},
			{Title: "Brake pads front", Description: "Front brake pads worn down to 2 mm, replaced with OEM pads. Brake discs measured within tolerance.", MechanicNotes: "Discs at 24.1 mm, minimum 23 mm: check again at next service.", Price: 245, Fixed: true},
			{Title: "Warranty: window regulator", Description: "Rear left window regulator replaced under warranty.", Price: 0, Fixed: true, HidePrice: true},
			{Title: "Tyres rear", Description: "Rear tyres at 2.5 mm tread depth.", Price: 412.8, CustomerDecision: enums.CommunicationResultStatusDecline},
			{Title: "Wiper blades", Price: 39.95, CustomerDecision: enums.CommunicationResultStatusContactMe},
			{Title: "Air-conditioning service", Description: "Refill and disinfect the A/C system.", Price: 129, CustomerDecision: enums.CommunicationResultStatusUnanswered},
		},
		VATPercent:       21,
		PricesIncludeVAT: true,
		ShowTotals:       true,
		Headline:         "Thank you for your visit. Below is an overview of the work on your car.",
		Footer:           "Questions about this overview? Call us on +49 211 123456. Prices in euro.",
		Color:            "#1f6feb",
	}
}

package repairpdf

import (
	"time"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Overview is everything printed on a repair overview. Plain data, no JSON:
// callers map their models (CommunicationSetting, Intervention, ...) into it.
type Overview struct {
	Language enums.LanguageCode
	Dealer   Party
	Customer string // display name
	Car      Car
	WONr     string
	Date     time.Time // appointment date
	Items    []Item

	VATPercent       float64 // e.g. 21
	PricesIncludeVAT bool    // CommunicationSetting.IncludeVAT
	ShowTotals       bool    // CommunicationSetting.TotalPDFEnabled

	Headline, Footer string
	Color            string // "#1f6feb" from CommunicationSetting.Color

	// Signature is the customer's signature of an answered desk check-in
	// (nil: none), printed under the items with who signed and when.
	Signature *Signature
}

// Signature is a customer's signature image (PNG) with its signer and time.
type Signature struct {
	PNG  []byte
	Name string
	At   time.Time
}

// Party is the dealer location the overview comes from.
type Party struct {
	DealerName, LocationName       string
	Street, PostalCode, City       string
	Country, Phone, Email, Website string
}

// Car is the vehicle the work order is about.
type Car struct {
	Make, Model, RegNumber, VIN string
	Mileage                     int // km; 0 means unknown
}

// Item is one intervention. Fixed items are "carried out"; the others are
// listed with the customer's decision.
type Item struct {
	Title, Description, MechanicNotes string
	Price                             float64
	Fixed                             bool
	CustomerDecision                  enums.CommunicationResultStatus
	HidePrice                         bool // shown as "—" but still charged
	// Photo is the mechanic's photo of the check result the item came from
	// (nil: none). JPEG and PNG print; anything else, or an image the PDF
	// cannot take, is left out rather than failing the document.
	Photo []byte
}

// Options tunes rendering. Compression off makes the text greppable in tests.
type Options struct {
	Compress bool
}

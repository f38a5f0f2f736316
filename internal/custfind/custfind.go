// Package custfind finds one customer of a dealer for the privacy requests
// of issue #26 (the export in internal/custexport, the erasure in
// internal/custerase): by row ID, by phone number (E.164) or by e-mail
// address, among the customers of the dealer's own locations only. It only
// reads.
//
// Choices:
//   - A customer of another dealer is not found.
//   - A phone number or e-mail address held by several customer rows (the
//     same person imported at two locations, or a family sharing a number)
//     finds them all; the caller says so.
//   - Stored phone numbers are as the DMS gave them; each is normalised in
//     its location's country before it is compared (a scan of the dealer's
//     customers that have a phone number: an admin request, not a hot path).
package custfind

import (
	"context"
	"errors"
	"strings"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/customer"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/internal/phone"
)

// ErrNotFound: no customer of the dealer matches.
var ErrNotFound = errors.New("customer not found")

// Invalid is a selector that cannot be used; Problems are in the caller's words.
type Invalid struct{ Problems []string }

func (e *Invalid) Error() string { return strings.Join(e.Problems, "; ") }

// Selector finds the customer: exactly one of its fields is set.
type Selector struct {
	CustomerID int
	Phone      string // E.164, e.g. +31612345678
	Email      string
}

// Kind names the selector's field: "customer_id", "phone" or "email".
func (s Selector) Kind() string {
	switch {
	case s.CustomerID != 0:
		return "customer_id"
	case s.Email != "":
		return "email"
	}
	return "phone"
}

// Check reports the selector's problems (none or two selectors, a phone
// number not in E.164).
func (s Selector) Check() error {
	n := 0
	if s.CustomerID != 0 {
		n++
	}
	if s.Phone != "" {
		n++
	}
	if s.Email != "" {
		n++
	}
	switch {
	case n == 0:
		return &Invalid{[]string{"give one of customer_id, phone or email"}}
	case n > 1:
		return &Invalid{[]string{"give only one of customer_id, phone or email"}}
	case s.CustomerID < 0:
		return &Invalid{[]string{"customer_id: must be a positive number"}}
	case s.Phone != "":
		if !strings.HasPrefix(s.Phone, "+") {
			return &Invalid{[]string{"phone: must be in E.164 form, e.g. +31612345678"}}
		}
		if _, err := phone.Normalize(s.Phone, ""); err != nil {
			return &Invalid{[]string{"phone: " + err.Error()}}
		}
	case s.Email != "":
		if len(s.Email) > 320 || !strings.Contains(s.Email, "@") {
			return &Invalid{[]string{"email: not an e-mail address"}}
		}
	}
	return nil
}

// Found is what Find found: the dealer's locations and the customer rows.
type Found struct {
	// LocationIDs are the dealer's locations; Country their country codes.
	LocationIDs []int
	Country     map[int]string
	// Customers are the rows matched, by ID; FoundBy is the selector's kind.
	Customers []*ent.Customer
	FoundBy   string
}

// IDs are the customers' row IDs.
func (f *Found) IDs() []int {
	ids := make([]int, len(f.Customers))
	for i, c := range f.Customers {
		ids[i] = c.ID
	}
	return ids
}

// Find checks sel and finds its customers among dealerID's: *Invalid for a
// bad selector, ErrNotFound when none matches.
func Find(ctx context.Context, db *ent.Client, dealerID int, sel Selector) (*Found, error) {
	if err := sel.Check(); err != nil {
		return nil, err
	}
	locs, err := db.DealerLocation.Query().Where(dealerlocation.DealerID(dealerID)).All(ctx)
	if err != nil {
		return nil, err
	}
	if len(locs) == 0 {
		return nil, ErrNotFound
	}
	f := &Found{Country: map[int]string{}, FoundBy: sel.Kind()}
	for _, l := range locs {
		f.LocationIDs = append(f.LocationIDs, l.ID)
		f.Country[l.ID] = l.Country
	}
	if f.Customers, err = find(ctx, db, f.LocationIDs, f.Country, sel); err != nil {
		return nil, err
	}
	if len(f.Customers) == 0 {
		return nil, ErrNotFound
	}
	return f, nil
}

func find(ctx context.Context, db *ent.Client, locIDs []int, country map[int]string, sel Selector) ([]*ent.Customer, error) {
	q := db.Customer.Query().Where(customer.DealerLocationIDIn(locIDs...)).Order(ent.Asc(customer.FieldID))
	switch {
	case sel.CustomerID != 0:
		return q.Where(customer.ID(sel.CustomerID)).All(ctx)
	case sel.Email != "":
		e := strings.TrimSpace(sel.Email)
		return q.Where(customer.Or(customer.EmailPrivateEqualFold(e), customer.EmailBusinessEqualFold(e))).All(ctx)
	}
	want, _ := phone.Normalize(sel.Phone, "")
	cands, err := q.Where(customer.Or(customer.TelMobilePrivateNEQ(""), customer.TelMobileBusinessNEQ(""),
		customer.TelPrivateNrNEQ(""), customer.TelBusinessNrNEQ(""))).All(ctx)
	if err != nil {
		return nil, err
	}
	var out []*ent.Customer
	for _, c := range cands {
		for _, p := range Phones(c) {
			if n, err := phone.Normalize(p, country[c.DealerLocationID]); err == nil && n == want {
				out = append(out, c)
				break
			}
		}
	}
	return out, nil
}

// Phones are a customer's four phone numbers as stored.
func Phones(c *ent.Customer) []string {
	return []string{c.TelMobilePrivate, c.TelMobileBusiness, c.TelPrivateNr, c.TelBusinessNr}
}

// Contacts are phone numbers (E.164) and e-mail addresses (lower case), to
// tell a customer's messages from those of another party.
type Contacts map[string]bool

// ContactsOf are the customers' own contacts.
func (f *Found) ContactsOf() Contacts {
	m := Contacts{}
	for _, c := range f.Customers {
		for _, p := range Phones(c) {
			m.addPhone(p, f.Country[c.DealerLocationID])
		}
		for _, e := range []string{c.EmailPrivate, c.EmailBusiness} {
			m.Add("", e, "")
		}
	}
	return m
}

func (m Contacts) addPhone(p, region string) {
	if n, err := phone.Normalize(p, region); err == nil {
		m[n] = true
	}
}

// Add adds a phone number (normalised in region) and an e-mail address;
// either may be empty.
func (m Contacts) Add(phoneNr, email, region string) {
	m.addPhone(phoneNr, region)
	if e := strings.ToLower(strings.TrimSpace(email)); e != "" {
		m[e] = true
	}
}

// Has reports whether dest (a message's destination) is one of the contacts.
func (m Contacts) Has(dest, region string) bool {
	if m[strings.ToLower(strings.TrimSpace(dest))] {
		return true
	}
	n, err := phone.Normalize(dest, region)
	return err == nil && m[n]
}

// Copy is a copy of m, to add an appointment's corrected contacts to.
func (m Contacts) Copy() Contacts {
	c := make(Contacts, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

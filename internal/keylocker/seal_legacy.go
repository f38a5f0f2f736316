package keylocker

import (
	"context"

	"entgo.io/ent/dialect/sql"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/booking"
	"github.com/pitstop-dev/pitstop/ent/keylockercommunication"
	"github.com/pitstop-dev/pitstop/internal/keylocker/seal"
)

// unsealed matches a column holding a value written in clear before
// sealing (not empty, not sealed); it compares the stored text itself.
func unsealed(column string) func(*sql.Selector) {
	return func(s *sql.Selector) {
		s.Where(sql.And(sql.NEQ(s.C(column), ""), sql.Not(sql.HasPrefix(s.C(column), seal.Prefix))))
	}
}

// SealLegacy rewrites sealed the key-locker PINs and ACSES door codes
// stored in clear before they were sealed (internal/keylocker/seal), and
// reports how many rows it sealed. A clear value reads as is until then,
// but a look-up by PIN compares sealed forms, so every process that opens
// the database runs this first (package app). Running it again, or in two
// processes at once, writes the same sealed values: sealing is
// deterministic.
func SealLegacy(ctx context.Context, db *ent.Client) (int, error) {
	n := 0
	kls, err := db.KeyLockerCommunication.Query().Where(unsealed(keylockercommunication.FieldPin)).All(ctx)
	if err != nil {
		return n, err
	}
	for _, k := range kls {
		if err := db.KeyLockerCommunication.UpdateOneID(k.ID).SetPin(k.Pin).Exec(ctx); err != nil {
			return n, err
		}
		n++
	}
	bs, err := db.Booking.Query().Where(unsealed(booking.FieldCode)).All(ctx)
	if err != nil {
		return n, err
	}
	for _, b := range bs {
		if err := db.Booking.UpdateOneID(b.ID).SetCode(b.Code).Exec(ctx); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

package e2e

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/stretchr/testify/require"

	pitenums "github.com/pitstop-dev/pitstop/internal/enums"
)

// The API checks every token's user (exists, active, the token's role and
// locations are the user's), so tests mint tokens only for real users: the
// seeded ones (s.Token, s.Demo.TabletID) or one made here.

var staffUsers atomic.Int32

// staffToken creates a real active user with role and locations (of the
// demo dealer, or of no dealer for the platform roles) and mints its token.
func (s *stack) staffToken(role pitenums.RoleID, locations ...int) string {
	s.t.Helper()
	return s.token(s.staffUser(role, locations...), locations, role, time.Hour, time.Now())
}

// staffUser creates a real active user with role and locations; see staffToken.
func (s *stack) staffUser(role pitenums.RoleID, locations ...int) int {
	s.t.Helper()
	ctx := context.Background()
	n := staffUsers.Add(1)
	c := s.DB.User.Create().SetFirstName("Test").SetLastName(fmt.Sprintf("User %d", n)).
		SetEmail(fmt.Sprintf("staff-%d@e2e.pitstop.local", n)).SetRoleID(role).SetLocationIds(locations).
		SetIsCounterTabletUser(role == pitenums.RoleIDCounterTablet)
	if len(locations) > 0 {
		c.SetDealerLocationID(locations[0])
	}
	switch role {
	case pitenums.RoleIDTopLevel, pitenums.RoleIDClaireAdmin, pitenums.RoleIDSupportAdmin:
	default:
		loc, err := s.DB.DealerLocation.Get(ctx, s.Demo.LocationID)
		require.NoError(s.t, err)
		c.SetDealerID(loc.DealerID)
	}
	u, err := c.Save(ctx)
	require.NoError(s.t, err)
	return u.ID
}

// otherLocation creates another location of the demo dealer, with nothing
// in it, and returns its ID.
func (s *stack) otherLocation() int {
	s.t.Helper()
	ctx := context.Background()
	demo, err := s.DB.DealerLocation.Get(ctx, s.Demo.LocationID)
	require.NoError(s.t, err)
	l, err := s.DB.DealerLocation.Create().SetDealerID(demo.DealerID).SetName("Elsewhere").SetCountry("NL").
		SetLanguageCode(pitenums.LanguageCodeEnGB).SetActive(true).Save(ctx)
	require.NoError(s.t, err)
	return l.ID
}

// elsewhereToken is a real receptionist's token for another location of
// the demo dealer: it may act on none of the demo location's data.
func (s *stack) elsewhereToken() string {
	s.t.Helper()
	return s.staffToken(pitenums.RoleIDReceptionist, s.otherLocation())
}

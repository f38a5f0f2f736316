package workshop

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// Location is what the mechanic's screen (/workshop/) needs of a location
// to list today's cars: its name, and its time zone and language (today and
// the appointments' times are the workshop's, whatever zone the phone is
// set to). The staff appointment list, which a mechanic may read, carries
// neither, and the admin location read needs admin.dealer.
type Location struct {
	ID           int                `json:"id"`
	Name         string             `json:"name"`
	TimeZone     string             `json:"time_zone"`
	LanguageCode enums.LanguageCode `json:"language_code"`
	Country      string             `json:"country"`
}

// maxLocations bounds the platform roles' list (they see every location).
const maxLocations = 200

// locations: GET /v1/workshop/locations, the caller's locations (one read):
// those its token names; every location (the first maxLocations by name)
// for the platform roles, who act on all.
func (h *Handlers) locations(c *gin.Context) error {
	cl := httpx.Claims(c)
	q := h.core.DB.Client.DealerLocation.Query()
	if !httpx.PlatformRole(cl.RoleID) {
		q = q.Where(dealerlocation.IDIn(cl.LocationIDs...))
	}
	rows, err := q.Order(ent.Asc(dealerlocation.FieldName), ent.Asc(dealerlocation.FieldID)).Limit(maxLocations).All(c.Request.Context())
	if err != nil {
		return httpx.Internal(err)
	}
	out := make([]Location, 0, len(rows))
	for _, l := range rows {
		out = append(out, Location{ID: l.ID, Name: l.Name, TimeZone: l.TimeZone, LanguageCode: l.LanguageCode, Country: l.Country})
	}
	c.JSON(http.StatusOK, gin.H{"locations": out})
	return nil
}

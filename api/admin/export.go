package admin

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/internal/custexport"
)

// exportCustomer answers GET /v1/admin/customers/export (Pitstop
// extension, issue #26): everything the dealer holds on one customer, found
// by exactly one of customer_id, phone (E.164) or email. The caller's own
// dealer unless dealer_id names another it administers (platform roles);
// a customer of a dealer the caller does not administer is not found.
// Attachment URLs in the document are signed for commread.AttachmentURLTTL.
func (h *Handlers) exportCustomer(c *gin.Context) error {
	q := c.Request.URL.Query()
	var problems []string
	for k, v := range q {
		switch k {
		case "customer_id", "phone", "email", "dealer_id":
			if len(v) > 1 {
				problems = append(problems, k+": give it once")
			}
		default:
			problems = append(problems, k+": unknown parameter")
		}
	}
	sel := custexport.Selector{Phone: strings.TrimSpace(q.Get("phone")), Email: strings.TrimSpace(q.Get("email"))}
	if s := q.Get("customer_id"); s != "" {
		id, err := strconv.Atoi(s)
		if err != nil || id <= 0 {
			problems = append(problems, "customer_id: must be a positive number")
		} else {
			sel.CustomerID = id
		}
	}
	dealerID := httpx.Claims(c).DealerID
	if s := q.Get("dealer_id"); s != "" {
		id, err := strconv.Atoi(s)
		if err != nil || id <= 0 {
			problems = append(problems, "dealer_id: must be a positive number")
		}
		dealerID = id
	}
	if len(problems) > 0 {
		return httpx.Invalid(problems...)
	}
	if err := sel.Check(); err != nil {
		return exported(err)
	}
	if dealerID == 0 {
		return httpx.Invalid("dealer_id: required for a platform role")
	}
	if !httpx.CanAdminDealer(c, dealerID) {
		return httpx.NotFound("customer not found")
	}
	doc, err := custexport.Export(c.Request.Context(), h.DB.Client, dealerID, sel, custexport.Options{APIBaseURL: h.APIBaseURL, Now: h.Now})
	if err != nil {
		return exported(err)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return httpx.Internal(err)
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "application/json; charset=utf-8", commread.NewReader(h.Deps).SignDocument(b))
	return nil
}

func exported(err error) error {
	var inv *custexport.Invalid
	switch {
	case errors.As(err, &inv):
		return httpx.Invalid(inv.Problems...)
	case errors.Is(err, custexport.ErrNotFound):
		return httpx.NotFound("customer not found")
	default:
		return httpx.Internal(err)
	}
}

package customer

import (
	"context"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/api/httpx"

	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/deskcommunication"
	"github.com/pitstop-dev/pitstop/ent/deskcommunicationevent"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/questionresultimage"
	"github.com/pitstop-dev/pitstop/internal/deskcheckin"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/files"
	"github.com/pitstop-dev/pitstop/internal/repairpdf"
)

// downloadRepairOverview: POST /v1/repair_overview/download returns the PDF
// of what was done and not done, once the repair overview has been sent.
func (h *Handlers) downloadRepairOverview(c *gin.Context) error {
	var req keyRequest
	if err := httpx.Decode(c, &req); err != nil {
		return err
	}
	com, _, err := h.byKey(c, req.value())
	if err != nil {
		return err
	}
	if com.Status != enums.CommunicationStatusRepairOverviewSent && com.Status != enums.CommunicationStatusRepairOverviewOpened {
		return httpx.Invalid("the repair overview has not been sent yet")
	}
	ov, wo, err := h.repairOverview(c, com)
	if err != nil {
		return httpx.Internal(err)
	}
	pdf, err := repairpdf.Render(ov)
	if err != nil {
		return httpx.Internal(err)
	}
	c.Header("Content-Disposition", `attachment; filename="repair-overview-`+safeFileName(wo)+`.pdf"`)
	c.Data(http.StatusOK, "application/pdf", pdf)
	return nil
}

func (h *Handlers) repairOverview(c *gin.Context, com *ent.CustomerCommunication) (repairpdf.Overview, string, error) {
	ap, err := h.DB.Appointment.Query().Where(entappointment.ID(com.AppointmentID)).
		WithCar().WithCustomerDriver().
		WithLocation(func(q *ent.DealerLocationQuery) { q.WithSetting().WithDealer() }).
		WithInterventions(func(q *ent.InterventionQuery) {
			q.Where(intervention.VisibleToCustomer(true), intervention.DmsDeleted(false)).Order(ent.Asc(intervention.FieldID))
		}).Only(c.Request.Context())
	if err != nil {
		return repairpdf.Overview{}, "", err
	}
	loc := ap.Edges.Location
	set := loc.Edges.Setting
	if set == nil {
		set = &ent.CommunicationSetting{Vat: loc.Vat, IncludeVat: loc.IncludeVat}
	}
	ov := repairpdf.Overview{
		Language: loc.LanguageCode, WONr: ap.WoNr, Date: inZone(ap.TimeCarApp, loc.TimeZone),
		VATPercent: set.Vat, PricesIncludeVAT: set.IncludeVat, ShowTotals: set.TotalPdfEnabled,
		Headline: loc.Headline, Footer: loc.Footerline, Color: set.Color,
		Dealer: repairpdf.Party{LocationName: loc.Name, Street: loc.Street, PostalCode: loc.PostalCode, City: loc.City,
			Country: loc.Country, Phone: loc.PhoneNr, Email: set.Email, Website: set.Website},
		Car: repairpdf.Car{Make: ap.CarMake, Model: ap.CarModel, RegNumber: ap.RegNumber, VIN: ap.Vin, Mileage: ap.CurrentKm},
	}
	if loc.Edges.Dealer != nil {
		ov.Dealer.DealerName = loc.Edges.Dealer.Name
	}
	if cu := ap.Edges.CustomerDriver; cu != nil {
		ov.Customer = strings.TrimSpace(strings.Join([]string{cu.Title, cu.FirstName, cu.Surname}, " "))
	}
	for _, iv := range ap.Edges.Interventions {
		hide := commread.KindHidesPrice(set, ap, iv)
		it := repairpdf.Item{Title: iv.Title, Description: iv.Description, MechanicNotes: iv.MechanicNotes,
			Price: iv.Price, Fixed: iv.MechanicFixed, CustomerDecision: iv.CommunicationResultStatus, HidePrice: hide}
		if iv.QuestionResultID != nil {
			if it.Photo, err = h.resultPhoto(c.Request.Context(), *iv.QuestionResultID); err != nil {
				return repairpdf.Overview{}, "", err
			}
		}
		ov.Items = append(ov.Items, it)
	}
	if ov.Signature, err = h.deskSignature(c.Request.Context(), ap.ID, loc.TimeZone); err != nil {
		return repairpdf.Overview{}, "", err
	}
	return ov, ap.WoNr, nil
}

// deskSignature is the customer's signature of the appointment's latest
// answered desk check-in (or check-out) that has one (nil: none).
func (h *Handlers) deskSignature(ctx context.Context, appointmentID int, zone string) (*repairpdf.Signature, error) {
	ev, err := h.DB.DeskCommunicationEvent.Query().Where(deskcommunicationevent.SignatureFileIDNotNil(),
		deskcommunicationevent.HasDeskCommunicationWith(deskcommunication.AppointmentID(appointmentID))).
		Order(ent.Desc(deskcommunicationevent.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(files.Open(ctx, h.DB.Client, *ev.SignatureFileID), deskcheckin.MaxSignatureBytes+1))
	if err != nil || len(b) > deskcheckin.MaxSignatureBytes {
		return nil, err
	}
	return &repairpdf.Signature{PNG: b, Name: ev.CustomerName, At: inZone(ev.CreatedAt, zone)}, nil
}

// maxPDFPhoto bounds the photo read into memory for one item of the PDF
// (inspectphotos takes up to 15 MB; a larger one is left out).
const maxPDFPhoto = 16 << 20

// resultPhoto is the first active photo, meant for the PDF, of the check
// result an intervention was made from (nil: none).
func (h *Handlers) resultPhoto(ctx context.Context, questionResultID int) ([]byte, error) {
	img, err := h.DB.QuestionResultImage.Query().Where(questionresultimage.QuestionResultID(questionResultID),
		questionresultimage.Active(true), questionresultimage.VisibleInPdf(true)).Order(ent.Asc(questionresultimage.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(files.Open(ctx, h.DB.Client, img.UploadedFileID), maxPDFPhoto+1))
	if err != nil || len(b) > maxPDFPhoto {
		return nil, err
	}
	return b, nil
}

func safeFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
			return r
		}
		return '_'
	}, s)
}

// inZone is t in the workshop's time zone (the PDF's date is the one the
// customer was told); an unknown zone keeps t as stored.
func inZone(t time.Time, zone string) time.Time {
	if tz, err := time.LoadLocation(zone); err == nil {
		return t.In(tz)
	}
	return t
}

package commread

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/google/uuid"
	"golang.org/x/sync/errgroup"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	entappointment "github.com/pitstop-dev/pitstop/ent/appointment"
	"github.com/pitstop-dev/pitstop/ent/checkinremark"
	"github.com/pitstop-dev/pitstop/ent/checkinresult"
	"github.com/pitstop-dev/pitstop/ent/communicationevent"
	"github.com/pitstop-dev/pitstop/ent/communicationresult"
	"github.com/pitstop-dev/pitstop/ent/customercommunicationagreement"
	"github.com/pitstop-dev/pitstop/ent/dealerlocation"
	"github.com/pitstop-dev/pitstop/ent/diagnoseoverviewremark"
	"github.com/pitstop-dev/pitstop/ent/feedback"
	"github.com/pitstop-dev/pitstop/ent/intervention"
	"github.com/pitstop-dev/pitstop/ent/interventionelement"
	"github.com/pitstop-dev/pitstop/ent/questionresultimage"
	"github.com/pitstop-dev/pitstop/ent/questionresultvideo"
	"github.com/pitstop-dev/pitstop/ent/uploadedfile"
	"github.com/pitstop-dev/pitstop/internal/dms/dmsstore"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/routes"
)

// Assemble builds a communication's document afresh from the read
// model's tables (about a dozen queries, run concurrently: SQLite, with one
// connection, runs them in turn). The read path serves a stored copy of it
// (Reader.Document); this is what that copy must always equal. apiBaseURL
// is the API's public URL, which the mechanic's photos' and videos' URLs
// start with.
func Assemble(ctx context.Context, db *ent.Client, apiBaseURL string, comID int) (*CommunicationDocument, error) {
	com, err := db.CustomerCommunication.Get(ctx, comID)
	if err != nil {
		return nil, err
	}
	var (
		ap      *ent.Appointment
		loc     *ent.DealerLocation
		ivs     []*ent.Intervention
		rec     *ent.User
		events  []*ent.CommunicationEvent
		results []*ent.CheckInResult
		cirs    []*ent.CheckInRemark
		dors    []*ent.DiagnoseOverviewRemark
		crs     []*ent.CommunicationResult
		images  map[int][]QuestionResultImageView
		videos  map[int][]QuestionResultVideoView
		agrs    []*ent.CustomerCommunicationAgreement
		fb      *ent.Feedback
	)
	g := new(errgroup.Group)
	g.Go(func() (err error) {
		ap, err = db.Appointment.Query().Where(entappointment.ID(com.AppointmentID)).
			WithCar().WithCustomerDriver().WithCustomerOwner().WithCustomerContract().Only(ctx)
		return err
	})
	g.Go(func() (err error) {
		loc, err = db.DealerLocation.Query().Where(dealerlocation.ID(com.DealerLocationID)).WithSetting().WithDealer().Only(ctx)
		return err
	})
	g.Go(func() (err error) {
		// What the customer may see: visible, not deleted in the DMS.
		ivs, err = db.Intervention.Query().Where(intervention.AppointmentID(com.AppointmentID), intervention.VisibleToCustomer(true),
			intervention.DmsDeleted(false)).Order(ent.Asc(intervention.FieldID)).
			WithElements(func(q *ent.InterventionElementQuery) { q.Order(ent.Asc(interventionelement.FieldID)) }).All(ctx)
		return err
	})
	if com.ReceptionistID != nil {
		g.Go(func() (err error) {
			rec, err = db.User.Get(ctx, *com.ReceptionistID)
			if ent.IsNotFound(err) {
				return nil
			}
			return err
		})
	}
	g.Go(func() (err error) {
		events, err = com.QueryEvents().Order(ent.Asc(communicationevent.FieldID)).All(ctx)
		return err
	})
	g.Go(func() (err error) {
		results, err = com.QueryCheckInResults().Order(ent.Asc(checkinresult.FieldID)).All(ctx)
		return err
	})
	g.Go(func() (err error) {
		cirs, err = com.QueryCheckInRemarks().Order(ent.Asc(checkinremark.FieldID)).
			WithAttachments(func(q *ent.CheckInAttachmentQuery) { q.Order(ent.Asc("id")) }).All(ctx)
		return err
	})
	g.Go(func() (err error) {
		dors, err = com.QueryDiagnoseOverviewRemarks().Order(ent.Asc(diagnoseoverviewremark.FieldID)).
			WithAttachments(func(q *ent.DiagnoseOverviewAttachmentQuery) { q.Order(ent.Asc("id")) }).All(ctx)
		return err
	})
	g.Go(func() (err error) {
		crs, err = com.QueryResults().Order(ent.Asc(communicationresult.FieldID)).All(ctx)
		if err != nil {
			return err
		}
		images, videos, err = resultMedia(ctx, db, apiBaseURL, crs)
		return err
	})
	g.Go(func() (err error) {
		agrs, err = com.QueryAgreements().Order(ent.Asc(customercommunicationagreement.FieldID)).WithAgreement().All(ctx)
		return err
	})
	g.Go(func() (err error) {
		fb, err = db.Feedback.Query().Where(feedback.AppointmentID(com.AppointmentID)).Only(ctx)
		if ent.IsNotFound(err) {
			return nil
		}
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	d := &CommunicationDocument{
		ID: com.ID, Version: com.Version, CorrectPhone: com.CorrectPhone, CorrectEmail: com.CorrectEmail,
		CustomerID: com.CustomerID, AppointmentID: &com.AppointmentID, CarID: com.CarID, ReceptionistID: com.ReceptionistID,
		DealerLocationID: &com.DealerLocationID, Note: com.Note,
		Results: []CommunicationResultView{}, DiagnoseOverviewResults: []CommunicationResultView{},
		CheckInRemarks: []CheckInRemarkView{}, DiagnoseOverviewRemarks: []DiagnoseOverviewRemarkView{},
		CheckInResults: []CheckInResultView{}, Agreements: []AgreementView{}, Events: []EventView{},
	}
	var err2 error
	must := func(dst, src any) {
		if err2 == nil {
			err2 = MapFields(dst, src)
		}
	}

	// The appointment with its relations at the spec's names.
	av := &AppointmentView{Interventions: []InterventionView{}, DiagnoseOverviewResults: []CommunicationResultView{},
		RepairOverviewResults: []CommunicationResultView{}}
	shallowAp := *ap
	shallowAp.Edges = ent.AppointmentEdges{}
	must(av, &shallowAp)
	av.CustomcomID, av.CustomcomStatus = &com.ID, int(com.Status)
	av.CustomcomCorrectPhone, av.CustomcomCorrectEmail, av.CustomcomCustomerID = com.CorrectPhone, com.CorrectEmail, com.CustomerID
	av.CustomerDriver = customerView(ap.Edges.CustomerDriver, must)
	av.CustomerOwner = customerView(ap.Edges.CustomerOwner, must)
	av.CustomerContract = customerView(ap.Edges.CustomerContract, must)
	if ap.Edges.Car != nil {
		av.Car = &CarView{}
		car := *ap.Edges.Car
		car.Edges = ent.CarEdges{}
		must(av.Car, &car)
	}
	for _, iv := range ivs {
		v := InterventionView{Elements: []InterventionElementView{}, Attachments: []InterventionAttachmentView{},
			CheckInAttachments: []CheckInAttachmentView{}, DiagnoseOverviewAttachments: []DiagnoseOverviewAttachmentView{}}
		shallow := *iv
		shallow.Edges = ent.InterventionEdges{}
		must(&v, &shallow)
		for _, el := range iv.Edges.Elements {
			var ev InterventionElementView
			el := *el
			el.Edges = ent.InterventionElementEdges{}
			must(&ev, &el)
			ev.InterventionDMSNr = iv.DmsNr
			v.Elements = append(v.Elements, ev)
		}
		av.Interventions = append(av.Interventions, v)
		if iv.CustomerOk && !iv.MechanicFixed {
			av.NumApprovedItemsNotFixed++
		}
	}

	// The location, and the setting with the location's fields.
	lv := &DealerLocationView{DMSCapabilityIDs: []int{}, AutoUnpinAppointmentStatuses: []int{}}
	shallowLoc := *loc
	shallowLoc.Edges = ent.DealerLocationEdges{}
	must(lv, &shallowLoc)
	// The password itself is never served (ent marks it sensitive); the
	// spec's flag says whether one is set.
	lv.HasAcsesPassword = loc.AcsesPassword != ""
	sv := &SettingView{}
	// The setting as it was when the communication was last sent: a dealer's
	// later change never alters what the customer already saw.
	if st := SettingsAsSent(com, loc.Edges.Setting); st != nil {
		shallowSt := *st
		shallowSt.Edges = ent.CommunicationSettingEdges{}
		must(sv, &shallowSt)
	} else {
		sv.DealerLocationID = &loc.ID
	}
	if dl := loc.Edges.Dealer; dl != nil {
		lv.DealerName, sv.DealerName = dl.Name, dl.Name
		av.DealerName, av.DomainName = dl.Name, dl.DomainName
	}
	av.LocationName, av.LocationPhone = loc.Name, loc.PhoneNr
	// Derived from what the read model holds (the spec's Appointment
	// carries them precomputed): the location's commercial name, the
	// owner's name, the plate without separators (as the DMS import stores
	// it), whether the car is in the shop now, the receptionist's name.
	av.DealerCommercialName = loc.CommercialName
	if o := ap.Edges.CustomerOwner; o != nil {
		av.CustomerOwnerName = strings.TrimSpace(o.FirstName + " " + o.Surname)
	}
	if av.RegNumberEscaped == "" {
		av.RegNumberEscaped = dmsstore.EscapeReg(ap.RegNumber)
	}
	av.IsCarInShop = ap.CarInShop != nil && ap.CarOutOfShop == nil
	if rec != nil {
		av.LastReceptionistName = strings.TrimSpace(rec.FirstName + " " + rec.LastName)
		av.LastReceptionistProfilePicture = rec.ProfilePicture
	}
	sv.LocationName, sv.LocationStreet, sv.LocationPostalCode = loc.Name, loc.Street, loc.PostalCode
	sv.LocationCity, sv.LocationCountry = loc.City, loc.Country
	av.DealerLocation = lv
	d.Appointment, d.Settings = av, sv
	d.Customer = av.CustomerDriver
	d.Car = av.Car

	if rec != nil {
		d.Receptionist = &ReceptionistView{ID: rec.ID, FirstName: rec.FirstName, LastName: rec.LastName,
			ProfilePicture: rec.ProfilePicture, LanguageCode: string(rec.LanguageCode), DealerID: &rec.DealerID, DealerLocationID: &rec.DealerLocationID}
	}
	evIDs := make([]int, len(events))
	for i, e := range events {
		evIDs[i] = e.ID
	}
	lists, err := ReadEventLists(ctx, db, evIDs)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		v := EventView{EventListsView: lists.Of(e.ID)}
		must(&v, e)
		d.Events = append(d.Events, v)
	}
	for _, r := range results {
		var v CheckInResultView
		must(&v, r)
		d.CheckInResults = append(d.CheckInResults, v)
	}
	for _, r := range cirs {
		v := CheckInRemarkView{Attachments: []CheckInAttachmentView{}}
		shallow := *r
		shallow.Edges = ent.CheckInRemarkEdges{}
		must(&v, &shallow)
		for _, a := range r.Edges.Attachments {
			var av CheckInAttachmentView
			must(&av, a)
			v.Attachments = append(v.Attachments, av)
		}
		d.CheckInRemarks = append(d.CheckInRemarks, v)
	}
	for _, r := range dors {
		v := DiagnoseOverviewRemarkView{Attachments: []DiagnoseOverviewAttachmentView{}}
		shallow := *r
		shallow.Edges = ent.DiagnoseOverviewRemarkEdges{}
		must(&v, &shallow)
		for _, a := range r.Edges.Attachments {
			var av DiagnoseOverviewAttachmentView
			must(&av, a)
			v.Attachments = append(v.Attachments, av)
		}
		d.DiagnoseOverviewRemarks = append(d.DiagnoseOverviewRemarks, v)
	}
	for _, r := range crs {
		v := CommunicationResultView{QuestionOptions: []QuestionOptionView{}, Images: NonNil(images[r.QuestionResultID]),
			Videos: NonNil(videos[r.QuestionResultID])}
		shallow := *r
		shallow.QuestionOptions = nil // names in the row, QuestionOption models in the view
		shallow.Edges = ent.CommunicationResultEdges{}
		must(&v, &shallow)
		for i, name := range r.QuestionOptions {
			v.QuestionOptions = append(v.QuestionOptions, QuestionOptionView{ID: i + 1, Name: name, Value: true})
		}
		d.Results = append(d.Results, v)
		if r.Kind == "diagnose" {
			d.DiagnoseOverviewResults = append(d.DiagnoseOverviewResults, v)
			if r.Status == enums.CommunicationResultStatusAgree {
				av.RepairOverviewResults = append(av.RepairOverviewResults, v)
			}
		}
	}
	av.DiagnoseOverviewResults = append(av.DiagnoseOverviewResults, d.DiagnoseOverviewResults...)
	for _, a := range agrs {
		v, ok, err := AgreementOf(a)
		if err != nil {
			return nil, err
		}
		if ok {
			d.Agreements = append(d.Agreements, v)
		}
	}
	d.Feedback = feedbackView(ap, loc.Edges.Setting, fb)
	if err2 != nil {
		return nil, err2
	}
	return d, nil
}

// feedbackView is the feedback question of the appointment: asked once
// the lifecycle completed (the car picked up, or closed after the repair
// overview: what FeedbackWorkflow accepts) at a location that asks it
// (its setting now, as the pick-up's invitation read it); an answer given
// is shown whatever the setting says since.
func feedbackView(ap *ent.Appointment, set *ent.CommunicationSetting, fb *ent.Feedback) *FeedbackView {
	if fb != nil {
		score, at := fb.Score, fb.AnsweredAt.UTC()
		return &FeedbackView{Score: &score, Comment: fb.Comment, AnsweredAt: &at}
	}
	if ap.LifecycleStage != string(appointment.StageCompleted) || set == nil || !set.FeedbackQuestionEnabled {
		return nil
	}
	return &FeedbackView{}
}

// resultMedia reads the active photos and the active, visible videos of the
// results' question results, by question result, with their bare
// attachment URLs (Reader.SignDocument signs them when read). They are
// written while the check is open, before its results are published, so
// the CommunicationResult rows that show them always come later.
func resultMedia(ctx context.Context, db *ent.Client, apiBaseURL string, crs []*ent.CommunicationResult) (map[int][]QuestionResultImageView, map[int][]QuestionResultVideoView, error) {
	var qrIDs []int
	for _, r := range crs {
		if r.QuestionResultID != 0 {
			qrIDs = append(qrIDs, r.QuestionResultID)
		}
	}
	images, videos := map[int][]QuestionResultImageView{}, map[int][]QuestionResultVideoView{}
	if len(qrIDs) == 0 {
		return images, videos, nil
	}
	imgs, err := db.QuestionResultImage.Query().Where(questionresultimage.QuestionResultIDIn(qrIDs...), questionresultimage.Active(true)).
		Order(ent.Asc(questionresultimage.FieldID)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	vids, err := db.QuestionResultVideo.Query().Where(questionresultvideo.QuestionResultIDIn(qrIDs...), questionresultvideo.Active(true),
		questionresultvideo.Visible(true)).Order(ent.Asc(questionresultvideo.FieldID)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	var fileIDs []uuid.UUID
	for _, i := range imgs {
		fileIDs = append(fileIDs, i.UploadedFileID)
	}
	for _, v := range vids {
		fileIDs = append(fileIDs, v.UploadedFileID)
	}
	if len(fileIDs) == 0 {
		return images, videos, nil
	}
	fs, err := db.UploadedFile.Query().Where(uploadedfile.IDIn(fileIDs...)).Select(uploadedfile.FieldName).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := map[uuid.UUID]string{}
	for _, f := range fs {
		names[f.ID] = f.Name
	}
	link := func(id uuid.UUID) string {
		return apiBaseURL + routes.AttachmentPath + id.String() + "/" + url.PathEscape(names[id])
	}
	for _, i := range imgs {
		images[i.QuestionResultID] = append(images[i.QuestionResultID], QuestionResultImageView{ID: i.ID, URL: link(i.UploadedFileID),
			Active: i.Active, VisibleInPDF: i.VisibleInPdf, TyrePosition: int(i.TyrePosition), QuestionResultID: i.QuestionResultID})
	}
	for _, v := range vids {
		videos[v.QuestionResultID] = append(videos[v.QuestionResultID], QuestionResultVideoView{ID: v.ID, URL: link(v.UploadedFileID),
			Active: v.Active, Visible: v.Visible, QuestionResultID: v.QuestionResultID})
	}
	return images, videos, nil
}

func customerView(c *ent.Customer, must func(dst, src any)) *CustomerView {
	if c == nil {
		return nil
	}
	v := &CustomerView{}
	shallow := *c
	shallow.Edges = ent.CustomerEdges{}
	must(v, &shallow)
	return v
}

// MapFields copies an ent row's columns into the API type by their JSON names
// (the ent schema names its columns after the spec's fields): what the API
// type does not declare (internal columns, secrets, edges) is dropped, what
// the row lacks stays the zero value.
func MapFields(dst, src any) error {
	b, err := json.Marshal(src)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, dst); err != nil {
		return fmt.Errorf("mapping %T to %T: %w", src, dst, err)
	}
	return nil
}

// NonNil makes an absent list encode as [] rather than null.
func NonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/messagetemplate"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/messages"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// A location's own message templates: per kind, language and channel, read
// the default and the override, save (checked: unknown placeholders and
// templates that fail to render are refused now, never at send time),
// preview with sample data (and the SMS's segments), reset to the default.
// Sending uses the override, else the default (activities/notify).

func (s *Server) templateRoutes(admin *gin.RouterGroup) {
	admin.GET("/templates/placeholders", s.templatePlaceholders)
	admin.GET("/locations/:location_id/templates/:kind/:lang", s.getTemplates)
	admin.PUT("/locations/:location_id/templates/:kind/:lang", s.saveTemplates)
	admin.DELETE("/locations/:location_id/templates/:kind/:lang", s.resetTemplates)
	admin.POST("/locations/:location_id/templates/:kind/:lang/preview", s.previewTemplates)
}

// PlaceholderView documents one placeholder.
type PlaceholderView struct {
	Name        string   `json:"name"`
	Syntax      string   `json:"syntax"`
	Description string   `json:"description"`
	Channels    []string `json:"channels"`
	Kinds       []string `json:"kinds"`
}

// PlaceholdersResponse lists what templates may use.
type PlaceholdersResponse struct {
	Kinds        []string          `json:"kinds"`
	Channels     []string          `json:"channels"`
	Languages    []string          `json:"languages"`
	Placeholders []PlaceholderView `json:"placeholders"`
}

func (s *Server) templatePlaceholders(c *gin.Context) {
	out := PlaceholdersResponse{}
	for _, k := range messages.Kinds {
		out.Kinds = append(out.Kinds, string(k))
	}
	for _, ch := range messages.Channels {
		out.Channels = append(out.Channels, string(ch))
	}
	for _, l := range messages.Supported() {
		out.Languages = append(out.Languages, string(l))
	}
	for _, p := range messages.Placeholders {
		v := PlaceholderView{Name: p.Name, Syntax: "{{." + p.Name + "}}", Description: p.Description, Channels: []string{}, Kinds: []string{}}
		for _, ch := range p.Channels {
			v.Channels = append(v.Channels, string(ch))
		}
		for _, k := range p.Kinds {
			v.Kinds = append(v.Kinds, string(k))
		}
		out.Placeholders = append(out.Placeholders, v)
	}
	c.JSON(http.StatusOK, out)
}

// templateParams reads :location_id, :kind and :lang.
func (s *Server) templateParams(c *gin.Context) (*ent.DealerLocation, messages.Kind, enums.LanguageCode, bool) {
	loc, ok := s.locationParam(c)
	if !ok {
		return nil, "", "", false
	}
	kind, lang := messages.Kind(c.Param("kind")), enums.LanguageCode(c.Param("lang"))
	var p []string
	if !kind.Valid() {
		p = append(p, "kind: must be one of "+strings.Join(kindNames(), ", "))
	}
	if !slices.Contains(messages.Supported(), lang) {
		p = append(p, "lang: must be one of en-GB, nl-NL, fr-FR, de-DE")
	}
	if len(p) > 0 {
		invalid(c, p...)
		return nil, "", "", false
	}
	return loc, kind, lang, true
}

func kindNames() []string {
	var out []string
	for _, k := range messages.Kinds {
		out = append(out, string(k))
	}
	return out
}

// TemplateChannelView is one channel: its default, the location's override
// (null when none) and what is used when sending.
type TemplateChannelView struct {
	Channel   string  `json:"channel"`
	Default   string  `json:"default"`
	Override  *string `json:"override"`
	Effective string  `json:"effective"`
}

// TemplatesView is every channel of one kind and language at one location.
type TemplatesView struct {
	DealerLocationID int                   `json:"dealer_location_id"`
	Kind             string                `json:"kind"`
	LanguageCode     string                `json:"language_code"`
	Channels         []TemplateChannelView `json:"channels"`
}

func (s *Server) overridesOf(c *gin.Context, locID int, kind messages.Kind, lang enums.LanguageCode) (messages.Overrides, bool) {
	rows, err := s.DB.MessageTemplate.Query().Where(messagetemplate.DealerLocationID(locID), messagetemplate.Kind(string(kind)),
		messagetemplate.LanguageCode(lang)).All(c.Request.Context())
	if err != nil {
		internal(c, err)
		return nil, false
	}
	ov := messages.Overrides{}
	for _, r := range rows {
		ov[messages.Channel(r.Channel)] = r.Body
	}
	return ov, true
}

func (s *Server) templatesView(c *gin.Context, loc *ent.DealerLocation, kind messages.Kind, lang enums.LanguageCode) {
	ov, ok := s.overridesOf(c, loc.ID, kind, lang)
	if !ok {
		return
	}
	out := TemplatesView{DealerLocationID: loc.ID, Kind: string(kind), LanguageCode: string(lang)}
	for _, ch := range messages.Channels {
		def, err := messages.Default(kind, lang, ch)
		if err != nil {
			internal(c, err)
			return
		}
		v := TemplateChannelView{Channel: string(ch), Default: def, Effective: def}
		if body, ok := ov[ch]; ok {
			v.Override, v.Effective = &body, body
		}
		out.Channels = append(out.Channels, v)
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) getTemplates(c *gin.Context) {
	if loc, kind, lang, ok := s.templateParams(c); ok {
		s.templatesView(c, loc, kind, lang)
	}
}

// TemplatesRequest sets the overrides of the channels it names
// (email_subject, email_html, email_text, sms).
type TemplatesRequest struct {
	EmailSubject *string `json:"email_subject"`
	EmailHTML    *string `json:"email_html"`
	EmailText    *string `json:"email_text"`
	SMS          *string `json:"sms"`
}

func (r TemplatesRequest) overrides() messages.Overrides {
	ov := messages.Overrides{}
	for ch, v := range map[messages.Channel]*string{messages.EmailSubject: r.EmailSubject, messages.EmailHTML: r.EmailHTML,
		messages.EmailText: r.EmailText, messages.SMS: r.SMS} {
		if v != nil {
			ov[ch] = *v
		}
	}
	return ov
}

func checkOverrides(kind messages.Kind, ov messages.Overrides) []string {
	var p []string
	for _, ch := range messages.Channels {
		if src, ok := ov[ch]; ok {
			p = append(p, messages.CheckOverride(kind, ch, src)...)
		}
	}
	return p
}

func (s *Server) saveTemplates(c *gin.Context) {
	loc, kind, lang, ok := s.templateParams(c)
	if !ok {
		return
	}
	var req TemplatesRequest
	if !decodeStrict(c, &req) {
		return
	}
	ov := req.overrides()
	if len(ov) == 0 {
		invalid(c, "name at least one of email_subject, email_html, email_text, sms")
		return
	}
	if p := checkOverrides(kind, ov); len(p) > 0 {
		invalid(c, p...)
		return
	}
	ctx := c.Request.Context()
	uid := claimsOf(c).UserID
	err := store.WithTx(ctx, s.DB.Client, func(tx *ent.Tx) error {
		for ch, body := range ov {
			err := tx.MessageTemplate.Create().SetDealerLocationID(loc.ID).SetKind(string(kind)).SetLanguageCode(lang).
				SetChannel(string(ch)).SetBody(body).SetUpdatedBy(uid).
				OnConflictColumns(messagetemplate.FieldDealerLocationID, messagetemplate.FieldKind, messagetemplate.FieldLanguageCode, messagetemplate.FieldChannel).
				Update(func(u *ent.MessageTemplateUpsert) { u.UpdateBody().UpdateUpdatedBy().UpdateUpdatedAt() }).Exec(ctx)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		internal(c, err)
		return
	}
	s.templatesView(c, loc, kind, lang)
}

// resetTemplates deletes the overrides (?channel=sms for one channel only).
func (s *Server) resetTemplates(c *gin.Context) {
	loc, kind, lang, ok := s.templateParams(c)
	if !ok {
		return
	}
	q := s.DB.MessageTemplate.Delete().Where(messagetemplate.DealerLocationID(loc.ID), messagetemplate.Kind(string(kind)),
		messagetemplate.LanguageCode(lang))
	if ch := c.Query("channel"); ch != "" {
		if !messages.Channel(ch).Valid() {
			invalid(c, "channel: must be one of email_subject, email_html, email_text, sms")
			return
		}
		q = q.Where(messagetemplate.Channel(ch))
	}
	if _, err := q.Exec(c.Request.Context()); err != nil {
		internal(c, err)
		return
	}
	s.templatesView(c, loc, kind, lang)
}

// PreviewResponse is a message rendered with sample data.
type PreviewResponse struct {
	Subject     string `json:"subject"`
	HTML        string `json:"html"`
	Text        string `json:"text"`
	SMS         string `json:"sms"`
	SMSEncoding string `json:"sms_encoding"`
	SMSChars    int    `json:"sms_characters"`
	SMSSegments int    `json:"sms_segments"`
}

// previewTemplates renders the saved templates, or the drafts in the body
// (same shape as a save, not stored), with sample data and the location's
// name, colour and welcome text.
func (s *Server) previewTemplates(c *gin.Context) {
	loc, kind, lang, ok := s.templateParams(c)
	if !ok {
		return
	}
	ov, ok := s.overridesOf(c, loc.ID, kind, lang)
	if !ok {
		return
	}
	if c.Request.ContentLength != 0 {
		var req TemplatesRequest
		if !decodeStrict(c, &req) {
			return
		}
		drafts := req.overrides()
		if p := checkOverrides(kind, drafts); len(p) > 0 {
			invalid(c, p...)
			return
		}
		for ch, v := range drafts {
			ov[ch] = v
		}
	}
	d := messages.SampleData(lang)
	d.LocationName = loc.Name
	if dl, err := s.DB.Dealer.Get(c.Request.Context(), loc.DealerID); err == nil {
		d.DealerName = dl.Name
	}
	if cs, err := settingOf(c, s.DB.Client, loc); err == nil {
		d.Color, d.WelcomeText, d.Logo = cs.Color, cs.WelcomeText, loc.Logo
		if cs.PhoneNumber != "" {
			d.LocationPhone = cs.PhoneNumber
		}
	}
	m, err := messages.RenderWith(kind, d, ov)
	if err != nil {
		invalid(c, "the template does not render: "+err.Error())
		return
	}
	seg := messages.SMSSegments(m.SMS)
	c.JSON(http.StatusOK, PreviewResponse{Subject: m.Subject, HTML: m.HTML, Text: m.Text, SMS: m.SMS,
		SMSEncoding: seg.Encoding, SMSChars: seg.Characters, SMSSegments: seg.Segments})
}

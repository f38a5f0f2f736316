package admin

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/messagetemplate"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/messages"
	"github.com/pitstop-dev/pitstop/internal/onboard"
)

// A location's own message templates: per kind, language and channel, read
// the default and the override, save (checked: unknown placeholders and
// templates that fail to render are refused now, never at send time),
// preview with sample data (and the SMS's segments), reset to the default.
// Sending uses the override, else the default (activities/notify).

func (h *Handlers) templateRoutes(admin *gin.RouterGroup) {
	admin.GET("/templates/placeholders", httpx.Handle(h.templatePlaceholders))
	admin.GET("/locations/:location_id/templates/:kind/:lang", httpx.Handle(h.getTemplates))
	admin.PUT("/locations/:location_id/templates/:kind/:lang", httpx.Handle(h.saveTemplates))
	admin.DELETE("/locations/:location_id/templates/:kind/:lang", httpx.Handle(h.resetTemplates))
	admin.POST("/locations/:location_id/templates/:kind/:lang/preview", httpx.Handle(h.previewTemplates))
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

func (h *Handlers) templatePlaceholders(c *gin.Context) error {
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
	return nil
}

// templateParams reads :location_id, :kind and :lang.
func (h *Handlers) templateParams(c *gin.Context) (*ent.DealerLocation, messages.Kind, enums.LanguageCode, error) {
	loc, err := h.locationParam(c)
	if err != nil {
		return nil, "", "", err
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
		return nil, "", "", httpx.Invalid(p...)
	}
	return loc, kind, lang, nil
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

func (h *Handlers) overridesOf(c *gin.Context, locID int, kind messages.Kind, lang enums.LanguageCode) (messages.Overrides, error) {
	rows, err := h.DB.MessageTemplate.Query().Where(messagetemplate.DealerLocationID(locID), messagetemplate.Kind(string(kind)),
		messagetemplate.LanguageCode(lang)).All(c.Request.Context())
	if err != nil {
		return nil, err
	}
	ov := messages.Overrides{}
	for _, r := range rows {
		ov[messages.Channel(r.Channel)] = r.Body
	}
	return ov, nil
}

func (h *Handlers) templatesView(c *gin.Context, loc *ent.DealerLocation, kind messages.Kind, lang enums.LanguageCode) error {
	ov, err := h.overridesOf(c, loc.ID, kind, lang)
	if err != nil {
		return err
	}
	out := TemplatesView{DealerLocationID: loc.ID, Kind: string(kind), LanguageCode: string(lang)}
	for _, ch := range messages.Channels {
		def, err := messages.Default(kind, lang, ch)
		if err != nil {
			return err
		}
		v := TemplateChannelView{Channel: string(ch), Default: def, Effective: def}
		if body, ok := ov[ch]; ok {
			v.Override, v.Effective = &body, body
		}
		out.Channels = append(out.Channels, v)
	}
	c.JSON(http.StatusOK, out)
	return nil
}

func (h *Handlers) getTemplates(c *gin.Context) error {
	loc, kind, lang, err := h.templateParams(c)
	if err != nil {
		return err
	}
	return h.templatesView(c, loc, kind, lang)
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

func (h *Handlers) saveTemplates(c *gin.Context) error {
	loc, kind, lang, err := h.templateParams(c)
	if err != nil {
		return err
	}
	var req TemplatesRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	ov := req.overrides()
	if len(ov) == 0 {
		return httpx.Invalid("name at least one of email_subject, email_html, email_text, sms")
	}
	if p := checkOverrides(kind, ov); len(p) > 0 {
		return httpx.Invalid(p...)
	}
	bodies := map[string]string{}
	for ch, body := range ov {
		bodies[string(ch)] = body
	}
	if err := onboard.SaveTemplates(c.Request.Context(), h.DB.Client, loc.ID, string(kind), lang, httpx.Claims(c).UserID, bodies); err != nil {
		return err
	}
	return h.templatesView(c, loc, kind, lang)
}

// resetTemplates deletes the overrides (?channel=sms for one channel only).
func (h *Handlers) resetTemplates(c *gin.Context) error {
	loc, kind, lang, err := h.templateParams(c)
	if err != nil {
		return err
	}
	ch := c.Query("channel")
	if ch != "" && !messages.Channel(ch).Valid() {
		return httpx.Invalid("channel: must be one of email_subject, email_html, email_text, sms")
	}
	if err := onboard.ResetTemplates(c.Request.Context(), h.DB.Client, loc.ID, string(kind), lang, ch); err != nil {
		return err
	}
	return h.templatesView(c, loc, kind, lang)
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
func (h *Handlers) previewTemplates(c *gin.Context) error {
	loc, kind, lang, err := h.templateParams(c)
	if err != nil {
		return err
	}
	ov, err := h.overridesOf(c, loc.ID, kind, lang)
	if err != nil {
		return err
	}
	if c.Request.ContentLength != 0 {
		var req TemplatesRequest
		if err := decode(c, &req); err != nil {
			return err
		}
		drafts := req.overrides()
		if p := checkOverrides(kind, drafts); len(p) > 0 {
			return httpx.Invalid(p...)
		}
		for ch, v := range drafts {
			ov[ch] = v
		}
	}
	ctx := c.Request.Context()
	d := messages.SampleData(lang)
	d.LocationName = loc.Name
	if dl, err := h.DB.Dealer.Get(ctx, loc.DealerID); err == nil {
		d.DealerName = dl.Name
	}
	if cs, err := onboard.Setting(ctx, h.DB.Client, loc); err == nil {
		d.Color, d.WelcomeText, d.Logo = cs.Color, cs.WelcomeText, loc.Logo
		if cs.PhoneNumber != "" {
			d.LocationPhone = cs.PhoneNumber
		}
	}
	m, err := messages.RenderWith(kind, d, ov)
	if err != nil {
		return httpx.Invalid("the template does not render: " + err.Error())
	}
	seg := messages.SMSSegments(m.SMS)
	c.JSON(http.StatusOK, PreviewResponse{Subject: m.Subject, HTML: m.HTML, Text: m.Text, SMS: m.SMS,
		SMSEncoding: seg.Encoding, SMSChars: seg.Characters, SMSSegments: seg.Segments})
	return nil
}

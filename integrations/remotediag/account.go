package remotediag

import (
	"context"
	"net/http"
	"net/mail"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Operations of the account, the customer's company and its employees, the
// serviced vehicles, translation and chat channels (spec/003). Their paths
// are ours (paths.go).

// maxText is the document's bound on names (<= 255 characters); it is also
// applied to the fields the document leaves unbounded, which a database
// could not index anyway.
const maxText = 255

func validText(field, v string, required bool) error {
	switch {
	case required && strings.TrimSpace(v) == "":
		return invalid(field, "is required")
	case utf8.RuneCountInString(v) > maxText:
		return invalid(field, "is longer than %d characters", maxText)
	case !utf8.ValidString(v) || strings.ContainsRune(v, 0):
		return invalid(field, "contains invalid characters")
	}
	return nil
}

func validEmail(field, v string) error {
	if err := validText(field, v, true); err != nil {
		return err
	}
	if a, err := mail.ParseAddress(v); err != nil || a.Address != v {
		return invalid(field, "%q is not an e-mail address", v)
	}
	return nil
}

// ---- login with connector ID (deprecated by the provider) ----

// LoginWithConnectorID logs in with a connector's numeric id and pincode
// and keeps the tokens. The provider deprecates it in favour of the UUID
// login; like an OTP session, it is renewed only if the client also has
// UUID credentials (WithCredentials).
func (c *Client) LoginWithConnectorID(ctx context.Context, connectorID int64, pincode string) (Tokens, error) {
	if err := positive("connector_id", connectorID); err != nil {
		return Tokens{}, err
	}
	if err := validText("pincode", pincode, true); err != nil {
		return Tokens{}, err
	}
	c.loginMu.Lock()
	defer c.loginMu.Unlock()
	// The document's table types both as strings (its example as numbers).
	return c.login(ctx, PathLoginConnectorID, map[string]string{"connector_id": itoa(connectorID), "pincode": pincode})
}

// ForgotPassword asks the provider to send a password reset to an address
// (the document: "for the migration phase of the customer portal"). It
// needs no session. The answer's method is e.g. "SESSION".
func (c *Client) ForgotPassword(ctx context.Context, email string) (ForgotPasswordResult, error) {
	var out ForgotPasswordResult
	if err := validEmail("email_address", email); err != nil {
		return out, err
	}
	return out, c.roundTrip(ctx, http.MethodPost, PathForgotPassword, nil, map[string]string{"email_address": email}, "", &out)
}

// ---- serviced vehicles ----

// ServicedVehicles lists the vehicles the customer had serviced, most
// recent first.
func (c *Client) ServicedVehicles(ctx context.Context, page PageParams) (Page[ServicedVehicle], error) {
	var out Page[ServicedVehicle]
	q, err := pageQuery(nil, page)
	if err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, PathServicedVehicles, q, nil, &out)
}

// ---- user, company, branding ----

// CurrentUser gets the logged-in user: name, client (company) and the
// service provider it is linked to.
func (c *Client) CurrentUser(ctx context.Context) (CurrentUser, error) {
	var out CurrentUser
	return out, c.call(ctx, http.MethodGet, PathCurrentUser, nil, nil, &out)
}

// CompanyDetails gets the logged-in user's customer (company) details.
func (c *Client) CompanyDetails(ctx context.Context) (CompanyDetails, error) {
	var out CompanyDetails
	return out, c.call(ctx, http.MethodGet, PathCompanyDetails, nil, nil, &out)
}

// EditCompanyDetails changes the fields set in e and answers the details.
func (c *Client) EditCompanyDetails(ctx context.Context, e CompanyDetailsEdit) (CompanyDetails, error) {
	var out CompanyDetails
	if err := e.Validate(); err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodPatch, PathCompanyDetails, nil, e, &out)
}

// Branding gets the branding of the logged-in user's portal.
func (c *Client) Branding(ctx context.Context) (Branding, error) {
	var out Branding
	return out, c.call(ctx, http.MethodGet, PathBranding, nil, nil, &out)
}

// ---- employees ----

// Employees lists the customer's employees.
func (c *Client) Employees(ctx context.Context, page PageParams) (Page[Employee], error) {
	var out Page[Employee]
	q, err := pageQuery(nil, page)
	if err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, PathEmployees, q, nil, &out)
}

// CreateEmployee adds an employee.
func (c *Client) CreateEmployee(ctx context.Context, in EmployeeInput) (Employee, error) {
	var out Employee
	in.Enabled = nil // not a creation field
	if err := in.Validate(); err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodPost, PathEmployees, nil, in, &out)
}

// Employee gets an employee by id, or the logged-in one with EmployeeMe.
func (c *Client) Employee(ctx context.Context, id string) (Employee, error) {
	var out Employee
	if err := validEmployeeID(id); err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, pathWith(PathEmployee, "employeeId", id), nil, nil, &out)
}

// UpdateEmployee changes an employee (every required field is sent again;
// Enabled nil leaves it as it is).
func (c *Client) UpdateEmployee(ctx context.Context, id string, in EmployeeInput) (Employee, error) {
	var out Employee
	if err := validEmployeeID(id); err != nil {
		return out, err
	}
	if err := in.Validate(); err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodPut, pathWith(PathEmployee, "employeeId", id), nil, in, &out)
}

func validEmployeeID(id string) error {
	if id == EmployeeMe {
		return nil
	}
	return validUUID("employee id", id)
}

// ---- translate ----

// Translate translates text into a target language (e.g. "de").
func (c *Client) Translate(ctx context.Context, text, targetLanguage string) (Translation, error) {
	var out Translation
	if err := validLanguage("target_language", targetLanguage); err != nil {
		return out, err
	}
	if strings.TrimSpace(text) == "" {
		return out, invalid("message.original", "is required")
	}
	if len(text) > maxTranslate || strings.ContainsRune(text, 0) || !utf8.ValidString(text) {
		return out, invalid("message.original", "is longer than %d bytes or contains invalid characters", maxTranslate)
	}
	in := Translation{Message: TranslationMessage{Original: text}, TargetLanguage: targetLanguage}
	return out, c.call(ctx, http.MethodPost, PathTranslate, nil, in, &out)
}

// maxTranslate bounds a text to translate (ours: a chat message).
const maxTranslate = 16 << 10

// validLanguage accepts a BCP 47-like tag: letters and digits in
// subtags of 1..8 joined by "-" (e.g. "de", "en-GB").
func validLanguage(field, v string) error {
	if v == "" || len(v) > 35 {
		return invalid(field, "%q is not a language tag", v)
	}
	for _, sub := range strings.Split(v, "-") {
		if sub == "" || len(sub) > 8 {
			return invalid(field, "%q is not a language tag", v)
		}
		for _, r := range sub {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return invalid(field, "%q is not a language tag", v)
			}
		}
	}
	return nil
}

// ---- channels ----

// ChannelPing asks the provider to send a control message (a ping) over
// the websocket of a channel; it answers the channel id.
func (c *Client) ChannelPing(ctx context.Context, channelID string) (ChannelPingResult, error) {
	var out ChannelPingResult
	if err := validChannel(channelID); err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodPost, pathWith(PathChannelPing, "channelId", channelID), nil, nil, &out)
}

// CreateChannelAttachment registers an attachment of a channel (a ticket's
// chat_id); the answer's file_reference names it in messages and in
// ChannelAttachment.
func (c *Client) CreateChannelAttachment(ctx context.Context, channelID, fileName string) (ChannelAttachment, error) {
	var out ChannelAttachment
	if err := validChannel(channelID); err != nil {
		return out, err
	}
	if err := ValidateFileName(fileName); err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodPost, pathWith(PathChannelAttachments, "channel_id", channelID), nil,
		map[string]string{"file_name": fileName}, &out)
}

// ChannelAttachment gets an attachment of a channel by its file reference.
func (c *Client) ChannelAttachment(ctx context.Context, channelID, fileReference string) (ChannelAttachment, error) {
	var out ChannelAttachment
	if err := validChannel(channelID); err != nil {
		return out, err
	}
	if err := validText("file_reference", fileReference, true); err != nil {
		return out, err
	}
	return out, c.call(ctx, http.MethodGet, pathWith(PathChannelAttachments, "channel_id", channelID),
		url.Values{"file_reference": {fileReference}}, nil, &out)
}

// ChannelOfReference is the channel a file reference names: the
// document's references read "/channel/{channel}/{id}/{file_name}" (the
// answer of CreateChannelAttachment, and what a note's attachment
// carries), so a note's file is fetched with ChannelAttachment on that
// channel. "" when the reference has no such form.
func ChannelOfReference(ref string) string {
	rest, ok := strings.CutPrefix(ref, "/channel/")
	if !ok {
		return ""
	}
	ch, _, ok := strings.Cut(rest, "/")
	if !ok || validChannel(ch) != nil {
		return ""
	}
	return ch
}

func validChannel(id string) error {
	if err := validText("channel id", id, true); err != nil {
		return err
	}
	if strings.ContainsAny(id, "/?#") {
		return invalid("channel id", "%q contains a path character", id)
	}
	return nil
}

// ValidateFileName checks an attachment's file name: 1..255 characters,
// no path separators, no control characters.
func ValidateFileName(name string) error {
	if err := validText("file_name", name, true); err != nil {
		return err
	}
	if name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
		return invalid("file_name", "%q is not a plain file name", name)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return invalid("file_name", "contains a control character")
		}
	}
	return nil
}

// Validate checks an employee body as the document bounds it.
func (in EmployeeInput) Validate() error {
	if err := validText("given_name", in.GivenName, true); err != nil {
		return err
	}
	if err := validText("family_name", in.FamilyName, true); err != nil {
		return err
	}
	if in.Username == nil {
		return invalid("username", "is required (once set it cannot be unset)")
	}
	if err := validEmail("username", *in.Username); err != nil {
		return err
	}
	if in.CorrespondenceLocale != "" {
		return validLanguage("correspondence_locale", in.CorrespondenceLocale)
	}
	return nil
}

// Validate checks the fields set in a company edit.
func (e CompanyDetailsEdit) Validate() error {
	texts := map[string]*string{"name": e.Name, "street": e.Street, "number": e.Number,
		"postal_code": e.PostalCode, "city": e.City, "phone": e.Phone}
	for f, v := range texts {
		if v != nil {
			if err := validText(f, *v, true); err != nil {
				return err
			}
		}
	}
	for f, v := range map[string]*string{"email_address": e.EmailAddress, "financial_email_address": e.FinancialEmailAddress} {
		if v != nil {
			if err := validEmail(f, *v); err != nil {
				return err
			}
		}
	}
	if e.Country != nil && !isCountryCode(*e.Country) {
		return invalid("country", "%q is not a two-letter country code", *e.Country)
	}
	return nil
}

func isCountryCode(v string) bool {
	return len(v) == 2 && v[0] >= 'A' && v[0] <= 'Z' && v[1] >= 'A' && v[1] <= 'Z'
}

// IsCountryCode reports whether v is an upper-case two-letter code (the
// simulator checks edits with it).
func IsCountryCode(v string) bool { return isCountryCode(v) }

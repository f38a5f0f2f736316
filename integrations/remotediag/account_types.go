package remotediag

// Shapes of the account, company, employee, serviced-vehicle, translation
// and channel operations, with the document's field names.

// EmployeeMe is the employee id the document gives for the logged-in one.
const EmployeeMe = "me"

type (
	// ServicedVehicle is a vehicle the customer had serviced.
	ServicedVehicle struct {
		MakeID           int64  `json:"make_id"`
		MakeName         string `json:"make_name"`
		ModelGroupID     int64  `json:"model_group_id"`
		ModelGroupName   string `json:"model_group_name"`
		ModelID          int64  `json:"model_id"`
		ModelName        string `json:"model_name"`
		ModelVariantID   int64  `json:"model_variant_id"`
		ModelVariantName string `json:"model_variant_name"`
		VIN              string `json:"vin"`
		LastServicedAt   string `json:"last_serviced_at"`
	}

	// ForgotPasswordResult answers a forgot-password request.
	ForgotPasswordResult struct {
		Method string `json:"method"`
	}

	// CurrentUser is the logged-in user with its client and service provider.
	CurrentUser struct {
		ID              string          `json:"id"`
		FirstName       string          `json:"first_name"`
		MiddleName      string          `json:"middle_name"`
		LastName        string          `json:"last_name"`
		Client          UserClient      `json:"client"`
		ServiceProvider ServiceProvider `json:"service_provider"`
	}
	// UserClient is the user's company as CurrentUser shows it.
	UserClient struct {
		Name                       string        `json:"name"`
		Reference                  string        `json:"reference"`
		AllowTicketsWithoutProduct bool          `json:"allow_tickets_without_product"`
		Address                    ClientAddress `json:"address"`
	}
	// ClientAddress is a client's address.
	ClientAddress struct {
		Country    string `json:"country"`
		Locality   string `json:"locality"`
		Street     string `json:"street"`
		PostalCode string `json:"postal_code"`
	}
	// ServiceProvider is the partner the user is linked to.
	ServiceProvider struct {
		ID                      int64                 `json:"id"`
		Name                    string                `json:"name"`
		HasPrepaidWallet        bool                  `json:"has_prepaid_wallet"`
		PrepaidWalletSettings   PrepaidWalletSettings `json:"prepaid_wallet_settings"`
		PaymentByPrepaidBalance bool                  `json:"payment_by_prepaid_balance"`
		ServiceCenter           ProviderServiceCenter `json:"service_center"`
		Currency                string                `json:"currency"`
		UI                      ProviderUI            `json:"ui"`
	}
	// PrepaidWalletSettings: the balance is a string in the document.
	PrepaidWalletSettings struct {
		Balance FlexString `json:"balance"`
	}
	// ProviderServiceCenter is the service center as CurrentUser shows it.
	ProviderServiceCenter struct {
		IsOpen                      bool   `json:"is_open"`
		TicketsSchedulerActiveUntil string `json:"tickets_scheduler_active_until"`
		TicketsSchedulerEnabled     bool   `json:"tickets_scheduler_enabled"`
		TicketsSchedulerMessage     string `json:"tickets_scheduler_message"`
		ServiceMessage              string `json:"service_message"`
		ServiceMessageActive        bool   `json:"service_message_active"`
	}
	// ProviderUI is the provider's portal look.
	ProviderUI struct {
		CompanyName                 string `json:"company_name"`
		PortalHeaderBackgroundColor string `json:"portal_header_background_color"`
		PortalHeaderLogoPath        string `json:"portal_headerlogo_path"`
		ThemeColor                  string `json:"theme_color"`
	}

	// CompanyDetails is the customer's company. The document's example
	// shows reference and phone as numbers (phone is a string in the edit
	// table): both are read as text.
	CompanyDetails struct {
		Name                  string     `json:"name"`
		Reference             FlexString `json:"reference"`
		Street                string     `json:"street"`
		Number                string     `json:"number"`
		PostalCode            string     `json:"postal_code"`
		City                  string     `json:"city"`
		Country               string     `json:"country"`
		EmailAddress          string     `json:"email_address"`
		FinancialEmailAddress string     `json:"financial_email_address"`
		Phone                 FlexString `json:"phone"`
		Currency              string     `json:"currency"`
	}
	// CompanyDetailsEdit changes the fields that are set.
	CompanyDetailsEdit struct {
		Name                  *string `json:"name,omitempty"`
		Street                *string `json:"street,omitempty"`
		Number                *string `json:"number,omitempty"`
		PostalCode            *string `json:"postal_code,omitempty"`
		City                  *string `json:"city,omitempty"`
		Country               *string `json:"country,omitempty"`
		EmailAddress          *string `json:"email_address,omitempty"`
		FinancialEmailAddress *string `json:"financial_email_address,omitempty"`
		Phone                 *string `json:"phone,omitempty"`
	}

	// Branding is the customer portal's branding.
	Branding struct {
		BrandingName      string `json:"branding_name"`
		CustomerPortalURL string `json:"customer_portal_url"`
	}

	// Employee is a user of the customer.
	Employee struct {
		ID                   string `json:"id"`
		GivenName            string `json:"given_name"`
		FamilyName           string `json:"family_name"`
		Username             string `json:"username"`
		Enabled              bool   `json:"enabled"`
		CorrespondenceLocale string `json:"correspondence_locale"`
	}
	// EmployeeInput creates (Enabled unused) or changes an employee.
	EmployeeInput struct {
		GivenName            string  `json:"given_name"`
		FamilyName           string  `json:"family_name"`
		Username             *string `json:"username"`
		CorrespondenceLocale string  `json:"correspondence_locale,omitempty"`
		Enabled              *bool   `json:"enabled,omitempty"`
	}

	// Translation is both the request (Original and TargetLanguage) and
	// the answer of Translate.
	Translation struct {
		Message        TranslationMessage `json:"message"`
		TargetLanguage string             `json:"target_language"`
		SourceLanguage string             `json:"source_language,omitempty"`
	}
	// TranslationMessage is the original text and its translation.
	TranslationMessage struct {
		Original   string `json:"original"`
		Translated string `json:"translated,omitempty"`
	}

	// ChannelPingResult answers a channel ping.
	ChannelPingResult struct {
		ChannelID string `json:"channel_id"`
	}
	// ChannelAttachment is an attachment of a chat channel. The document
	// mentions a presigned upload URL but its example shows only these two
	// fields; PresignedURL is read when the provider sends one (its name
	// is our guess).
	ChannelAttachment struct {
		FileName      string `json:"file_name"`
		FileReference string `json:"file_reference"`
		PresignedURL  string `json:"presigned_url,omitempty"`
	}
)

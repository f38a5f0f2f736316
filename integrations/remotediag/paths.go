package remotediag

// Paths of the Customer API. NOTE: the vendor document (spec/003) lists the
// operations but lost their paths; every path below is OURS, invented one
// per documented operation, kept in this one file and shared with the
// simulator. Only this file changes when the provider's real paths are
// known. Placeholders are in {braces}.
const (
	PathLoginConnectorUUID = "/v1/auth/login/connector-uuid" // POST {connector_uuid, pincode}
	PathLoginOTP           = "/v1/auth/login/otp"            // POST {otp}
	PathLoginConnectorID   = "/v1/auth/login/connector-id"   // POST {connector_id, pincode} (deprecated by the provider)
	PathForgotPassword     = "/v1/auth/forgot-password"      // POST {email_address}, no token

	PathConnectors            = "/v1/connectors"                                                    // GET ?offset&limit
	PathConnector             = "/v1/connectors/{connectorId}"                                      // GET
	PathConnectorByUUID       = "/v1/connectors-by-uuid/{connectorUUID}"                            // GET
	PathConnectorDismissCall  = "/v1/connectors-by-uuid/{connectorUUID}/dismiss-call-for-attention" // POST
	PathConnectorActiveTicket = "/v1/connectors/{connectorId}/active-ticket"                        // GET

	PathVehicleByVIN         = "/v1/vehicles/vin"                            // GET ?vin
	PathVehicleMakes         = "/v1/vehicle-makes"                           // GET ?offset&limit
	PathVehicleModelGroups   = "/v1/vehicle-model-groups"                    // GET ?vehicle_make_id&offset&limit
	PathVehicleModelGroup    = "/v1/vehicle-model-groups/{modelGroupId}"     // GET
	PathVehicleModels        = "/v1/vehicle-models"                          // GET ?vehicle_model_group_id&offset&limit
	PathVehicleModel         = "/v1/vehicle-models/{modelId}"                // GET
	PathVehicleModelVariants = "/v1/vehicle-model-variants"                  // GET ?vehicle_model_id&offset&limit
	PathVehicleModelVariant  = "/v1/vehicle-model-variants/{modelVariantId}" // GET

	PathProductGroups        = "/v1/product-groups"          // GET ?vehicle_model_id&vehicle_model_variant_id
	PathProductBundles       = "/v1/product-bundles"         // GET ?product_group_id&vehicle_model_id&vehicle_model_variant_id
	PathProducts             = "/v1/products"                // GET ?vehicle_model_id&vehicle_model_variant_id&product_group_id|product_bundle_id&is_favorite
	PathFavoriteProducts     = "/v1/products/favorites"      // POST product
	PathFavoriteProduct      = "/v1/products/favorites/{id}" // DELETE
	PathProductPrerequisites = "/v1/product-prerequisites"   // GET ?vehicle_model_id&vehicle_model_variant_id&product_id=1,2

	PathPriceCalculation  = "/v1/tickets/price-calculation"               // POST
	PathPreparedTickets   = "/v1/prepared-tickets"                        // GET ?vin&offset&limit
	PathTickets           = "/v1/tickets"                                 // POST
	PathTicketNotes       = "/v1/tickets/{ticketId}/notes"                // GET
	PathTicketCSAT        = "/v1/tickets/{ticketId}/csat"                 // PUT {score, comment}
	PathHistoricalTickets = "/v1/historical-tickets"                      // GET ?vin&connector_id&offset&limit
	PathHistoricalTicket  = "/v1/historical-tickets/{historicalTicketId}" // GET

	PathServicedVehicles = "/v1/serviced-vehicles" // GET ?offset&limit

	PathCurrentUser    = "/v1/users/me"               // GET
	PathEmployees      = "/v1/employees"              // GET ?offset&limit; POST employee
	PathEmployee       = "/v1/employees/{employeeId}" // GET, PUT; employeeId may be "me"
	PathCompanyDetails = "/v1/customer-details"       // GET; PATCH (fields present are changed)
	PathBranding       = "/v1/branding"               // GET
	PathTranslate      = "/v1/translate"              // POST {message{original}, target_language}

	PathChannelPing        = "/v1/channels/{channelId}/ping"         // POST
	PathChannelAttachments = "/v1/channels/{channel_id}/attachments" // POST {file_name}; GET ?file_reference

	PathServiceCenter      = "/v1/service-center"       // GET
	PathServiceCenterState = "/v1/service-center/state" // GET

	// PathWebsocket is the status-update socket; the access token goes in
	// the Authorization header (or ?access_token= where headers cannot be set).
	PathWebsocket = "/v1/websocket"
)

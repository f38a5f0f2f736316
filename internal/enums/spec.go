// Code generated from the spec's enumeration tables (000 Customer Communication API,
// 001 ACSES) by a one-off script; edit by hand only when the spec changes.
// Every enumeration of the spec, with its exact value.

package enums

// AppointmentNoteType is the spec's AppointmentNoteType enumeration.
type AppointmentNoteType int

const (
	AppointmentNoteTypeWO              AppointmentNoteType = 1  // A WO note
	AppointmentNoteTypeMain            AppointmentNoteType = 2  // A Main note, limited to 1
	AppointmentNoteTypeCallCustomer    AppointmentNoteType = 3  // Customer needed to be called
	AppointmentNoteTypeBackOrder       AppointmentNoteType = 4  // Appointment is waiting on a back order, Appointment Status is updated
	AppointmentNoteTypeInfoRequired    AppointmentNoteType = 5  // Someone requires info about the Appointment, Appointment Status is updated
	AppointmentNoteTypeAttachment      AppointmentNoteType = 6  // Attachments associated with the Appointment, limited to 1
	AppointmentNoteTypeBill            AppointmentNoteType = 7  // A Bill for the WO, that can be included in Customer Communication
	AppointmentNoteTypeTyrescanner     AppointmentNoteType = 8  // Information sent by the Tyrescanner, usually an attachment as PDF
	AppointmentNoteTypeTemporaryDriver AppointmentNoteType = 9  // Note added for the temporary driver
	AppointmentNoteTypeRecurringCar    AppointmentNoteType = 10 // Note added for a recurring car
	AppointmentNoteTypeParking         AppointmentNoteType = 11 // Note added for parking
	AppointmentNoteTypeDMS             AppointmentNoteType = 12 // Note added from DMS
)

// AppointmentNoteTypeValues lists every valid AppointmentNoteType, in the spec's order.
var AppointmentNoteTypeValues = []AppointmentNoteType{AppointmentNoteTypeWO, AppointmentNoteTypeMain, AppointmentNoteTypeCallCustomer, AppointmentNoteTypeBackOrder, AppointmentNoteTypeInfoRequired, AppointmentNoteTypeAttachment, AppointmentNoteTypeBill, AppointmentNoteTypeTyrescanner, AppointmentNoteTypeTemporaryDriver, AppointmentNoteTypeRecurringCar, AppointmentNoteTypeParking, AppointmentNoteTypeDMS}

var appointmentNoteTypeDescriptions = map[AppointmentNoteType]string{
	AppointmentNoteTypeWO:              `A WO note`,
	AppointmentNoteTypeMain:            `A Main note, limited to 1`,
	AppointmentNoteTypeCallCustomer:    `Customer needed to be called`,
	AppointmentNoteTypeBackOrder:       `Appointment is waiting on a back order, Appointment Status is updated`,
	AppointmentNoteTypeInfoRequired:    `Someone requires info about the Appointment, Appointment Status is updated`,
	AppointmentNoteTypeAttachment:      `Attachments associated with the Appointment, limited to 1`,
	AppointmentNoteTypeBill:            `A Bill for the WO, that can be included in Customer Communication`,
	AppointmentNoteTypeTyrescanner:     `Information sent by the Tyrescanner, usually an attachment as PDF`,
	AppointmentNoteTypeTemporaryDriver: `Note added for the temporary driver`,
	AppointmentNoteTypeRecurringCar:    `Note added for a recurring car`,
	AppointmentNoteTypeParking:         `Note added for parking`,
	AppointmentNoteTypeDMS:             `Note added from DMS`,
}

// Valid reports whether v is one of the spec's values.
func (v AppointmentNoteType) Valid() bool { _, ok := appointmentNoteTypeDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v AppointmentNoteType) Description() string { return appointmentNoteTypeDescriptions[v] }

// BarCode is the spec's BarCode enumeration.
type BarCode int

const (
	BarCodeType128 BarCode = 1 // Barcode Type 128
	BarCodeType93  BarCode = 2 // Barcode Type 93
	BarCodeType39  BarCode = 3 // Barcode Type 39
	BarCodeType25  BarCode = 4 // Barcode Type 25
	BarCodeType11  BarCode = 5 // Barcode Type 11
)

// BarCodeValues lists every valid BarCode, in the spec's order.
var BarCodeValues = []BarCode{BarCodeType128, BarCodeType93, BarCodeType39, BarCodeType25, BarCodeType11}

var barCodeDescriptions = map[BarCode]string{
	BarCodeType128: `Barcode Type 128`,
	BarCodeType93:  `Barcode Type 93`,
	BarCodeType39:  `Barcode Type 39`,
	BarCodeType25:  `Barcode Type 25`,
	BarCodeType11:  `Barcode Type 11`,
}

// Valid reports whether v is one of the spec's values.
func (v BarCode) Valid() bool { _, ok := barCodeDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v BarCode) Description() string { return barCodeDescriptions[v] }

// CheckInResultStatus is the spec's CheckInResultStatus enumeration.
type CheckInResultStatus int

const (
	CheckInResultStatusNotSent CheckInResultStatus = 0 // not sent
	CheckInResultStatusPending CheckInResultStatus = 1 // pending
	CheckInResultStatusSuccess CheckInResultStatus = 2 // success
	CheckInResultStatusFailed  CheckInResultStatus = 3 // failed
)

// CheckInResultStatusValues lists every valid CheckInResultStatus, in the spec's order.
var CheckInResultStatusValues = []CheckInResultStatus{CheckInResultStatusNotSent, CheckInResultStatusPending, CheckInResultStatusSuccess, CheckInResultStatusFailed}

var checkInResultStatusDescriptions = map[CheckInResultStatus]string{
	CheckInResultStatusNotSent: `not sent`,
	CheckInResultStatusPending: `pending`,
	CheckInResultStatusSuccess: `success`,
	CheckInResultStatusFailed:  `failed`,
}

// Valid reports whether v is one of the spec's values.
func (v CheckInResultStatus) Valid() bool { _, ok := checkInResultStatusDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v CheckInResultStatus) Description() string { return checkInResultStatusDescriptions[v] }

// ChecklistType is the spec's ChecklistType enumeration.
type ChecklistType int

const (
	ChecklistTypeRegular        ChecklistType = 0 // Regular checklist
	ChecklistTypeInitial        ChecklistType = 1 // Initial checklist done by receptionists
	ChecklistTypeQualityControl ChecklistType = 2 // Quality control checklist
	ChecklistTypeAuxiliary      ChecklistType = 3 // Auxilary checklist
	ChecklistTypeExtraParts     ChecklistType = 4 // Extra parts checklist, i.e. fluids list
	ChecklistTypeDeprecated     ChecklistType = 5 // This Checklist Type is deprecated and will be repurposed by a new Checklist Type
	ChecklistTypeTestDrive      ChecklistType = 6 // Test Drive checklist can be started at any time and do no change the appointment status
	ChecklistTypeWarranty       ChecklistType = 7 // Checklist is of warranty type
)

// ChecklistTypeValues lists every valid ChecklistType, in the spec's order.
var ChecklistTypeValues = []ChecklistType{ChecklistTypeRegular, ChecklistTypeInitial, ChecklistTypeQualityControl, ChecklistTypeAuxiliary, ChecklistTypeExtraParts, ChecklistTypeDeprecated, ChecklistTypeTestDrive, ChecklistTypeWarranty}

var checklistTypeDescriptions = map[ChecklistType]string{
	ChecklistTypeRegular:        `Regular checklist`,
	ChecklistTypeInitial:        `Initial checklist done by receptionists`,
	ChecklistTypeQualityControl: `Quality control checklist`,
	ChecklistTypeAuxiliary:      `Auxilary checklist`,
	ChecklistTypeExtraParts:     `Extra parts checklist, i.e. fluids list`,
	ChecklistTypeDeprecated:     `This Checklist Type is deprecated and will be repurposed by a new Checklist Type`,
	ChecklistTypeTestDrive:      `Test Drive checklist can be started at any time and do no change the appointment status`,
	ChecklistTypeWarranty:       `Checklist is of warranty type`,
}

// Valid reports whether v is one of the spec's values.
func (v ChecklistType) Valid() bool { _, ok := checklistTypeDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v ChecklistType) Description() string { return checklistTypeDescriptions[v] }

// CommunicationChannelID is the spec's CommunicationChannelID enumeration.
type CommunicationChannelID int

const (
	CommunicationChannelIDEmail   CommunicationChannelID = 1 // Email
	CommunicationChannelIDSMS     CommunicationChannelID = 2 // SMS
	CommunicationChannelIDWebhook CommunicationChannelID = 3 // Webhook, used when a third party send the communication link
)

// CommunicationChannelIDValues lists every valid CommunicationChannelID, in the spec's order.
var CommunicationChannelIDValues = []CommunicationChannelID{CommunicationChannelIDEmail, CommunicationChannelIDSMS, CommunicationChannelIDWebhook}

var communicationChannelIDDescriptions = map[CommunicationChannelID]string{
	CommunicationChannelIDEmail:   `Email`,
	CommunicationChannelIDSMS:     `SMS`,
	CommunicationChannelIDWebhook: `Webhook, used when a third party send the communication link`,
}

// Valid reports whether v is one of the spec's values.
func (v CommunicationChannelID) Valid() bool {
	_, ok := communicationChannelIDDescriptions[v]
	return ok
}

// Description is the spec's description of v.
func (v CommunicationChannelID) Description() string { return communicationChannelIDDescriptions[v] }

// CommunicationEventType is the spec's CommunicationEventType enumeration.
type CommunicationEventType int

const (
	CommunicationEventTypeOnlineCheckInSent        CommunicationEventType = 1  // Online Check-in communication sent
	CommunicationEventTypeOnlineCheckInOpened      CommunicationEventType = 2  // Online Check-in communication opened
	CommunicationEventTypeOnlineCheckInAnswered    CommunicationEventType = 3  // Online Check-in communication answered
	CommunicationEventTypeDiagnoseOverviewCreated  CommunicationEventType = 4  // Diagnose overview communication created
	CommunicationEventTypeDiagnoseOverviewOpened   CommunicationEventType = 5  // Diagnose overview communication opened
	CommunicationEventTypeDiagnoseOverviewAnswered CommunicationEventType = 6  // Diagnose overview communication answered
	CommunicationEventTypeDiagnoseOverviewResent   CommunicationEventType = 7  // Diagnose overview communication resent
	CommunicationEventTypeRepairOverviewCreated    CommunicationEventType = 8  // Repair overview communication created
	CommunicationEventTypeRepairOverviewResent     CommunicationEventType = 9  // Repair overview communication resent
	CommunicationEventTypeRepairOverviewOpened     CommunicationEventType = 10 // Repair overview communication opened
)

// CommunicationEventTypeValues lists every valid CommunicationEventType, in the spec's order.
var CommunicationEventTypeValues = []CommunicationEventType{CommunicationEventTypeOnlineCheckInSent, CommunicationEventTypeOnlineCheckInOpened, CommunicationEventTypeOnlineCheckInAnswered, CommunicationEventTypeDiagnoseOverviewCreated, CommunicationEventTypeDiagnoseOverviewOpened, CommunicationEventTypeDiagnoseOverviewAnswered, CommunicationEventTypeDiagnoseOverviewResent, CommunicationEventTypeRepairOverviewCreated, CommunicationEventTypeRepairOverviewResent, CommunicationEventTypeRepairOverviewOpened}

var communicationEventTypeDescriptions = map[CommunicationEventType]string{
	CommunicationEventTypeOnlineCheckInSent:        `Online Check-in communication sent`,
	CommunicationEventTypeOnlineCheckInOpened:      `Online Check-in communication opened`,
	CommunicationEventTypeOnlineCheckInAnswered:    `Online Check-in communication answered`,
	CommunicationEventTypeDiagnoseOverviewCreated:  `Diagnose overview communication created`,
	CommunicationEventTypeDiagnoseOverviewOpened:   `Diagnose overview communication opened`,
	CommunicationEventTypeDiagnoseOverviewAnswered: `Diagnose overview communication answered`,
	CommunicationEventTypeDiagnoseOverviewResent:   `Diagnose overview communication resent`,
	CommunicationEventTypeRepairOverviewCreated:    `Repair overview communication created`,
	CommunicationEventTypeRepairOverviewResent:     `Repair overview communication resent`,
	CommunicationEventTypeRepairOverviewOpened:     `Repair overview communication opened`,
}

// Valid reports whether v is one of the spec's values.
func (v CommunicationEventType) Valid() bool {
	_, ok := communicationEventTypeDescriptions[v]
	return ok
}

// Description is the spec's description of v.
func (v CommunicationEventType) Description() string { return communicationEventTypeDescriptions[v] }

// CommunicationLayoutID is the spec's CommunicationLayoutID enumeration.
type CommunicationLayoutID int

const (
	CommunicationLayoutIDDefault  CommunicationLayoutID = 1 // Default layout
	CommunicationLayoutIDMenuLeft CommunicationLayoutID = 2 // Default layout but with the menu on the left side
)

// CommunicationLayoutIDValues lists every valid CommunicationLayoutID, in the spec's order.
var CommunicationLayoutIDValues = []CommunicationLayoutID{CommunicationLayoutIDDefault, CommunicationLayoutIDMenuLeft}

var communicationLayoutIDDescriptions = map[CommunicationLayoutID]string{
	CommunicationLayoutIDDefault:  `Default layout`,
	CommunicationLayoutIDMenuLeft: `Default layout but with the menu on the left side`,
}

// Valid reports whether v is one of the spec's values.
func (v CommunicationLayoutID) Valid() bool { _, ok := communicationLayoutIDDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v CommunicationLayoutID) Description() string { return communicationLayoutIDDescriptions[v] }

// CommunicationReceiverStatus is the spec's CommunicationReceiverStatus enumeration.
type CommunicationReceiverStatus int

const (
	CommunicationReceiverStatusSent     CommunicationReceiverStatus = 1 // Communication is sent but not received
	CommunicationReceiverStatusReceived CommunicationReceiverStatus = 2 // Communication is sent and received
	CommunicationReceiverStatusFailed   CommunicationReceiverStatus = 3 // Communication is not received due to some error
)

// CommunicationReceiverStatusValues lists every valid CommunicationReceiverStatus, in the spec's order.
var CommunicationReceiverStatusValues = []CommunicationReceiverStatus{CommunicationReceiverStatusSent, CommunicationReceiverStatusReceived, CommunicationReceiverStatusFailed}

var communicationReceiverStatusDescriptions = map[CommunicationReceiverStatus]string{
	CommunicationReceiverStatusSent:     `Communication is sent but not received`,
	CommunicationReceiverStatusReceived: `Communication is sent and received`,
	CommunicationReceiverStatusFailed:   `Communication is not received due to some error`,
}

// Valid reports whether v is one of the spec's values.
func (v CommunicationReceiverStatus) Valid() bool {
	_, ok := communicationReceiverStatusDescriptions[v]
	return ok
}

// Description is the spec's description of v.
func (v CommunicationReceiverStatus) Description() string {
	return communicationReceiverStatusDescriptions[v]
}

// CommunicationResultStatus is the spec's CommunicationResultStatus enumeration.
type CommunicationResultStatus int

const (
	CommunicationResultStatusUnanswered CommunicationResultStatus = 1 // The question does not have a status yet
	CommunicationResultStatusAgree      CommunicationResultStatus = 2 // The customer is ok to fix this item
	CommunicationResultStatusDecline    CommunicationResultStatus = 3 // The customer is not ok to fix this item
	CommunicationResultStatusContactMe  CommunicationResultStatus = 4 // The customer asked to be contacted about this item
)

// CommunicationResultStatusValues lists every valid CommunicationResultStatus, in the spec's order.
var CommunicationResultStatusValues = []CommunicationResultStatus{CommunicationResultStatusUnanswered, CommunicationResultStatusAgree, CommunicationResultStatusDecline, CommunicationResultStatusContactMe}

var communicationResultStatusDescriptions = map[CommunicationResultStatus]string{
	CommunicationResultStatusUnanswered: `The question does not have a status yet`,
	CommunicationResultStatusAgree:      `The customer is ok to fix this item`,
	CommunicationResultStatusDecline:    `The customer is not ok to fix this item`,
	CommunicationResultStatusContactMe:  `The customer asked to be contacted about this item`,
}

// Valid reports whether v is one of the spec's values.
func (v CommunicationResultStatus) Valid() bool {
	_, ok := communicationResultStatusDescriptions[v]
	return ok
}

// Description is the spec's description of v.
func (v CommunicationResultStatus) Description() string {
	return communicationResultStatusDescriptions[v]
}

// CommunicationStatus is the spec's CommunicationStatus enumeration.
type CommunicationStatus int

const (
	CommunicationStatusCheckInSent              CommunicationStatus = 1  // Customer did not open the Online Check-in yet
	CommunicationStatusCheckInOpened            CommunicationStatus = 2  // Customer did opened the Online Check-in
	CommunicationStatusCheckInAnswered          CommunicationStatus = 3  // Customer did answered the Online Check-in
	CommunicationStatusCheckInClosed            CommunicationStatus = 4  // The Online Check-in is closed
	CommunicationStatusDiagnoseOverviewSent     CommunicationStatus = 5  // Customer did not open the Diagnose overview yet
	CommunicationStatusDiagnoseOverviewOpened   CommunicationStatus = 6  // Customer did opened the Diagnose overview
	CommunicationStatusDiagnoseOverviewAnswered CommunicationStatus = 7  // Customer did answered the Diagnose overview
	CommunicationStatusDiagnoseOverviewClosed   CommunicationStatus = 8  // The Online Check-in is closed, can be reopened if resent
	CommunicationStatusRepairOverviewSent       CommunicationStatus = 9  // The repair overview was sent, look at communication events to know if it was opened
	CommunicationStatusRepairOverviewOpened     CommunicationStatus = 10 // Customer did opened the Repair Overview
)

// CommunicationStatusValues lists every valid CommunicationStatus, in the spec's order.
var CommunicationStatusValues = []CommunicationStatus{CommunicationStatusCheckInSent, CommunicationStatusCheckInOpened, CommunicationStatusCheckInAnswered, CommunicationStatusCheckInClosed, CommunicationStatusDiagnoseOverviewSent, CommunicationStatusDiagnoseOverviewOpened, CommunicationStatusDiagnoseOverviewAnswered, CommunicationStatusDiagnoseOverviewClosed, CommunicationStatusRepairOverviewSent, CommunicationStatusRepairOverviewOpened}

var communicationStatusDescriptions = map[CommunicationStatus]string{
	CommunicationStatusCheckInSent:              `Customer did not open the Online Check-in yet`,
	CommunicationStatusCheckInOpened:            `Customer did opened the Online Check-in`,
	CommunicationStatusCheckInAnswered:          `Customer did answered the Online Check-in`,
	CommunicationStatusCheckInClosed:            `The Online Check-in is closed`,
	CommunicationStatusDiagnoseOverviewSent:     `Customer did not open the Diagnose overview yet`,
	CommunicationStatusDiagnoseOverviewOpened:   `Customer did opened the Diagnose overview`,
	CommunicationStatusDiagnoseOverviewAnswered: `Customer did answered the Diagnose overview`,
	CommunicationStatusDiagnoseOverviewClosed:   `The Online Check-in is closed, can be reopened if resent`,
	CommunicationStatusRepairOverviewSent:       `The repair overview was sent, look at communication events to know if it was opened`,
	CommunicationStatusRepairOverviewOpened:     `Customer did opened the Repair Overview`,
}

// Valid reports whether v is one of the spec's values.
func (v CommunicationStatus) Valid() bool { _, ok := communicationStatusDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v CommunicationStatus) Description() string { return communicationStatusDescriptions[v] }

// DBBStatus is the spec's DBBStatus enumeration.
type DBBStatus int

const (
	DBBStatusNotPushed DBBStatus = 0 // Check that was not pushed to DBB
	DBBStatusPushed    DBBStatus = 1 // Check fully pushed to DBB
	DBBStatusToConfirm DBBStatus = 2 // Check that need to be confirmed in DBB mini portal
	DBBStatusFailed    DBBStatus = 3 // Check that failed to be pushed to DBB
)

// DBBStatusValues lists every valid DBBStatus, in the spec's order.
var DBBStatusValues = []DBBStatus{DBBStatusNotPushed, DBBStatusPushed, DBBStatusToConfirm, DBBStatusFailed}

var dBBStatusDescriptions = map[DBBStatus]string{
	DBBStatusNotPushed: `Check that was not pushed to DBB`,
	DBBStatusPushed:    `Check fully pushed to DBB`,
	DBBStatusToConfirm: `Check that need to be confirmed in DBB mini portal`,
	DBBStatusFailed:    `Check that failed to be pushed to DBB`,
}

// Valid reports whether v is one of the spec's values.
func (v DBBStatus) Valid() bool { _, ok := dBBStatusDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v DBBStatus) Description() string { return dBBStatusDescriptions[v] }

// DMSID is the spec's DMSID enumeration.
type DMSID int

const (
	DMSIDUnset              DMSID = 1  // Default value for location who do not have a DMS set yet
	DMSIDNTCAR              DMSID = 2  // NTCAR
	DMSIDEVA                DMSID = 3  // EVA
	DMSIDWINCAR             DMSID = 4  // WINCAR, import limited information from WINCAR
	DMSIDAnonymousEVA       DMSID = 5  // ANONYMOUS EVA, import from EVA without personal data
	DMSIDAutoline           DMSID = 6  // AUTOLINE, import from AUTOLINE
	DMSIDAutolineEFNefkens  DMSID = 7  // AUTOLINE_EF_NEFKENS, import from AUTOLINE for holding Emil Frey, dealer Nefkens
	DMSIDTestAPI            DMSID = 8  // TEST_API, import from a Claire test DMS, through scheduler, where data is autogenerated
	DMSIDTestSOW            DMSID = 9  // TEST_SOW, import from a Claire test DMS, through sow, where data is autogenerated
	DMSIDIncadea            DMSID = 10 // INCADEA, import from Incadea
	DMSIDTruckVision        DMSID = 11 // TRUCK_VISION, import from Truck Vision
	DMSIDICARWO             DMSID = 12 // ICAR_WO, import from ICAR
	DMSIDCarIT              DMSID = 13 // CARIT, import from Car IT from dealers that use a 3rd party planning tool
	DMSIDAutolineOpelMenu   DMSID = 14 // AUTOLINE_OPEL_MENU, import from AUTOLINE with Opel interventions
	DMSIDKeyloopMenus       DMSID = 15 // KEYLOOP_MENUS, import from Keyloop, use jobs contents as interventions
	DMSIDCustomQueries      DMSID = 16 // CUSTOM_QUERIES, dms id for running custom queries only, no import
	DMSIDKeyloopJobs        DMSID = 17 // KEYLOOP_JOBS, import from Keyloop, use jobs as interventions
	DMSIDAutolineEFTerwolde DMSID = 18 // AUTOLINE_EF_TERWOLDE, import from autoline for terwolde
	DMSIDICARPlanning       DMSID = 19 // ICAR_PLANNING, import from ICAR from dealers that use the dms planning
	DMSIDAutoflex           DMSID = 20 // AUTOFLEX, import from AUTOFLEX
	DMSIDAutoflexQAStaging  DMSID = 21 // AUTOFLEX_QA_STAGING, import from AUTOFLEX' staging environment
	DMSIDNextlane           DMSID = 22 // NEXTLANE, import from NEXTLANE
	DMSIDWincarAPI          DMSID = 23 // WINCAR_API, import from WINCAR_API
)

// DMSIDValues lists every valid DMSID, in the spec's order.
var DMSIDValues = []DMSID{DMSIDUnset, DMSIDNTCAR, DMSIDEVA, DMSIDWINCAR, DMSIDAnonymousEVA, DMSIDAutoline, DMSIDAutolineEFNefkens, DMSIDTestAPI, DMSIDTestSOW, DMSIDIncadea, DMSIDTruckVision, DMSIDICARWO, DMSIDCarIT, DMSIDAutolineOpelMenu, DMSIDKeyloopMenus, DMSIDCustomQueries, DMSIDKeyloopJobs, DMSIDAutolineEFTerwolde, DMSIDICARPlanning, DMSIDAutoflex, DMSIDAutoflexQAStaging, DMSIDNextlane, DMSIDWincarAPI}

var dMSIDDescriptions = map[DMSID]string{
	DMSIDUnset:              `Default value for location who do not have a DMS set yet`,
	DMSIDNTCAR:              `NTCAR`,
	DMSIDEVA:                `EVA`,
	DMSIDWINCAR:             `WINCAR, import limited information from WINCAR`,
	DMSIDAnonymousEVA:       `ANONYMOUS EVA, import from EVA without personal data`,
	DMSIDAutoline:           `AUTOLINE, import from AUTOLINE`,
	DMSIDAutolineEFNefkens:  `AUTOLINE_EF_NEFKENS, import from AUTOLINE for holding Emil Frey, dealer Nefkens`,
	DMSIDTestAPI:            `TEST_API, import from a Claire test DMS, through scheduler, where data is autogenerated`,
	DMSIDTestSOW:            `TEST_SOW, import from a Claire test DMS, through sow, where data is autogenerated`,
	DMSIDIncadea:            `INCADEA, import from Incadea`,
	DMSIDTruckVision:        `TRUCK_VISION, import from Truck Vision`,
	DMSIDICARWO:             `ICAR_WO, import from ICAR`,
	DMSIDCarIT:              `CARIT, import from Car IT from dealers that use a 3rd party planning tool`,
	DMSIDAutolineOpelMenu:   `AUTOLINE_OPEL_MENU, import from AUTOLINE with Opel interventions`,
	DMSIDKeyloopMenus:       `KEYLOOP_MENUS, import from Keyloop, use jobs contents as interventions`,
	DMSIDCustomQueries:      `CUSTOM_QUERIES, dms id for running custom queries only, no import`,
	DMSIDKeyloopJobs:        `KEYLOOP_JOBS, import from Keyloop, use jobs as interventions`,
	DMSIDAutolineEFTerwolde: `AUTOLINE_EF_TERWOLDE, import from autoline for terwolde`,
	DMSIDICARPlanning:       `ICAR_PLANNING, import from ICAR from dealers that use the dms planning`,
	DMSIDAutoflex:           `AUTOFLEX, import from AUTOFLEX`,
	DMSIDAutoflexQAStaging:  `AUTOFLEX_QA_STAGING, import from AUTOFLEX' staging environment`,
	DMSIDNextlane:           `NEXTLANE, import from NEXTLANE`,
	DMSIDWincarAPI:          `WINCAR_API, import from WINCAR_API`,
}

// Valid reports whether v is one of the spec's values.
func (v DMSID) Valid() bool { _, ok := dMSIDDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v DMSID) Description() string { return dMSIDDescriptions[v] }

// DeskCommunicationEventType is the spec's DeskCommunicationEventType enumeration.
type DeskCommunicationEventType int

const (
	DeskCommunicationEventTypeSent         DeskCommunicationEventType = 1 // Desk check-in was sent to the tablet
	DeskCommunicationEventTypeReceived     DeskCommunicationEventType = 2 // Desk check-in was received by the tablet
	DeskCommunicationEventTypeFailedToOpen DeskCommunicationEventType = 3 // Desk check-in failed to open on the tablet
	DeskCommunicationEventTypeOpened       DeskCommunicationEventType = 4 // Desk check-in was opened successfully by the tablet
	DeskCommunicationEventTypeCanceled     DeskCommunicationEventType = 5 // Desk check-in was canceled by the receptionist
	DeskCommunicationEventTypeAnswered     DeskCommunicationEventType = 6 // Desk check-in was answered by the customer
)

// DeskCommunicationEventTypeValues lists every valid DeskCommunicationEventType, in the spec's order.
var DeskCommunicationEventTypeValues = []DeskCommunicationEventType{DeskCommunicationEventTypeSent, DeskCommunicationEventTypeReceived, DeskCommunicationEventTypeFailedToOpen, DeskCommunicationEventTypeOpened, DeskCommunicationEventTypeCanceled, DeskCommunicationEventTypeAnswered}

var deskCommunicationEventTypeDescriptions = map[DeskCommunicationEventType]string{
	DeskCommunicationEventTypeSent:         `Desk check-in was sent to the tablet`,
	DeskCommunicationEventTypeReceived:     `Desk check-in was received by the tablet`,
	DeskCommunicationEventTypeFailedToOpen: `Desk check-in failed to open on the tablet`,
	DeskCommunicationEventTypeOpened:       `Desk check-in was opened successfully by the tablet`,
	DeskCommunicationEventTypeCanceled:     `Desk check-in was canceled by the receptionist`,
	DeskCommunicationEventTypeAnswered:     `Desk check-in was answered by the customer`,
}

// Valid reports whether v is one of the spec's values.
func (v DeskCommunicationEventType) Valid() bool {
	_, ok := deskCommunicationEventTypeDescriptions[v]
	return ok
}

// Description is the spec's description of v.
func (v DeskCommunicationEventType) Description() string {
	return deskCommunicationEventTypeDescriptions[v]
}

// DeskCommunicationStatus is the spec's DeskCommunicationStatus enumeration.
type DeskCommunicationStatus int

const (
	DeskCommunicationStatusSent         DeskCommunicationStatus = 1 // Desk check-in was sent to the tablet
	DeskCommunicationStatusReceived     DeskCommunicationStatus = 2 // Desk check-in was received by the tablet
	DeskCommunicationStatusFailedToOpen DeskCommunicationStatus = 3 // Desk check-in failed to open on the tablet
	DeskCommunicationStatusOpened       DeskCommunicationStatus = 4 // Desk check-in was opened successfuly by the tablet
	DeskCommunicationStatusAnswered     DeskCommunicationStatus = 5 // Desk check-in was answered by the customer
	DeskCommunicationStatusClosed       DeskCommunicationStatus = 6 // Desk check-in is closed
)

// DeskCommunicationStatusValues lists every valid DeskCommunicationStatus, in the spec's order.
var DeskCommunicationStatusValues = []DeskCommunicationStatus{DeskCommunicationStatusSent, DeskCommunicationStatusReceived, DeskCommunicationStatusFailedToOpen, DeskCommunicationStatusOpened, DeskCommunicationStatusAnswered, DeskCommunicationStatusClosed}

var deskCommunicationStatusDescriptions = map[DeskCommunicationStatus]string{
	DeskCommunicationStatusSent:         `Desk check-in was sent to the tablet`,
	DeskCommunicationStatusReceived:     `Desk check-in was received by the tablet`,
	DeskCommunicationStatusFailedToOpen: `Desk check-in failed to open on the tablet`,
	DeskCommunicationStatusOpened:       `Desk check-in was opened successfuly by the tablet`,
	DeskCommunicationStatusAnswered:     `Desk check-in was answered by the customer`,
	DeskCommunicationStatusClosed:       `Desk check-in is closed`,
}

// Valid reports whether v is one of the spec's values.
func (v DeskCommunicationStatus) Valid() bool {
	_, ok := deskCommunicationStatusDescriptions[v]
	return ok
}

// Description is the spec's description of v.
func (v DeskCommunicationStatus) Description() string { return deskCommunicationStatusDescriptions[v] }

// HeadingPosition is the spec's HeadingPosition enumeration.
type HeadingPosition int

const (
	HeadingPositionTop    HeadingPosition = 1 // Heading content at the top
	HeadingPositionBottom HeadingPosition = 2 // Heading content at the bottom
)

// HeadingPositionValues lists every valid HeadingPosition, in the spec's order.
var HeadingPositionValues = []HeadingPosition{HeadingPositionTop, HeadingPositionBottom}

var headingPositionDescriptions = map[HeadingPosition]string{
	HeadingPositionTop:    `Heading content at the top`,
	HeadingPositionBottom: `Heading content at the bottom`,
}

// Valid reports whether v is one of the spec's values.
func (v HeadingPosition) Valid() bool { _, ok := headingPositionDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v HeadingPosition) Description() string { return headingPositionDescriptions[v] }

// InterventionElementStatus is the spec's InterventionElementStatus enumeration.
type InterventionElementStatus int

const (
	InterventionElementStatusActive  InterventionElementStatus = 1 // The element is active
	InterventionElementStatusOnHold  InterventionElementStatus = 2 // The element is on hold
	InterventionElementStatusDeleted InterventionElementStatus = 3 // The element is deleted
)

// InterventionElementStatusValues lists every valid InterventionElementStatus, in the spec's order.
var InterventionElementStatusValues = []InterventionElementStatus{InterventionElementStatusActive, InterventionElementStatusOnHold, InterventionElementStatusDeleted}

var interventionElementStatusDescriptions = map[InterventionElementStatus]string{
	InterventionElementStatusActive:  `The element is active`,
	InterventionElementStatusOnHold:  `The element is on hold`,
	InterventionElementStatusDeleted: `The element is deleted`,
}

// Valid reports whether v is one of the spec's values.
func (v InterventionElementStatus) Valid() bool {
	_, ok := interventionElementStatusDescriptions[v]
	return ok
}

// Description is the spec's description of v.
func (v InterventionElementStatus) Description() string {
	return interventionElementStatusDescriptions[v]
}

// InterventionElementType is the spec's InterventionElementType enumeration.
type InterventionElementType int

const (
	InterventionElementTypeTask      InterventionElementType = 1 // Denote a task element
	InterventionElementTypeLabor     InterventionElementType = 2 // Denote a labor element
	InterventionElementTypePart      InterventionElementType = 3 // Denote a part element
	InterventionElementTypeText      InterventionElementType = 4 // Denote a text element
	InterventionElementTypeDiscount  InterventionElementType = 5 // Denote a discount element
	InterventionElementTypeSmallPart InterventionElementType = 6 // Denote a small part element
	InterventionElementTypeFee       InterventionElementType = 7 // Denote a fee element, used to add fees to the intervention
	InterventionElementTypeRental    InterventionElementType = 8 // Denote a rental element, used to include information about the rented vehicle
	InterventionElementTypeMenu      InterventionElementType = 9 // Denote a menu element
)

// InterventionElementTypeValues lists every valid InterventionElementType, in the spec's order.
var InterventionElementTypeValues = []InterventionElementType{InterventionElementTypeTask, InterventionElementTypeLabor, InterventionElementTypePart, InterventionElementTypeText, InterventionElementTypeDiscount, InterventionElementTypeSmallPart, InterventionElementTypeFee, InterventionElementTypeRental, InterventionElementTypeMenu}

var interventionElementTypeDescriptions = map[InterventionElementType]string{
	InterventionElementTypeTask:      `Denote a task element`,
	InterventionElementTypeLabor:     `Denote a labor element`,
	InterventionElementTypePart:      `Denote a part element`,
	InterventionElementTypeText:      `Denote a text element`,
	InterventionElementTypeDiscount:  `Denote a discount element`,
	InterventionElementTypeSmallPart: `Denote a small part element`,
	InterventionElementTypeFee:       `Denote a fee element, used to add fees to the intervention`,
	InterventionElementTypeRental:    `Denote a rental element, used to include information about the rented vehicle`,
	InterventionElementTypeMenu:      `Denote a menu element`,
}

// Valid reports whether v is one of the spec's values.
func (v InterventionElementType) Valid() bool {
	_, ok := interventionElementTypeDescriptions[v]
	return ok
}

// Description is the spec's description of v.
func (v InterventionElementType) Description() string { return interventionElementTypeDescriptions[v] }

// KeyLockerCommunicationEventType is the spec's KeyLockerCommunicationEventType enumeration.
type KeyLockerCommunicationEventType int

const (
	KeyLockerCommunicationEventTypeDropPINSent   KeyLockerCommunicationEventType = 1 // PIN for dropping the key has been sent
	KeyLockerCommunicationEventTypeOpened        KeyLockerCommunicationEventType = 2 // KeyLocker Check-in was opened
	KeyLockerCommunicationEventTypeAnswered      KeyLockerCommunicationEventType = 3 // KeyLocker Check-in was answered
	KeyLockerCommunicationEventTypePickUpPINSent KeyLockerCommunicationEventType = 4 // PIN for key pick up has been sent
)

// KeyLockerCommunicationEventTypeValues lists every valid KeyLockerCommunicationEventType, in the spec's order.
var KeyLockerCommunicationEventTypeValues = []KeyLockerCommunicationEventType{KeyLockerCommunicationEventTypeDropPINSent, KeyLockerCommunicationEventTypeOpened, KeyLockerCommunicationEventTypeAnswered, KeyLockerCommunicationEventTypePickUpPINSent}

var keyLockerCommunicationEventTypeDescriptions = map[KeyLockerCommunicationEventType]string{
	KeyLockerCommunicationEventTypeDropPINSent:   `PIN for dropping the key has been sent`,
	KeyLockerCommunicationEventTypeOpened:        `KeyLocker Check-in was opened`,
	KeyLockerCommunicationEventTypeAnswered:      `KeyLocker Check-in was answered`,
	KeyLockerCommunicationEventTypePickUpPINSent: `PIN for key pick up has been sent`,
}

// Valid reports whether v is one of the spec's values.
func (v KeyLockerCommunicationEventType) Valid() bool {
	_, ok := keyLockerCommunicationEventTypeDescriptions[v]
	return ok
}

// Description is the spec's description of v.
func (v KeyLockerCommunicationEventType) Description() string {
	return keyLockerCommunicationEventTypeDescriptions[v]
}

// KeyLockerCommunicationStatus is the spec's KeyLockerCommunicationStatus enumeration.
type KeyLockerCommunicationStatus int

const (
	KeyLockerCommunicationStatusDropPINSent   KeyLockerCommunicationStatus = 1 // PIN for dropping the key has been sent
	KeyLockerCommunicationStatusOpened        KeyLockerCommunicationStatus = 2 // KeyLocker Check-in was opened
	KeyLockerCommunicationStatusAnswered      KeyLockerCommunicationStatus = 3 // KeyLocker Check-in was answered
	KeyLockerCommunicationStatusPickUpPINSent KeyLockerCommunicationStatus = 4 // PIN for key pick up has been sent
)

// KeyLockerCommunicationStatusValues lists every valid KeyLockerCommunicationStatus, in the spec's order.
var KeyLockerCommunicationStatusValues = []KeyLockerCommunicationStatus{KeyLockerCommunicationStatusDropPINSent, KeyLockerCommunicationStatusOpened, KeyLockerCommunicationStatusAnswered, KeyLockerCommunicationStatusPickUpPINSent}

var keyLockerCommunicationStatusDescriptions = map[KeyLockerCommunicationStatus]string{
	KeyLockerCommunicationStatusDropPINSent:   `PIN for dropping the key has been sent`,
	KeyLockerCommunicationStatusOpened:        `KeyLocker Check-in was opened`,
	KeyLockerCommunicationStatusAnswered:      `KeyLocker Check-in was answered`,
	KeyLockerCommunicationStatusPickUpPINSent: `PIN for key pick up has been sent`,
}

// Valid reports whether v is one of the spec's values.
func (v KeyLockerCommunicationStatus) Valid() bool {
	_, ok := keyLockerCommunicationStatusDescriptions[v]
	return ok
}

// Description is the spec's description of v.
func (v KeyLockerCommunicationStatus) Description() string {
	return keyLockerCommunicationStatusDescriptions[v]
}

// KeylockerPinRequestType is the spec's KeylockerPinRequestType enumeration.
type KeylockerPinRequestType int

const (
	KeylockerPinRequestTypePhoneNumber           KeylockerPinRequestType = 1 // The user requested Pin via Phone Number
	KeylockerPinRequestTypeRegNumber             KeylockerPinRequestType = 2 // The user requested Pin via Reg Number
	KeylockerPinRequestTypeTwoFactorDisabled     KeylockerPinRequestType = 3 // Two Factor authentication was disabled
	KeylockerPinRequestTypeOnlineCheckInAnswered KeylockerPinRequestType = 4 // Online CheckIn was answered and a PIN was automatically sent
)

// KeylockerPinRequestTypeValues lists every valid KeylockerPinRequestType, in the spec's order.
var KeylockerPinRequestTypeValues = []KeylockerPinRequestType{KeylockerPinRequestTypePhoneNumber, KeylockerPinRequestTypeRegNumber, KeylockerPinRequestTypeTwoFactorDisabled, KeylockerPinRequestTypeOnlineCheckInAnswered}

var keylockerPinRequestTypeDescriptions = map[KeylockerPinRequestType]string{
	KeylockerPinRequestTypePhoneNumber:           `The user requested Pin via Phone Number`,
	KeylockerPinRequestTypeRegNumber:             `The user requested Pin via Reg Number`,
	KeylockerPinRequestTypeTwoFactorDisabled:     `Two Factor authentication was disabled`,
	KeylockerPinRequestTypeOnlineCheckInAnswered: `Online CheckIn was answered and a PIN was automatically sent`,
}

// Valid reports whether v is one of the spec's values.
func (v KeylockerPinRequestType) Valid() bool {
	_, ok := keylockerPinRequestTypeDescriptions[v]
	return ok
}

// Description is the spec's description of v.
func (v KeylockerPinRequestType) Description() string { return keylockerPinRequestTypeDescriptions[v] }

// KioskCommunicationEventType is the spec's KioskCommunicationEventType enumeration.
type KioskCommunicationEventType int

const (
	KioskCommunicationEventTypeOpened        KioskCommunicationEventType = 1 // Kiosk Check-in was opened
	KioskCommunicationEventTypeAnswered      KioskCommunicationEventType = 2 // Kiosk Check-in was answered
	KioskCommunicationEventTypeLabelDetached KioskCommunicationEventType = 3 // Label was detached from the Key
)

// KioskCommunicationEventTypeValues lists every valid KioskCommunicationEventType, in the spec's order.
var KioskCommunicationEventTypeValues = []KioskCommunicationEventType{KioskCommunicationEventTypeOpened, KioskCommunicationEventTypeAnswered, KioskCommunicationEventTypeLabelDetached}

var kioskCommunicationEventTypeDescriptions = map[KioskCommunicationEventType]string{
	KioskCommunicationEventTypeOpened:        `Kiosk Check-in was opened`,
	KioskCommunicationEventTypeAnswered:      `Kiosk Check-in was answered`,
	KioskCommunicationEventTypeLabelDetached: `Label was detached from the Key`,
}

// Valid reports whether v is one of the spec's values.
func (v KioskCommunicationEventType) Valid() bool {
	_, ok := kioskCommunicationEventTypeDescriptions[v]
	return ok
}

// Description is the spec's description of v.
func (v KioskCommunicationEventType) Description() string {
	return kioskCommunicationEventTypeDescriptions[v]
}

// KioskCommunicationStatus is the spec's KioskCommunicationStatus enumeration.
type KioskCommunicationStatus int

const (
	KioskCommunicationStatusOpened   KioskCommunicationStatus = 1 // Kiosk Check-in was opened
	KioskCommunicationStatusAnswered KioskCommunicationStatus = 2 // Kiosk Check-in was answered
)

// KioskCommunicationStatusValues lists every valid KioskCommunicationStatus, in the spec's order.
var KioskCommunicationStatusValues = []KioskCommunicationStatus{KioskCommunicationStatusOpened, KioskCommunicationStatusAnswered}

var kioskCommunicationStatusDescriptions = map[KioskCommunicationStatus]string{
	KioskCommunicationStatusOpened:   `Kiosk Check-in was opened`,
	KioskCommunicationStatusAnswered: `Kiosk Check-in was answered`,
}

// Valid reports whether v is one of the spec's values.
func (v KioskCommunicationStatus) Valid() bool {
	_, ok := kioskCommunicationStatusDescriptions[v]
	return ok
}

// Description is the spec's description of v.
func (v KioskCommunicationStatus) Description() string {
	return kioskCommunicationStatusDescriptions[v]
}

// LandingPageID is the spec's LandingPageID enumeration.
type LandingPageID int

const (
	LandingPageIDMain         LandingPageID = 1 // Main page
	LandingPageIDLead         LandingPageID = 2 // Lead Dashboard
	LandingPageIDWarranty     LandingPageID = 3 // Warranty Dashboard
	LandingPageIDManufacturer LandingPageID = 4 // Manufacturer Dashboard
	LandingPageIDDayplanner   LandingPageID = 5 // Dayplanner Dashboard
)

// LandingPageIDValues lists every valid LandingPageID, in the spec's order.
var LandingPageIDValues = []LandingPageID{LandingPageIDMain, LandingPageIDLead, LandingPageIDWarranty, LandingPageIDManufacturer, LandingPageIDDayplanner}

var landingPageIDDescriptions = map[LandingPageID]string{
	LandingPageIDMain:         `Main page`,
	LandingPageIDLead:         `Lead Dashboard`,
	LandingPageIDWarranty:     `Warranty Dashboard`,
	LandingPageIDManufacturer: `Manufacturer Dashboard`,
	LandingPageIDDayplanner:   `Dayplanner Dashboard`,
}

// Valid reports whether v is one of the spec's values.
func (v LandingPageID) Valid() bool { _, ok := landingPageIDDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v LandingPageID) Description() string { return landingPageIDDescriptions[v] }

// LanguageCode is the spec's LanguageCode enumeration.
type LanguageCode string

const (
	LanguageCodeEnGB LanguageCode = "en-GB" // English
	LanguageCodeNlNL LanguageCode = "nl-NL" // Dutch
	LanguageCodeFrFR LanguageCode = "fr-FR" // French
	LanguageCodeDeDE LanguageCode = "de-DE" // German
	LanguageCodeThFR LanguageCode = "th-FR" // Thai-French
)

// LanguageCodeValues lists every valid LanguageCode, in the spec's order.
var LanguageCodeValues = []LanguageCode{LanguageCodeEnGB, LanguageCodeNlNL, LanguageCodeFrFR, LanguageCodeDeDE, LanguageCodeThFR}

var languageCodeDescriptions = map[LanguageCode]string{
	LanguageCodeEnGB: `English`,
	LanguageCodeNlNL: `Dutch`,
	LanguageCodeFrFR: `French`,
	LanguageCodeDeDE: `German`,
	LanguageCodeThFR: `Thai-French`,
}

// Valid reports whether v is one of the spec's values.
func (v LanguageCode) Valid() bool { _, ok := languageCodeDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v LanguageCode) Description() string { return languageCodeDescriptions[v] }

// MCCStatus is the spec's MCCStatus enumeration.
type MCCStatus int

const (
	MCCStatusBrandNotSupported MCCStatus = 0 // Brand not supported
	MCCStatusNoCard            MCCStatus = 1 // No card
	MCCStatusInvalidCard       MCCStatus = 2 // Invalid card
	MCCStatusInvalidCardBis    MCCStatus = 3 // Invalid card bis
	MCCStatusExpiredCard       MCCStatus = 4 // Expired card
)

// MCCStatusValues lists every valid MCCStatus, in the spec's order.
var MCCStatusValues = []MCCStatus{MCCStatusBrandNotSupported, MCCStatusNoCard, MCCStatusInvalidCard, MCCStatusInvalidCardBis, MCCStatusExpiredCard}

var mCCStatusDescriptions = map[MCCStatus]string{
	MCCStatusBrandNotSupported: `Brand not supported`,
	MCCStatusNoCard:            `No card`,
	MCCStatusInvalidCard:       `Invalid card`,
	MCCStatusInvalidCardBis:    `Invalid card bis`,
	MCCStatusExpiredCard:       `Expired card`,
}

// Valid reports whether v is one of the spec's values.
func (v MCCStatus) Valid() bool { _, ok := mCCStatusDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v MCCStatus) Description() string { return mCCStatusDescriptions[v] }

// NoteTypeID is the spec's NoteTypeID enumeration.
type NoteTypeID int

const (
	NoteTypeIDCallCustomer NoteTypeID = 1 // Call customer appointment note
	NoteTypeIDRemarkPin    NoteTypeID = 2 // Remark pin note
	NoteTypeIDWarrantyPin  NoteTypeID = 3 // Warranty pin note
	NoteTypeIDRecallPin    NoteTypeID = 4 // Recall pin note
	NoteTypeIDParking      NoteTypeID = 5 // Parking note
)

// NoteTypeIDValues lists every valid NoteTypeID, in the spec's order.
var NoteTypeIDValues = []NoteTypeID{NoteTypeIDCallCustomer, NoteTypeIDRemarkPin, NoteTypeIDWarrantyPin, NoteTypeIDRecallPin, NoteTypeIDParking}

var noteTypeIDDescriptions = map[NoteTypeID]string{
	NoteTypeIDCallCustomer: `Call customer appointment note`,
	NoteTypeIDRemarkPin:    `Remark pin note`,
	NoteTypeIDWarrantyPin:  `Warranty pin note`,
	NoteTypeIDRecallPin:    `Recall pin note`,
	NoteTypeIDParking:      `Parking note`,
}

// Valid reports whether v is one of the spec's values.
func (v NoteTypeID) Valid() bool { _, ok := noteTypeIDDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v NoteTypeID) Description() string { return noteTypeIDDescriptions[v] }

// PinOrderStatusID is the spec's PinOrderStatusID enumeration.
type PinOrderStatusID int

const (
	PinOrderStatusIDToOrder   PinOrderStatusID = 2 // To Order
	PinOrderStatusIDSameDay   PinOrderStatusID = 1 // Same Day
	PinOrderStatusIDNextDay   PinOrderStatusID = 3 // Next Day
	PinOrderStatusIDBackOrder PinOrderStatusID = 4 // Back Order
)

// PinOrderStatusIDValues lists every valid PinOrderStatusID, in the spec's order.
var PinOrderStatusIDValues = []PinOrderStatusID{PinOrderStatusIDToOrder, PinOrderStatusIDSameDay, PinOrderStatusIDNextDay, PinOrderStatusIDBackOrder}

var pinOrderStatusIDDescriptions = map[PinOrderStatusID]string{
	PinOrderStatusIDToOrder:   `To Order`,
	PinOrderStatusIDSameDay:   `Same Day`,
	PinOrderStatusIDNextDay:   `Next Day`,
	PinOrderStatusIDBackOrder: `Back Order`,
}

// Valid reports whether v is one of the spec's values.
func (v PinOrderStatusID) Valid() bool { _, ok := pinOrderStatusIDDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v PinOrderStatusID) Description() string { return pinOrderStatusIDDescriptions[v] }

// PinStatusID is the spec's PinStatusID enumeration.
type PinStatusID int

const (
	PinStatusIDNotSet          PinStatusID = 0  // Not Set
	PinStatusIDDeleted         PinStatusID = 1  // Deleted
	PinStatusIDSupport         PinStatusID = 2  // Support
	PinStatusIDApprovalPending PinStatusID = 3  // Approval pending
	PinStatusIDMoreInfo        PinStatusID = 4  // More info
	PinStatusIDApproved        PinStatusID = 5  // Approved
	PinStatusIDDeclined        PinStatusID = 6  // Declined
	PinStatusIDToClaim         PinStatusID = 7  // To claim
	PinStatusIDClaimed         PinStatusID = 8  // Claimed
	PinStatusIDBilled          PinStatusID = 9  // Billed
	PinStatusIDRequest         PinStatusID = 10 // Request
)

// PinStatusIDValues lists every valid PinStatusID, in the spec's order.
var PinStatusIDValues = []PinStatusID{PinStatusIDNotSet, PinStatusIDDeleted, PinStatusIDSupport, PinStatusIDApprovalPending, PinStatusIDMoreInfo, PinStatusIDApproved, PinStatusIDDeclined, PinStatusIDToClaim, PinStatusIDClaimed, PinStatusIDBilled, PinStatusIDRequest}

var pinStatusIDDescriptions = map[PinStatusID]string{
	PinStatusIDNotSet:          `Not Set`,
	PinStatusIDDeleted:         `Deleted`,
	PinStatusIDSupport:         `Support`,
	PinStatusIDApprovalPending: `Approval pending`,
	PinStatusIDMoreInfo:        `More info`,
	PinStatusIDApproved:        `Approved`,
	PinStatusIDDeclined:        `Declined`,
	PinStatusIDToClaim:         `To claim`,
	PinStatusIDClaimed:         `Claimed`,
	PinStatusIDBilled:          `Billed`,
	PinStatusIDRequest:         `Request`,
}

// Valid reports whether v is one of the spec's values.
func (v PinStatusID) Valid() bool { _, ok := pinStatusIDDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v PinStatusID) Description() string { return pinStatusIDDescriptions[v] }

// PinTypeID is the spec's PinTypeID enumeration.
type PinTypeID int

const (
	PinTypeIDRemarks  PinTypeID = 1 // Pinned for remarks
	PinTypeIDWarranty PinTypeID = 2 // Pinned for warranty
	PinTypeIDRecall   PinTypeID = 3 // Pinned for recall
)

// PinTypeIDValues lists every valid PinTypeID, in the spec's order.
var PinTypeIDValues = []PinTypeID{PinTypeIDRemarks, PinTypeIDWarranty, PinTypeIDRecall}

var pinTypeIDDescriptions = map[PinTypeID]string{
	PinTypeIDRemarks:  `Pinned for remarks`,
	PinTypeIDWarranty: `Pinned for warranty`,
	PinTypeIDRecall:   `Pinned for recall`,
}

// Valid reports whether v is one of the spec's values.
func (v PinTypeID) Valid() bool { _, ok := pinTypeIDDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v PinTypeID) Description() string { return pinTypeIDDescriptions[v] }

// QuestionElementTemplate is the spec's QuestionElementTemplate enumeration.
type QuestionElementTemplate string

const (
	QuestionElementTemplateDropdown         QuestionElementTemplate = "dropdown"          // Dropdown
	QuestionElementTemplateDropdownMulti    QuestionElementTemplate = "dropdown_multi"    // Multiple selection dropdown
	QuestionElementTemplateSolutionElement  QuestionElementTemplate = "solution_element"  // Solution element
	QuestionElementTemplateTextfield        QuestionElementTemplate = "textfield"         // Text field
	QuestionElementTemplateNumber           QuestionElementTemplate = "number"            // Number field
	QuestionElementTemplateTextarea         QuestionElementTemplate = "textarea"          // Textarea
	QuestionElementTemplateSpinner          QuestionElementTemplate = "spinner"           // Spinner
	QuestionElementTemplateDatepicker       QuestionElementTemplate = "datepicker"        // Date picker
	QuestionElementTemplateTyre             QuestionElementTemplate = "tyre"              // Tyre element
	QuestionElementTemplatePanic            QuestionElementTemplate = "panic"             // Panic element
	QuestionElementTemplateTestdriveMileage QuestionElementTemplate = "testdrive_mileage" // Test drive mileage element
)

// QuestionElementTemplateValues lists every valid QuestionElementTemplate, in the spec's order.
var QuestionElementTemplateValues = []QuestionElementTemplate{QuestionElementTemplateDropdown, QuestionElementTemplateDropdownMulti, QuestionElementTemplateSolutionElement, QuestionElementTemplateTextfield, QuestionElementTemplateNumber, QuestionElementTemplateTextarea, QuestionElementTemplateSpinner, QuestionElementTemplateDatepicker, QuestionElementTemplateTyre, QuestionElementTemplatePanic, QuestionElementTemplateTestdriveMileage}

var questionElementTemplateDescriptions = map[QuestionElementTemplate]string{
	QuestionElementTemplateDropdown:         `Dropdown`,
	QuestionElementTemplateDropdownMulti:    `Multiple selection dropdown`,
	QuestionElementTemplateSolutionElement:  `Solution element`,
	QuestionElementTemplateTextfield:        `Text field`,
	QuestionElementTemplateNumber:           `Number field`,
	QuestionElementTemplateTextarea:         `Textarea`,
	QuestionElementTemplateSpinner:          `Spinner`,
	QuestionElementTemplateDatepicker:       `Date picker`,
	QuestionElementTemplateTyre:             `Tyre element`,
	QuestionElementTemplatePanic:            `Panic element`,
	QuestionElementTemplateTestdriveMileage: `Test drive mileage element`,
}

// Valid reports whether v is one of the spec's values.
func (v QuestionElementTemplate) Valid() bool {
	_, ok := questionElementTemplateDescriptions[v]
	return ok
}

// Description is the spec's description of v.
func (v QuestionElementTemplate) Description() string { return questionElementTemplateDescriptions[v] }

// QuestionResultStatus is the spec's QuestionResultStatus enumeration.
type QuestionResultStatus int

const (
	QuestionResultStatusOK            QuestionResultStatus = 0 // OK
	QuestionResultStatusOKWithRemarks QuestionResultStatus = 1 // OK with remarks
	QuestionResultStatusAdvised       QuestionResultStatus = 2 // Advised
	QuestionResultStatusNecessary     QuestionResultStatus = 3 // Necessary
	QuestionResultStatusNotWorkedOn   QuestionResultStatus = 4 // Not worked on
)

// QuestionResultStatusValues lists every valid QuestionResultStatus, in the spec's order.
var QuestionResultStatusValues = []QuestionResultStatus{QuestionResultStatusOK, QuestionResultStatusOKWithRemarks, QuestionResultStatusAdvised, QuestionResultStatusNecessary, QuestionResultStatusNotWorkedOn}

var questionResultStatusDescriptions = map[QuestionResultStatus]string{
	QuestionResultStatusOK:            `OK`,
	QuestionResultStatusOKWithRemarks: `OK with remarks`,
	QuestionResultStatusAdvised:       `Advised`,
	QuestionResultStatusNecessary:     `Necessary`,
	QuestionResultStatusNotWorkedOn:   `Not worked on`,
}

// Valid reports whether v is one of the spec's values.
func (v QuestionResultStatus) Valid() bool { _, ok := questionResultStatusDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v QuestionResultStatus) Description() string { return questionResultStatusDescriptions[v] }

// RoleID is the spec's RoleID enumeration.
type RoleID int

const (
	RoleIDTopLevel       RoleID = 10  // Top level user role (has all permissions)
	RoleIDClaireAdmin    RoleID = 20  // Claire admin role
	RoleIDSupportAdmin   RoleID = 25  // Support adminole role, similar to claire admin but without deleting rights
	RoleIDDealerManager  RoleID = 30  // Manage dealers attached to it
	RoleIDDealerAdmin    RoleID = 40  // Manage a single dealer
	RoleIDReceptionist   RoleID = 50  // Uses the dashboard and does aanname checks
	RoleIDMechanic       RoleID = 60  // Does car checks
	RoleIDMultiLocation  RoleID = 70  // Allowed to use multiple locations for one dealer
	RoleIDQualityControl RoleID = 80  // Does quality controls
	RoleIDLeadsWarranty  RoleID = 90  // Perform leads, recall and warranty related tasks on allowed locations from one or more dealers
	RoleIDCounterTablet  RoleID = 100 // User by tablet on the counter of receptionists
	RoleIDManufacturer   RoleID = 110 // Manufacturer are allowed to update certain data after their requests to access specific appointments are being granted
)

// RoleIDValues lists every valid RoleID, in the spec's order.
var RoleIDValues = []RoleID{RoleIDTopLevel, RoleIDClaireAdmin, RoleIDSupportAdmin, RoleIDDealerManager, RoleIDDealerAdmin, RoleIDReceptionist, RoleIDMechanic, RoleIDMultiLocation, RoleIDQualityControl, RoleIDLeadsWarranty, RoleIDCounterTablet, RoleIDManufacturer}

var roleIDDescriptions = map[RoleID]string{
	RoleIDTopLevel:       `Top level user role (has all permissions)`,
	RoleIDClaireAdmin:    `Claire admin role`,
	RoleIDSupportAdmin:   `Support adminole role, similar to claire admin but without deleting rights`,
	RoleIDDealerManager:  `Manage dealers attached to it`,
	RoleIDDealerAdmin:    `Manage a single dealer`,
	RoleIDReceptionist:   `Uses the dashboard and does aanname checks`,
	RoleIDMechanic:       `Does car checks`,
	RoleIDMultiLocation:  `Allowed to use multiple locations for one dealer`,
	RoleIDQualityControl: `Does quality controls`,
	RoleIDLeadsWarranty:  `Perform leads, recall and warranty related tasks on allowed locations from one or more dealers`,
	RoleIDCounterTablet:  `User by tablet on the counter of receptionists`,
	RoleIDManufacturer:   `Manufacturer are allowed to update certain data after their requests to access specific appointments are being granted`,
}

// Valid reports whether v is one of the spec's values.
func (v RoleID) Valid() bool { _, ok := roleIDDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v RoleID) Description() string { return roleIDDescriptions[v] }

// SMSGateway is the spec's SMSGateway enumeration.
type SMSGateway int

const (
	SMSGatewayDisabled    SMSGateway = 1 // SMS Gateway is disabled
	SMSGatewayChatshipper SMSGateway = 2 // Chatshipper SMS Gateway
	SMSGatewayTwilio      SMSGateway = 3 // Twilio SMS Gateway
)

// SMSGatewayValues lists every valid SMSGateway, in the spec's order.
var SMSGatewayValues = []SMSGateway{SMSGatewayDisabled, SMSGatewayChatshipper, SMSGatewayTwilio}

var sMSGatewayDescriptions = map[SMSGateway]string{
	SMSGatewayDisabled:    `SMS Gateway is disabled`,
	SMSGatewayChatshipper: `Chatshipper SMS Gateway`,
	SMSGatewayTwilio:      `Twilio SMS Gateway`,
}

// Valid reports whether v is one of the spec's values.
func (v SMSGateway) Valid() bool { _, ok := sMSGatewayDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v SMSGateway) Description() string { return sMSGatewayDescriptions[v] }

// Season is the spec's Season enumeration.
type Season int

const (
	SeasonNone      Season = -1 // No season
	SeasonAllSeason Season = 0  // All season
	SeasonWinter    Season = 1  // Winter season
	SeasonSummer    Season = 2  // Summer season
	SeasonTruck     Season = 3  // Truck season
)

// SeasonValues lists every valid Season, in the spec's order.
var SeasonValues = []Season{SeasonNone, SeasonAllSeason, SeasonWinter, SeasonSummer, SeasonTruck}

var seasonDescriptions = map[Season]string{
	SeasonNone:      `No season`,
	SeasonAllSeason: `All season`,
	SeasonWinter:    `Winter season`,
	SeasonSummer:    `Summer season`,
	SeasonTruck:     `Truck season`,
}

// Valid reports whether v is one of the spec's values.
func (v Season) Valid() bool { _, ok := seasonDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v Season) Description() string { return seasonDescriptions[v] }

// SnoozeDepartmentID is the spec's SnoozeDepartmentID enumeration.
type SnoozeDepartmentID int

const (
	SnoozeDepartmentIDSales                       SnoozeDepartmentID = 1 // Sales
	SnoozeDepartmentIDCustomerCommunicationCenter SnoozeDepartmentID = 2 // Customer communication center
	SnoozeDepartmentIDBodyRepair                  SnoozeDepartmentID = 3 // BodyRepair
	SnoozeDepartmentIDExternal                    SnoozeDepartmentID = 4 // External
	SnoozeDepartmentIDDigital                     SnoozeDepartmentID = 5 // Digital
	SnoozeDepartmentIDParts                       SnoozeDepartmentID = 6 // Parts
)

// SnoozeDepartmentIDValues lists every valid SnoozeDepartmentID, in the spec's order.
var SnoozeDepartmentIDValues = []SnoozeDepartmentID{SnoozeDepartmentIDSales, SnoozeDepartmentIDCustomerCommunicationCenter, SnoozeDepartmentIDBodyRepair, SnoozeDepartmentIDExternal, SnoozeDepartmentIDDigital, SnoozeDepartmentIDParts}

var snoozeDepartmentIDDescriptions = map[SnoozeDepartmentID]string{
	SnoozeDepartmentIDSales:                       `Sales`,
	SnoozeDepartmentIDCustomerCommunicationCenter: `Customer communication center`,
	SnoozeDepartmentIDBodyRepair:                  `BodyRepair`,
	SnoozeDepartmentIDExternal:                    `External`,
	SnoozeDepartmentIDDigital:                     `Digital`,
	SnoozeDepartmentIDParts:                       `Parts`,
}

// Valid reports whether v is one of the spec's values.
func (v SnoozeDepartmentID) Valid() bool { _, ok := snoozeDepartmentIDDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v SnoozeDepartmentID) Description() string { return snoozeDepartmentIDDescriptions[v] }

// SnoozeStatusID is the spec's SnoozeStatusID enumeration.
type SnoozeStatusID int

const (
	SnoozeStatusIDDeleted     SnoozeStatusID = 0 // Deleted
	SnoozeStatusIDNew         SnoozeStatusID = 1 // New
	SnoozeStatusIDInProgress  SnoozeStatusID = 2 // In progress
	SnoozeStatusIDApproved    SnoozeStatusID = 3 // Approved
	SnoozeStatusIDDeclined    SnoozeStatusID = 4 // Declined
	SnoozeStatusIDDeclinedBis SnoozeStatusID = 5 // Declined
	SnoozeStatusIDDone        SnoozeStatusID = 6 // Done
)

// SnoozeStatusIDValues lists every valid SnoozeStatusID, in the spec's order.
var SnoozeStatusIDValues = []SnoozeStatusID{SnoozeStatusIDDeleted, SnoozeStatusIDNew, SnoozeStatusIDInProgress, SnoozeStatusIDApproved, SnoozeStatusIDDeclined, SnoozeStatusIDDeclinedBis, SnoozeStatusIDDone}

var snoozeStatusIDDescriptions = map[SnoozeStatusID]string{
	SnoozeStatusIDDeleted:     `Deleted`,
	SnoozeStatusIDNew:         `New`,
	SnoozeStatusIDInProgress:  `In progress`,
	SnoozeStatusIDApproved:    `Approved`,
	SnoozeStatusIDDeclined:    `Declined`,
	SnoozeStatusIDDeclinedBis: `Declined`,
	SnoozeStatusIDDone:        `Done`,
}

// Valid reports whether v is one of the spec's values.
func (v SnoozeStatusID) Valid() bool { _, ok := snoozeStatusIDDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v SnoozeStatusID) Description() string { return snoozeStatusIDDescriptions[v] }

// SnoozeTypeID is the spec's SnoozeTypeID enumeration.
type SnoozeTypeID int

const (
	SnoozeTypeIDNextVisit      SnoozeTypeID = 1 // Snoozed for the customer next visit
	SnoozeTypeIDOffer          SnoozeTypeID = 2 // Snoozed to make an offer
	SnoozeTypeIDNewAppointment SnoozeTypeID = 3 // Snoozed to make a new appointment
	SnoozeTypeIDRemind         SnoozeTypeID = 4 // Snoozed to remind the customer
)

// SnoozeTypeIDValues lists every valid SnoozeTypeID, in the spec's order.
var SnoozeTypeIDValues = []SnoozeTypeID{SnoozeTypeIDNextVisit, SnoozeTypeIDOffer, SnoozeTypeIDNewAppointment, SnoozeTypeIDRemind}

var snoozeTypeIDDescriptions = map[SnoozeTypeID]string{
	SnoozeTypeIDNextVisit:      `Snoozed for the customer next visit`,
	SnoozeTypeIDOffer:          `Snoozed to make an offer`,
	SnoozeTypeIDNewAppointment: `Snoozed to make a new appointment`,
	SnoozeTypeIDRemind:         `Snoozed to remind the customer`,
}

// Valid reports whether v is one of the spec's values.
func (v SnoozeTypeID) Valid() bool { _, ok := snoozeTypeIDDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v SnoozeTypeID) Description() string { return snoozeTypeIDDescriptions[v] }

// StatusIdentifier is the spec's StatusIdentifier enumeration.
type StatusIdentifier int

const (
	StatusIdentifierCancelled                      StatusIdentifier = -1 // The appointment has been cancelled
	StatusIdentifierNew                            StatusIdentifier = 1  // Initial status for a new appoitment
	StatusIdentifierCarCheckCompleted              StatusIdentifier = 2  // A car check is completed
	StatusIdentifierPricingDone                    StatusIdentifier = 3  // Pricing calculation is done
	StatusIdentifierCustomerApproved               StatusIdentifier = 4  // Customer approved pricing
	StatusIdentifierCarReady                       StatusIdentifier = 5  // The car is ready
	StatusIdentifierCarCheckRequired               StatusIdentifier = 6  // An car check is required, set by a receptionist
	StatusIdentifierInitialCheckDone               StatusIdentifier = 7  // Initial check done by a receptionist
	StatusIdentifierPricing                        StatusIdentifier = 8  // Receptionists are doing pricing calculations
	StatusIdentifierContactingCustomer             StatusIdentifier = 9  // The customer is being contacted to approve pricing
	StatusIdentifierCarCheckStarted                StatusIdentifier = 10 // A car check has started
	StatusIdentifierQualityCheckCompleted          StatusIdentifier = 11 // A quality check is completed
	StatusIdentifierCustomerAnsweredOnline         StatusIdentifier = 12 // The customer answered through online communication
	StatusIdentifierBackOrder                      StatusIdentifier = 13 // The appointment is delayed and is waiting on a back order
	StatusIdentifierCheckInToHandle                StatusIdentifier = 50 // Not returned by the backend, shown if the receptionist need to handle the Online Check-in answer
	StatusIdentifierCheckInHandled                 StatusIdentifier = 51 // Not returned by the backend, shown if the Online Check-in is answered and handled
	StatusIdentifierCarInShop                      StatusIdentifier = 52 // Not returned by the backend, shown if the car is in the shop
	StatusIdentifierRepairOverviewSentCarOK        StatusIdentifier = 53 // Not returned by the backend, shown if repair overview was sent to customer for car ok status
	StatusIdentifierRepairOverviewSentQualityCheck StatusIdentifier = 54 // Not returned by the backend, shown if repair overview was sent to customer for quality check status
	StatusIdentifierCarOutOfShop                   StatusIdentifier = 55 // Not returned by the backend, shown if the car is out of the shop
)

// StatusIdentifierValues lists every valid StatusIdentifier, in the spec's order.
var StatusIdentifierValues = []StatusIdentifier{StatusIdentifierCancelled, StatusIdentifierNew, StatusIdentifierCarCheckCompleted, StatusIdentifierPricingDone, StatusIdentifierCustomerApproved, StatusIdentifierCarReady, StatusIdentifierCarCheckRequired, StatusIdentifierInitialCheckDone, StatusIdentifierPricing, StatusIdentifierContactingCustomer, StatusIdentifierCarCheckStarted, StatusIdentifierQualityCheckCompleted, StatusIdentifierCustomerAnsweredOnline, StatusIdentifierBackOrder, StatusIdentifierCheckInToHandle, StatusIdentifierCheckInHandled, StatusIdentifierCarInShop, StatusIdentifierRepairOverviewSentCarOK, StatusIdentifierRepairOverviewSentQualityCheck, StatusIdentifierCarOutOfShop}

var statusIdentifierDescriptions = map[StatusIdentifier]string{
	StatusIdentifierCancelled:                      `The appointment has been cancelled`,
	StatusIdentifierNew:                            `Initial status for a new appoitment`,
	StatusIdentifierCarCheckCompleted:              `A car check is completed`,
	StatusIdentifierPricingDone:                    `Pricing calculation is done`,
	StatusIdentifierCustomerApproved:               `Customer approved pricing`,
	StatusIdentifierCarReady:                       `The car is ready`,
	StatusIdentifierCarCheckRequired:               `An car check is required, set by a receptionist`,
	StatusIdentifierInitialCheckDone:               `Initial check done by a receptionist`,
	StatusIdentifierPricing:                        `Receptionists are doing pricing calculations`,
	StatusIdentifierContactingCustomer:             `The customer is being contacted to approve pricing`,
	StatusIdentifierCarCheckStarted:                `A car check has started`,
	StatusIdentifierQualityCheckCompleted:          `A quality check is completed`,
	StatusIdentifierCustomerAnsweredOnline:         `The customer answered through online communication`,
	StatusIdentifierBackOrder:                      `The appointment is delayed and is waiting on a back order`,
	StatusIdentifierCheckInToHandle:                `Not returned by the backend, shown if the receptionist need to handle the Online Check-in answer`,
	StatusIdentifierCheckInHandled:                 `Not returned by the backend, shown if the Online Check-in is answered and handled`,
	StatusIdentifierCarInShop:                      `Not returned by the backend, shown if the car is in the shop`,
	StatusIdentifierRepairOverviewSentCarOK:        `Not returned by the backend, shown if repair overview was sent to customer for car ok status`,
	StatusIdentifierRepairOverviewSentQualityCheck: `Not returned by the backend, shown if repair overview was sent to customer for quality check status`,
	StatusIdentifierCarOutOfShop:                   `Not returned by the backend, shown if the car is out of the shop`,
}

// Valid reports whether v is one of the spec's values.
func (v StatusIdentifier) Valid() bool { _, ok := statusIdentifierDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v StatusIdentifier) Description() string { return statusIdentifierDescriptions[v] }

// StatusOverride is the spec's StatusOverride enumeration.
type StatusOverride int

const (
	StatusOverrideNone     StatusOverride = 0 // None
	StatusOverrideCanceled StatusOverride = 1 // Canceled
	StatusOverrideRestored StatusOverride = 2 // Restored
)

// StatusOverrideValues lists every valid StatusOverride, in the spec's order.
var StatusOverrideValues = []StatusOverride{StatusOverrideNone, StatusOverrideCanceled, StatusOverrideRestored}

var statusOverrideDescriptions = map[StatusOverride]string{
	StatusOverrideNone:     `None`,
	StatusOverrideCanceled: `Canceled`,
	StatusOverrideRestored: `Restored`,
}

// Valid reports whether v is one of the spec's values.
func (v StatusOverride) Valid() bool { _, ok := statusOverrideDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v StatusOverride) Description() string { return statusOverrideDescriptions[v] }

// TyreLocation is the spec's TyreLocation enumeration.
type TyreLocation int

const (
	TyreLocationOnCar              TyreLocation = 1 // On car
	TyreLocationInStorage          TyreLocation = 2 // In storage
	TyreLocationRemovedFromCar     TyreLocation = 3 // Removed, from car
	TyreLocationRemovedFromStorage TyreLocation = 4 // Removed, from storage
)

// TyreLocationValues lists every valid TyreLocation, in the spec's order.
var TyreLocationValues = []TyreLocation{TyreLocationOnCar, TyreLocationInStorage, TyreLocationRemovedFromCar, TyreLocationRemovedFromStorage}

var tyreLocationDescriptions = map[TyreLocation]string{
	TyreLocationOnCar:              `On car`,
	TyreLocationInStorage:          `In storage`,
	TyreLocationRemovedFromCar:     `Removed, from car`,
	TyreLocationRemovedFromStorage: `Removed, from storage`,
}

// Valid reports whether v is one of the spec's values.
func (v TyreLocation) Valid() bool { _, ok := tyreLocationDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v TyreLocation) Description() string { return tyreLocationDescriptions[v] }

// TyrePosition is the spec's TyrePosition enumeration.
type TyrePosition int

const (
	TyrePositionNone               TyrePosition = 0  // No tyre
	TyrePositionCarFrontLeft       TyrePosition = 1  // Car front left
	TyrePositionCarFrontRight      TyrePosition = 2  // Car front right
	TyrePositionCarRearLeft        TyrePosition = 3  // Car rear left
	TyrePositionCarRearRight       TyrePosition = 4  // Car rear right
	TyrePositionStorageFrontLeft   TyrePosition = 5  // Storage front left
	TyrePositionStorageFrontRight  TyrePosition = 6  // Storage front right
	TyrePositionStorageRearLeft    TyrePosition = 7  // Storage rear left
	TyrePositionStorageRearRight   TyrePosition = 8  // Storage rear right
	TyrePositionCarSpare           TyrePosition = 9  // Car spare
	TyrePositionTruckLeft          TyrePosition = 10 // Truck left
	TyrePositionTruckRight         TyrePosition = 11 // Truck right
	TyrePositionTruckExteriorLeft  TyrePosition = 12 // Truck exterior left
	TyrePositionTruckExteriorRight TyrePosition = 13 // Truck exterior right
	TyrePositionTruckInteriorLeft  TyrePosition = 14 // Truck interior left
	TyrePositionTruckInteriorRight TyrePosition = 15 // Truck interior right
	TyrePositionTruckSpare         TyrePosition = 16 // Truck spare
)

// TyrePositionValues lists every valid TyrePosition, in the spec's order.
var TyrePositionValues = []TyrePosition{TyrePositionNone, TyrePositionCarFrontLeft, TyrePositionCarFrontRight, TyrePositionCarRearLeft, TyrePositionCarRearRight, TyrePositionStorageFrontLeft, TyrePositionStorageFrontRight, TyrePositionStorageRearLeft, TyrePositionStorageRearRight, TyrePositionCarSpare, TyrePositionTruckLeft, TyrePositionTruckRight, TyrePositionTruckExteriorLeft, TyrePositionTruckExteriorRight, TyrePositionTruckInteriorLeft, TyrePositionTruckInteriorRight, TyrePositionTruckSpare}

var tyrePositionDescriptions = map[TyrePosition]string{
	TyrePositionNone:               `No tyre`,
	TyrePositionCarFrontLeft:       `Car front left`,
	TyrePositionCarFrontRight:      `Car front right`,
	TyrePositionCarRearLeft:        `Car rear left`,
	TyrePositionCarRearRight:       `Car rear right`,
	TyrePositionStorageFrontLeft:   `Storage front left`,
	TyrePositionStorageFrontRight:  `Storage front right`,
	TyrePositionStorageRearLeft:    `Storage rear left`,
	TyrePositionStorageRearRight:   `Storage rear right`,
	TyrePositionCarSpare:           `Car spare`,
	TyrePositionTruckLeft:          `Truck left`,
	TyrePositionTruckRight:         `Truck right`,
	TyrePositionTruckExteriorLeft:  `Truck exterior left`,
	TyrePositionTruckExteriorRight: `Truck exterior right`,
	TyrePositionTruckInteriorLeft:  `Truck interior left`,
	TyrePositionTruckInteriorRight: `Truck interior right`,
	TyrePositionTruckSpare:         `Truck spare`,
}

// Valid reports whether v is one of the spec's values.
func (v TyrePosition) Valid() bool { _, ok := tyrePositionDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v TyrePosition) Description() string { return tyrePositionDescriptions[v] }

// TyreTeamChannelID is the spec's TyreTeamChannelID enumeration.
type TyreTeamChannelID int

const (
	TyreTeamChannelIDWheelTyre     TyreTeamChannelID = 1 // Wheel-Tyre
	TyreTeamChannelIDBandenExpress TyreTeamChannelID = 2 // BandenExpress
)

// TyreTeamChannelIDValues lists every valid TyreTeamChannelID, in the spec's order.
var TyreTeamChannelIDValues = []TyreTeamChannelID{TyreTeamChannelIDWheelTyre, TyreTeamChannelIDBandenExpress}

var tyreTeamChannelIDDescriptions = map[TyreTeamChannelID]string{
	TyreTeamChannelIDWheelTyre:     `Wheel-Tyre`,
	TyreTeamChannelIDBandenExpress: `BandenExpress`,
}

// Valid reports whether v is one of the spec's values.
func (v TyreTeamChannelID) Valid() bool { _, ok := tyreTeamChannelIDDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v TyreTeamChannelID) Description() string { return tyreTeamChannelIDDescriptions[v] }

// UserStatusID is the spec's UserStatusID enumeration.
type UserStatusID int

const (
	UserStatusIDActive   UserStatusID = 1 // Active
	UserStatusIDInactive UserStatusID = 2 // Inactive
	UserStatusIDDeleted  UserStatusID = 3 // Deleted
	UserStatusIDArchived UserStatusID = 4 // Archived
)

// UserStatusIDValues lists every valid UserStatusID, in the spec's order.
var UserStatusIDValues = []UserStatusID{UserStatusIDActive, UserStatusIDInactive, UserStatusIDDeleted, UserStatusIDArchived}

var userStatusIDDescriptions = map[UserStatusID]string{
	UserStatusIDActive:   `Active`,
	UserStatusIDInactive: `Inactive`,
	UserStatusIDDeleted:  `Deleted`,
	UserStatusIDArchived: `Archived`,
}

// Valid reports whether v is one of the spec's values.
func (v UserStatusID) Valid() bool { _, ok := userStatusIDDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v UserStatusID) Description() string { return userStatusIDDescriptions[v] }

// WarrantyTypeID is the spec's WarrantyTypeID enumeration.
type WarrantyTypeID int

const (
	WarrantyTypeIDNotSet    WarrantyTypeID = 0 // Not Set
	WarrantyTypeIDFactory   WarrantyTypeID = 1 // Factory
	WarrantyTypeIDLeniency  WarrantyTypeID = 2 // Leniency
	WarrantyTypeIDBodyPaint WarrantyTypeID = 3 // Body Paint
	WarrantyTypeIDOnRepair  WarrantyTypeID = 4 // On Repair
	WarrantyTypeIDOccasion  WarrantyTypeID = 5 // Occasion
	WarrantyTypeIDService   WarrantyTypeID = 6 // Service
)

// WarrantyTypeIDValues lists every valid WarrantyTypeID, in the spec's order.
var WarrantyTypeIDValues = []WarrantyTypeID{WarrantyTypeIDNotSet, WarrantyTypeIDFactory, WarrantyTypeIDLeniency, WarrantyTypeIDBodyPaint, WarrantyTypeIDOnRepair, WarrantyTypeIDOccasion, WarrantyTypeIDService}

var warrantyTypeIDDescriptions = map[WarrantyTypeID]string{
	WarrantyTypeIDNotSet:    `Not Set`,
	WarrantyTypeIDFactory:   `Factory`,
	WarrantyTypeIDLeniency:  `Leniency`,
	WarrantyTypeIDBodyPaint: `Body Paint`,
	WarrantyTypeIDOnRepair:  `On Repair`,
	WarrantyTypeIDOccasion:  `Occasion`,
	WarrantyTypeIDService:   `Service`,
}

// Valid reports whether v is one of the spec's values.
func (v WarrantyTypeID) Valid() bool { _, ok := warrantyTypeIDDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v WarrantyTypeID) Description() string { return warrantyTypeIDDescriptions[v] }

// BookingState is the spec's BookingState enumeration.
type BookingState string

const (
	BookingStateBooked  BookingState = "BOOKED"  // Booked
	BookingStateUsed    BookingState = "USED"    // Used
	BookingStateExpired BookingState = "EXPIRED" // Expired
)

// BookingStateValues lists every valid BookingState, in the spec's order.
var BookingStateValues = []BookingState{BookingStateBooked, BookingStateUsed, BookingStateExpired}

var bookingStateDescriptions = map[BookingState]string{
	BookingStateBooked:  `Booked`,
	BookingStateUsed:    `Used`,
	BookingStateExpired: `Expired`,
}

// Valid reports whether v is one of the spec's values.
func (v BookingState) Valid() bool { _, ok := bookingStateDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v BookingState) Description() string { return bookingStateDescriptions[v] }

// ObjectStatus is the spec's ObjectStatus enumeration.
type ObjectStatus string

const (
	ObjectStatusRegistered ObjectStatus = "registered" // Registered
	ObjectStatusDropoff    ObjectStatus = "dropoff"    // Dropoff
	ObjectStatusCheckout   ObjectStatus = "checkout"   // Checkout
	ObjectStatusExpired    ObjectStatus = "expired"    // Expired
)

// ObjectStatusValues lists every valid ObjectStatus, in the spec's order.
var ObjectStatusValues = []ObjectStatus{ObjectStatusRegistered, ObjectStatusDropoff, ObjectStatusCheckout, ObjectStatusExpired}

var objectStatusDescriptions = map[ObjectStatus]string{
	ObjectStatusRegistered: `Registered`,
	ObjectStatusDropoff:    `Dropoff`,
	ObjectStatusCheckout:   `Checkout`,
	ObjectStatusExpired:    `Expired`,
}

// Valid reports whether v is one of the spec's values.
func (v ObjectStatus) Valid() bool { _, ok := objectStatusDescriptions[v]; return ok }

// Description is the spec's description of v.
func (v ObjectStatus) Description() string { return objectStatusDescriptions[v] }

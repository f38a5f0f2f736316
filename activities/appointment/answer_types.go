package appointment

import "github.com/pitstop-dev/pitstop/internal/enums"

// The customer's answers travel from the API through the workflow's update
// into the recording activity unchanged; the workflow package aliases these.

// CheckInAnswer is the customer's online check-in answer (spec:
// POST /v1/online_checkin/answer, minus the key, plus the caller's IP).
type CheckInAnswer struct {
	Results           []CheckInResultAnswer        `json:"results"`
	Remarks           []RemarkAnswer               `json:"remarks"`
	CorrectPhone      string                       `json:"correct_phone"`
	CorrectEmail      string                       `json:"correct_email"`
	AgreementIDs      []int                        `json:"agreement_ids"`
	CustomerName      string                       `json:"customer_name"`
	PreferredChannel  enums.CommunicationChannelID `json:"preferred_communication_channel"`
	DropInAcsesLocker bool                         `json:"drop_in_acses_locker"`
	IP                string                       `json:"ip"`
}

// CheckInResultAnswer: the customer accepts or not one proposed check-in item.
type CheckInResultAnswer struct {
	ID       int  `json:"id"`
	Accepted bool `json:"accepted"`
}

// RemarkAnswer is a customer remark with uploaded attachment URLs.
type RemarkAnswer struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Attachments []string `json:"attachments"`
}

// CheckInAnswerResult is what the customer gets back: the PINs, if any.
type CheckInAnswerResult struct {
	KeyLockerPIN    string `json:"keylocker_pin"`
	AcsesPIN        string `json:"acses_pin"`
	AcsesLockerName string `json:"acses_locker_name"`
}

// DiagnoseAnswer is the customer's diagnose overview answer (spec:
// POST /v2/diagnose_overview/answer).
type DiagnoseAnswer struct {
	Interventions []InterventionDecision `json:"interventions"`
	Remarks       []RemarkAnswer         `json:"remarks"`
	CorrectPhone  string                 `json:"correct_phone"`
	CorrectEmail  string                 `json:"correct_email"`
	AgreementIDs  []int                  `json:"agreement_ids"`
	CustomerName  string                 `json:"customer_name"`
	IP            string                 `json:"ip"`
}

// InterventionDecision: agree (2), decline (3) or contact me (4).
type InterventionDecision struct {
	ID     int                             `json:"id"`
	Status enums.CommunicationResultStatus `json:"communication_result_status"`
}

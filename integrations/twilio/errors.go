package twilio

import (
	"errors"
	"net/http"

	twclient "github.com/twilio/twilio-go/client"
)

// Common Twilio error codes callers may branch on.
const (
	CodeInvalidToNumber = 21211 // 'To' is not a valid phone number
	CodeUnsubscribed    = 21610 // recipient replied STOP
	CodeAuthenticate    = 20003 // bad AccountSID/AuthToken
)

// inputError marks bad arguments caught before calling Twilio.
type inputError string

func (e inputError) Error() string { return string(e) }

func invalidInput(msg string) error { return inputError(msg) }

// IsPermanent reports whether retrying err cannot help: Twilio answered with
// a 4xx (bad number, opted-out recipient, bad credentials...) other than
// 408/429, or the input was rejected locally. 5xx, 408, 429, network errors,
// timeouts and unreadable replies are transient.
func IsPermanent(err error) bool {
	if err == nil {
		return false
	}
	var in inputError
	if errors.As(err, &in) {
		return true
	}
	return permanentStatus(HTTPStatus(err))
}

func permanentStatus(s int) bool {
	return s >= 400 && s < 500 && s != http.StatusRequestTimeout && s != http.StatusTooManyRequests
}

// ErrorCode returns Twilio's error code (e.g. 21211) carried by err, or 0.
func ErrorCode(err error) int {
	var rest *twclient.TwilioRestError
	if errors.As(err, &rest) {
		return rest.Code
	}
	var v1 *twclient.RestErrorV1
	if errors.As(err, &v1) {
		return v1.Code
	}
	return 0
}

// HTTPStatus returns the HTTP status Twilio reported in err, or 0.
func HTTPStatus(err error) int {
	var rest *twclient.TwilioRestError
	if errors.As(err, &rest) {
		return rest.Status
	}
	var v1 *twclient.RestErrorV1
	if errors.As(err, &v1) {
		return v1.HttpStatusCode
	}
	return 0
}

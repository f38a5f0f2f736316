package mailgun

import (
	"encoding/json"
	"errors"
	"net/http"

	mg "github.com/mailgun/mailgun-go/v4"
)

// inputError marks bad arguments caught before calling Mailgun.
type inputError string

func (e inputError) Error() string { return string(e) }

func invalidInput(msg string) error { return inputError(msg) }

// IsPermanent reports whether retrying err cannot help: Mailgun answered 4xx
// (bad address, bad key, unknown domain...) other than 408/429, or the
// message was rejected locally. 5xx, 408, 429, network errors and timeouts
// are transient.
func IsPermanent(err error) bool {
	if err == nil {
		return false
	}
	var in inputError
	if errors.As(err, &in) || errors.Is(err, mg.ErrInvalidMessage) {
		return true
	}
	s := StatusCode(err)
	return s >= 400 && s < 500 && s != http.StatusRequestTimeout && s != http.StatusTooManyRequests
}

// StatusCode returns the HTTP status Mailgun replied with in err, or 0.
func StatusCode(err error) int {
	var ue *mg.UnexpectedResponseError
	if errors.As(err, &ue) {
		return ue.Actual
	}
	return 0
}

// ProviderMessage returns Mailgun's {"message": ...} text from err, or "".
func ProviderMessage(err error) string {
	var ue *mg.UnexpectedResponseError
	if !errors.As(err, &ue) {
		return ""
	}
	var body struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(ue.Data, &body) == nil {
		return body.Message
	}
	return ""
}

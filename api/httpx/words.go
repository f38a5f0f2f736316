package httpx

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-playground/validator/v10"

	"github.com/pitstop-dev/pitstop/internal/strictjson"
)

// Errors of binding, validation and number parsing name Go internals
// ("Key: 'Page' Error:Field validation for 'Page' failed on the 'gte' tag",
// `strconv.ParseInt: parsing "x"`); InWords says the same in the spec's
// words, naming the field as the caller wrote it (its json or form name).
func InWords(err error) []string {
	var se *strictjson.Error
	var ves validator.ValidationErrors
	var ne *strconv.NumError
	var te *time.ParseError
	var ute *json.UnmarshalTypeError
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return []string{"invalid JSON payload: " + se.Msg}
	case errors.As(err, &ves):
		out := make([]string, 0, len(ves))
		for _, fe := range ves {
			out = append(out, "invalid JSON payload: "+ruleInWords(fe))
		}
		return out
	case errors.As(err, &ne):
		return []string{"a number was expected, got " + strconv.Quote(ne.Num)}
	case errors.As(err, &te):
		return []string{"a date and time in RFC 3339 form (2026-06-10T08:30:00Z) was expected, got " + strconv.Quote(te.Value)}
	case errors.As(err, &ute):
		return []string{fmt.Sprintf("%s: must be a %s", ute.Field, jsonKind(ute.Type))}
	case errors.As(err, &syn):
		return []string{"invalid JSON payload: not valid JSON"}
	}
	return []string{"the request is not valid"}
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Bool:
		return "boolean (true or false)"
	case reflect.String:
		return "string"
	case reflect.Slice, reflect.Array:
		return "list"
	}
	return "JSON object"
}

// ruleInWords says which rule a field broke.
func ruleInWords(fe validator.FieldError) string {
	name := fieldName(fe)
	switch fe.Tag() {
	case "required":
		return name + ": required"
	case "gte", "min":
		if fe.Kind() == reflect.String || fe.Kind() == reflect.Slice {
			return fmt.Sprintf("%s: at least %s long", name, fe.Param())
		}
		return fmt.Sprintf("%s: must be at least %s", name, fe.Param())
	case "gt":
		return fmt.Sprintf("%s: must be greater than %s", name, fe.Param())
	case "lte", "max":
		if fe.Kind() == reflect.String || fe.Kind() == reflect.Slice {
			return fmt.Sprintf("%s: at most %s long", name, fe.Param())
		}
		return fmt.Sprintf("%s: must be at most %s", name, fe.Param())
	case "lt":
		return fmt.Sprintf("%s: must be less than %s", name, fe.Param())
	case "oneof":
		return fmt.Sprintf("%s: must be one of %s", name, strings.Join(strings.Fields(fe.Param()), ", "))
	case "email":
		return name + ": must be an e-mail address"
	case "url", "http_url":
		return name + ": must be a URL"
	}
	return name + ": is not valid"
}

// fieldName is the field's json (or form) name, as the caller wrote it; the
// namespace keeps list positions (remarks[0].title).
func fieldName(fe validator.FieldError) string {
	ns := fe.Namespace()
	if i := strings.IndexByte(ns, '.'); i >= 0 {
		ns = ns[i+1:] // drop the struct's own type name
	}
	return toSnake(ns)
}

// toSnake turns Go field names (PageSize, Remarks[0].Title) into the
// API's names (page_size, remarks[0].title) where no tag name is known.
func toSnake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= 'A' && r <= 'Z' {
			if i > 0 && s[i-1] != '.' && s[i-1] != '[' && !(s[i-1] >= 'A' && s[i-1] <= 'Z') {
				b.WriteByte('_')
			}
			b.WriteRune(r + ('a' - 'A'))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// BindQuery binds the query string into q and checks its rules, answering
// the problems in words; every numeric parameter that is not a number is
// named.
func BindQuery(c *gin.Context, q any) error {
	var problems []string
	t := reflect.TypeOf(q).Elem()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("form"), ",")
		if name == "" || name == "-" {
			continue
		}
		v, ok := c.GetQuery(name)
		if !ok || v == "" {
			continue
		}
		switch f.Type.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if _, err := strconv.ParseInt(v, 10, 64); err != nil {
				problems = append(problems, name+": must be a whole number")
			}
		case reflect.Bool:
			if _, err := strconv.ParseBool(v); err != nil {
				problems = append(problems, name+": must be true or false")
			}
		}
	}
	if len(problems) > 0 {
		return Invalid(problems...)
	}
	if err := c.ShouldBindQuery(q); err != nil {
		var ves validator.ValidationErrors
		if errors.As(err, &ves) {
			var p []string
			for _, fe := range ves {
				p = append(p, queryRuleInWords(t, fe))
			}
			return Invalid(p...)
		}
		return Invalid(InWords(err)...)
	}
	return nil
}

// queryRuleInWords is ruleInWords naming the field by its form tag.
func queryRuleInWords(t reflect.Type, fe validator.FieldError) string {
	msg := ruleInWords(fe)
	if f, ok := t.FieldByName(fe.StructField()); ok {
		if name, _, _ := strings.Cut(f.Tag.Get("form"), ","); name != "" {
			_, rest, _ := strings.Cut(msg, ": ")
			return name + ": " + rest
		}
	}
	return msg
}

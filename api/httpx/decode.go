package httpx

import (
	"bytes"
	"io"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"

	"github.com/pitstop-dev/pitstop/internal/strictjson"
)

// MaxJSONBody bounds every JSON request body.
const MaxJSONBody = 1 << 20

// Decode reads the request's JSON body into v with the one set of rules of
// every endpoint: strict JSON (no duplicate keys, no trailing data, bounded
// size and depth), only text PostgreSQL can store, and v's `binding` rules;
// every problem is answered in the caller's words. Unknown fields are
// ignored, as the spec's own clients send fields we do not keep.
func Decode(c *gin.Context, v any) error { return decode(c, v, strictjson.Options{}) }

// DecodeStrict is Decode refusing unknown fields too: for bodies whose every
// field changes what happens (a misspelt or invented one must not be
// silently ignored).
func DecodeStrict(c *gin.Context, v any) error {
	return decode(c, v, strictjson.Options{DisallowUnknownFields: true})
}

func decode(c *gin.Context, v any, opts strictjson.Options) error {
	if err := strictjson.DecodeWith(c.Request.Body, v, MaxJSONBody, opts); err != nil {
		return Invalid(InWords(err)...)
	}
	if p := StorableText(v); len(p) > 0 {
		return Invalid(p...)
	}
	if err := binding.Validator.ValidateStruct(v); err != nil {
		return Invalid(InWords(err)...)
	}
	return nil
}

// IDParam reads a positive integer path parameter.
func IDParam(c *gin.Context, name string) (int, error) {
	id, err := strconv.Atoi(c.Param(name))
	if err != nil || id <= 0 {
		return 0, Invalid(name + ": must be a positive ID")
	}
	return id, nil
}

// NoBody goes before the handler of a route that takes no body: a body with
// a field in it is refused, so no client believes it changed something the
// route ignores. Nothing, whitespace and {} pass (generated clients often
// send an empty object).
var NoBody = Handle(func(c *gin.Context) error {
	var none struct{}
	b, err := io.ReadAll(io.LimitReader(c.Request.Body, MaxJSONBody+1))
	if err != nil {
		return Invalid("the body could not be read")
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	if strictjson.DecodeWith(bytes.NewReader(b), &none, MaxJSONBody, strictjson.Options{DisallowUnknownFields: true}) != nil {
		return Invalid("this request takes no body (nothing, or {})")
	}
	return nil
})

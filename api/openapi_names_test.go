package api_test

import (
	"testing"
)

// Code generators name a type after each component (oapi-codegen refuses a
// document where a response and a schema share a name: "duplicate typename
// 'SendResult'"), so no two components of any kind share one.
func TestOpenAPIComponentNamesAreUnique(t *testing.T) {
	c := loadOpenAPI(t).Components
	seen := map[string]string{}
	add := func(kind string, names []string) {
		for _, n := range names {
			if other, dup := seen[n]; dup {
				t.Errorf("component %q is both a %s and a %s", n, other, kind)
			}
			seen[n] = kind
		}
	}
	var schemas, responses, params, bodies, headers []string
	for n := range c.Schemas {
		schemas = append(schemas, n)
	}
	for n := range c.Responses {
		responses = append(responses, n)
	}
	for n := range c.Parameters {
		params = append(params, n)
	}
	for n := range c.RequestBodies {
		bodies = append(bodies, n)
	}
	for n := range c.Headers {
		headers = append(headers, n)
	}
	add("schema", schemas)
	add("response", responses)
	add("parameter", params)
	add("request body", bodies)
	add("header", headers)
}

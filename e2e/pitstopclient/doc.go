// Package pitstopclient is a client generated from api/openapi.yaml by
// oapi-codegen (pinned in go.mod's tool directive), as a dealer's
// integrator would generate one. Only the end-to-end tests use it: its
// walk of one appointment runs on the typed methods and responses alone,
// so a document the generator cannot turn into a working client fails
// there. Regenerate with `make generate`.
package pitstopclient

//go:generate go tool oapi-codegen -config oapi-codegen.yaml ../../api/openapi.yaml

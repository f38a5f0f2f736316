// Package ent holds Pitstop's database schema (ent/schema) and the code ent
// generates from it. Regenerate with `go generate ./ent` after editing a schema.
package ent

//go:generate go run -mod=mod entgo.io/ent/cmd/ent generate --feature sql/upsert,sql/lock,sql/execquery ./schema

package dmsstore

// UseEntOnly makes Upsert write through ent's inserts on PostgreSQL too,
// until the returned function is called.
func UseEntOnly() (restore func()) {
	forceEnt.Store(true)
	return func() { forceEnt.Store(false) }
}

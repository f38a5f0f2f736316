package store

// The statement cache's bounds, for pgconn_test.go.
const (
	CachedStatements = cachedStatements
	MaxCachedArgs    = maxCachedArgs
)

package ent

// Hand-written, not generated (go generate leaves it alone).

// TxKey identifies the transaction a mutation runs in, the same value for
// every mutation of one transaction, nil outside one. A hook that needs to
// do something once per transaction keys on it (internal/readdoc).
func (c config) TxKey() any {
	if d, ok := c.driver.(*txDriver); ok {
		return d
	}
	return nil
}

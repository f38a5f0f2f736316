package twiliofake

// FailNext makes the next n message sends fail with HTTP status (e.g. 500,
// 503, 429) and a Twilio error body, without recording the message.
func (s *Server) FailNext(n int, status int) { s.base.FailNext(n, status) }

// SetDown makes every request fail with a bare 503 until called with false.
func (s *Server) SetDown(down bool) { s.base.SetDown(down) }

// DeliverAs sets the final status of messages accepted from now on:
// "delivered" (default), "undelivered" (ErrorCode 30003) or "failed"
// (ErrorCode 30008).
func (s *Server) DeliverAs(status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deliverAs = status
}

// SetCallbacks turns status callbacks on (default) or off; statuses still
// advance either way.
func (s *Server) SetCallbacks(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noCalls = !on
}

// OptOut marks a number as having replied STOP: sends to it fail with 21610.
// Inbound STOP/START keywords do the same automatically, as Twilio does.
func (s *Server) OptOut(number string, out bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.optedOut[number] = out
}

// finalErrorCode is the error code Twilio reports with a final status.
func finalErrorCode(status string) int {
	switch status {
	case "undelivered":
		return 30003 // Unreachable destination handset
	case "failed":
		return 30008 // Unknown error
	}
	return 0
}

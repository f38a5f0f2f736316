// Package remotediag is Pitstop's client of the remote-diagnose provider's
// "Customer API" (spec/003: OBD connectors, vehicles, products, prices,
// tickets, notes, CSAT, historical tickets, the service center and the
// websocket of status updates). Its simulator is remotediag/fake.
//
// Decisions where the spec is silent (the vendor document is a rendered
// OpenAPI page that lost its paths, its error table and its websocket page):
//
//   - Paths. The document names no paths; the ones in paths.go are ours,
//     one per documented operation, grouped as the document groups them.
//     Only paths.go needs to change when the provider's real paths are known.
//   - Errors. Every error reply is read as the document's error body
//     {status, type, title, detail} (shown for "dismiss a call for
//     attention"); a reply that is not JSON (a load balancer's 503) still
//     becomes an *APIError carrying the HTTP status.
//   - Tokens. Login answers id_token, access_token and refresh_token but no
//     lifetime, and the document has no refresh operation. The access token
//     is a JWT: its "exp" claim (read, not verified: the provider verifies
//     it) tells when to renew. Renewing means logging in again with the
//     connector UUID and pincode the client was given; a session opened with
//     a one-time password cannot be renewed and ends with ErrSessionExpired.
//     A 401 drops the token and logs in again once, then repeats the call.
//   - Ticket states. The document shows state 1 on a ticket just created
//     ("pending": only one pending ticket per connector) and state 7 on a
//     finished historical ticket, and names no others. See TicketState.
//   - There is no "get ticket by id" and no cancel or close operation (the
//     only connector action is dismissing a call for attention), so our
//     cancel works only before the ticket is created. A ticket is
//     followed with ActiveTicket (while it runs on its connector), then
//     HistoricalTicket (once finished), or the websocket; LookupTicket does
//     both. Historical ticket ids are taken to be the ticket ids.
//   - Note attachments lost their shape in the document; they are read as
//     {file_name, file_reference}, the document's channel-attachment shape.
//   - Websocket messages: see ws.go.
package remotediag

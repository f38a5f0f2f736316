// early.js runs first, from the page's head: with a remembered session and
// location it asks for the day and the locations at once, while the rest
// of the page (its styles and the console's script) is still arriving and
// being read. The console takes these answers instead of asking again
// (app.js, call); anything else about them is as if it had asked itself.
(function () {
  'use strict';
  try {
    var st = JSON.parse(localStorage.getItem('pitstop.desk.v1') || 'null');
    if (!st || !st.token || !st.locId) return;
    var date = (/^#date=(\d{4}-\d{2}-\d{2})$/.exec(location.hash) || [])[1] || '';
    var early = { token: st.token, calls: {} };
    ['/v1/desk/day?location_id=' + st.locId + '&days=2' + (date ? '&date=' + date : ''), '/v1/workshop/locations'].forEach(function (path) {
      early.calls[path] = fetch(path, { method: 'GET', cache: 'no-store', credentials: 'omit',
        headers: { 'Accept': 'application/json', 'Authorization': 'Bearer ' + st.token } });
    });
    window.PitstopEarly = early;
  } catch (e) { /* no storage: the console asks itself */ }
}());

/* global document, window */
// The registration pages' live status: polls the order's status and reloads the page when the
// order moved on (served as /register/poll.js, so the CSP stays script-src 'self'). Without
// JavaScript the page's "Check again" button does the same.
(function () {
  var el = document.querySelector('[data-poll-version]');
  if (!el || !window.fetch) return;
  var version = el.getAttribute('data-poll-version');
  var connected = el.getAttribute('data-poll-connected');
  function tick() {
    fetch('/register/order/status.json', { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (s && (String(s.version) !== version || String(s.readerConnected) !== connected || (s.problem || '') !== (el.getAttribute('data-poll-problem') || ''))) {
          window.location.reload();
        } else setTimeout(tick, 3000);
      })
      .catch(function () { setTimeout(tick, 6000); });
  }
  setTimeout(tick, 3000);
})();

/* global document */
// "Waiting for your app": asks the server every two seconds whether the app has answered and
// then sends the "check again" form, which finishes the login or shows the next step. Without
// JavaScript the user presses that button themselves.
(function () {
  'use strict';
  var form = document.getElementById('check-form');
  if (!form) return;
  var url = form.getAttribute('data-status');
  var poll = function () {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) {
        return r.ok ? r.json() : { state: 'ready' };
      })
      .then(function (body) {
        if (body.state === 'pending') setTimeout(poll, 2000);
        else form.submit();
      })
      .catch(function () {
        setTimeout(poll, 5000);
      });
  };
  setTimeout(poll, 2000);
})();

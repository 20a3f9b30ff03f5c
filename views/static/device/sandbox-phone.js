/* global document */
// The sandbox phone: plays the authenticator app against the real app API. The device key is a
// WebCrypto P-256 key whose private half cannot be exported; it lives in this tab's memory only
// (reload = a new phone). Everything it sends is a compact JWS ES256, as the real app sends.
(function () {
  'use strict';
  var API = '/api/app/v1';
  var texts = document.getElementById('phone-texts').dataset;
  var state = { key: null, jwk: null, deviceId: null, secret: null, request: null };
  var $ = function (id) {
    return document.getElementById(id);
  };
  var b64url = function (bytes) {
    var s = '';
    var a = new Uint8Array(bytes);
    for (var i = 0; i < a.length; i++) s += String.fromCharCode(a[i]);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  var utf8 = function (s) {
    return new TextEncoder().encode(s);
  };
  var status = function (text) {
    $('phone-status').textContent = text;
  };
  var jti = function () {
    return b64url(crypto.getRandomValues(new Uint8Array(16)));
  };
  var now = function () {
    return Math.floor(Date.now() / 1000);
  };
  // WebCrypto ECDSA signatures are r || s (IEEE P1363), exactly what JWS ES256 wants.
  var sign = function (header, payload) {
    var input = b64url(utf8(JSON.stringify(header))) + '.' + b64url(utf8(JSON.stringify(payload)));
    return crypto.subtle
      .sign({ name: 'ECDSA', hash: 'SHA-256' }, state.key.privateKey, utf8(input))
      .then(function (sig) {
        return input + '.' + b64url(sig);
      });
  };
  var deviceJws = function (payload) {
    return sign({ alg: 'ES256', typ: 'passport-eid-device+jws', kid: state.deviceId }, payload);
  };
  var call = function (method, path, opts) {
    opts = opts || {};
    var headers = { accept: 'application/json' };
    if (opts.auth) headers.authorization = 'Device ' + opts.auth;
    if (opts.body) headers['content-type'] = 'application/json';
    return fetch(API + path, {
      method: method,
      headers: headers,
      body: opts.body ? JSON.stringify(opts.body) : undefined,
    }).then(function (r) {
      if (r.status === 204) return {};
      return r.json().then(function (body) {
        if (!r.ok) throw new Error((body.error || r.status) + ': ' + (body.error_description || ''));
        return body;
      });
    });
  };
  var showRequest = function (req) {
    state.request = req;
    $('request').hidden = !req;
    $('no-request').hidden = !!req;
    if (!req) return;
    $('request-type').textContent = req.type === 'activate' ? texts.activate : texts.login;
    $('rp-name').textContent = req.rp_name;
    // Enabling the eID: the app is not told the code; the person types what the browser shows.
    var typing = req.type === 'activate';
    $('request-code-row').hidden = typing;
    $('request-code').textContent = typing ? '' : req.verification_code;
    $('typed-code-row').hidden = !typing;
    $('typed-code').value = '';
    $('binding-message-row').hidden = !req.binding_message;
    $('binding-message').textContent = req.binding_message || '';
  };
  var polling = false;
  var poll = function () {
    if (!state.deviceId || polling) return;
    polling = true;
    deviceJws({ op: 'pending', iat: now(), jti: jti() })
      .then(function (jws) {
        return call('GET', '/requests/pending?wait=10', { auth: jws });
      })
      .then(function (body) {
        polling = false;
        if (body.request && (!state.request || state.request.id !== body.request.id)) showRequest(body.request);
        if (!body.request && state.request && Date.parse(state.request.expires_at) < Date.now()) showRequest(null);
        setTimeout(poll, body.request ? 1500 : 100);
      })
      .catch(function (e) {
        polling = false;
        status(texts.error + ' ' + e.message);
        setTimeout(poll, 3000);
      });
  };
  var answer = function (decision) {
    var req = state.request;
    if (!req) return;
    var payload = {
      op: 'respond',
      rid: req.id,
      nonce: req.nonce,
      code: req.type === 'activate' ? $('typed-code').value.replace(/\s/g, '').toUpperCase() : req.verification_code,
      rp: req.rp_name,
      decision: decision,
      uv: 'pin',
      iat: now(),
    };
    if (req.type === 'activate' && decision === 'approve') payload.activation_secret = state.secret;
    deviceJws(payload)
      .then(function (jws) {
        return call('POST', '/requests/' + encodeURIComponent(req.id) + '/response', { body: { jws: jws } });
      })
      .then(function (body) {
        showRequest(null);
        status(body.status === 'approved' ? texts.approved : texts.denied);
        if (req.type === 'activate' && body.status === 'approved') $('device-status').textContent = 'active';
      })
      .catch(function (e) {
        showRequest(null);
        status(texts.error + ' ' + e.message);
      });
  };
  $('enroll-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var pid = $('pid').value.replace(/\s/g, '');
    state.secret = $('activation-code').value;
    crypto.subtle
      .generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])
      .then(function (key) {
        state.key = key;
        return crypto.subtle.exportKey('jwk', key.publicKey);
      })
      .then(function (jwk) {
        state.jwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
        return call('POST', '/challenges');
      })
      .then(function (c) {
        return sign(
          { alg: 'ES256', typ: 'passport-eid-device+jws', jwk: state.jwk },
          {
            op: 'enroll',
            pid: pid,
            activation_secret: state.secret,
            platform: 'web-sandbox',
            app_version: 'sandbox-phone/1',
            push_token: 'sbx-' + jti(),
            challenge: c.challenge,
            iat: now(),
          },
        );
      })
      .then(function (jws) {
        return call('POST', '/devices', { body: { jws: jws } });
      })
      .then(function (body) {
        state.deviceId = body.device_id;
        $('device-id').textContent = body.device_id;
        $('device-status').textContent = body.status;
        status(texts.enrolled);
        poll();
      })
      .catch(function (e) {
        status(texts.error + ' ' + e.message);
      });
  });
  $('approve').addEventListener('click', function () {
    answer('approve');
  });
  $('deny').addEventListener('click', function () {
    answer('deny');
  });
  showRequest(null);
})();

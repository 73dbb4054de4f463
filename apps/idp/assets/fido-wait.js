/*
 * 行動自然人APP登入, waiting page: polls quietly (no reloads) no faster than the page says; the
 * server answers JSON, `{location}` once the login moved on. Without JavaScript the page's
 * refresh does the same.
 */
(function () {
  'use strict';
  var form = document.querySelector('form[data-script="fido-wait"]');
  if (!form) return;
  var every = Math.max(4, Number(form.getAttribute('data-poll-seconds')) || 4) * 1000;
  function poll() {
    fetch(window.location.pathname + window.location.search, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    })
      .then(function (r) {
        return r.json();
      })
      .then(function (d) {
        if (d && d.location) window.location.assign(d.location);
        else setTimeout(poll, every);
      })
      .catch(function () {
        setTimeout(poll, every);
      });
  }
  setTimeout(poll, every);
})();

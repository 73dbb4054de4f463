/**
 * The component's /popupForm: asks its opener for the request (`{"func":"getTbs"}`), runs it
 * against its own API (same origin, so no CORS needed) and posts the raw answer back, then closes:
 * one request per popup, as real integrations use it.
 */
export const POPUP_FORM = `<!doctype html>
<html lang="zh-Hant-TW"><head><meta charset="utf-8"><title>HiPKI 跨平台網頁元件</title></head>
<body><p>HiPKI 跨平台網頁元件（stand-in）處理中…</p>
<script>
(function () {
  var opener = window.opener;
  if (!opener) { document.body.textContent = 'no opener'; return; }
  window.addEventListener('message', function (event) {
    if (event.source !== opener) return;
    var req;
    try { req = JSON.parse(event.data); } catch (e) { return; }
    var path = req.func === 'MakeSignature' ? '/sign'
      : req.func === 'GetUserCert' ? '/pkcs11info?withcert=true'
      : '/pkcs11info';
    var body = req.func === 'MakeSignature' ? 'tbsPackage=' + encodeURIComponent(JSON.stringify(req)) : '';
    fetch(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body })
      .then(function (r) { return r.text(); })
      .then(function (text) { opener.postMessage(text, event.origin); window.close(); })
      .catch(function () { opener.postMessage(JSON.stringify({ ret_code: 0x76000001, func: req.func }), event.origin); window.close(); });
  });
  opener.postMessage(JSON.stringify({ func: 'getTbs' }), '*');
})();
</script></body></html>
`;

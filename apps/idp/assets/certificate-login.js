/*
 * 自然人憑證登入: talks to the HiPKI local component the way real sites must. Its API sends no
 * CORS headers, so the page cannot read fetch() answers from it: card detection reads the
 * component's /p11Image.bmp (cross-origin readable) through a canvas, and the signature is made
 * through its /popupForm popup with postMessage, one request per popup. The PIN goes only to the
 * component; the form posts the signature, the certificate and the card number.
 */
(function () {
  'use strict';
  var form = document.querySelector('form[data-script="certificate-login"]');
  if (!form) return;
  var hipki = form.getAttribute('data-hipki-url');
  var nonce = form.getAttribute('data-nonce');
  var origin = new URL(hipki).origin;
  var status = document.getElementById('method-status');
  var pinField = document.getElementById('pin');
  var en = (document.documentElement.lang || '').indexOf('en') === 0;
  var HIPKI_NO_CARD = 0x76000006;
  var HIPKI_PIN = 0x76100006;
  var HIPKI_UNTRUSTED_SITE = 0x76000031;
  var PIN_LOCKED = 0xa4;
  var TEXT = {
    checking: ['正在偵測讀卡機與自然人憑證…', 'Looking for the card reader and card…'],
    ready: [
      '已偵測到自然人憑證，請輸入身分證字號與PIN碼後按「送出」。',
      'Card found. Enter your ID number and PIN, then press Submit.',
    ],
    noComponent: [
      '偵測不到跨平台網頁元件：請確認已安裝並啟動元件（見下方下載與自我檢測連結）。',
      'The HiPKI component is not answering: make sure it is installed and running (see the download and self-test links below).',
    ],
    noCard: [
      '讀卡機中沒有自然人憑證，請插入卡片後再試。',
      'No card in the reader. Insert your card and try again.',
    ],
    wrongPin: [
      'PIN碼錯誤，請重新輸入（連續錯誤 3 次卡片會鎖住）。',
      'Wrong PIN. Try again (3 wrong PINs lock the card).',
    ],
    locked: [
      'PIN碼連續錯誤，卡片已鎖住。請至戶政事務所或以內政部憑證管理中心網站的工具解鎖。',
      'The card is locked after too many wrong PINs. Unlock it at a household registration office or with the MOICA tools.',
    ],
    untrustedSite: [
      '跨平台網頁元件尚未信任此網站，請依元件提示加入信任網站後再試。',
      'The HiPKI component does not trust this site yet; add it as the component asks, then try again.',
    ],
    badId: [
      '請輸入正確的身分證字號或居留證號。',
      'Enter a valid national ID or resident certificate number.',
    ],
    badPin: ['PIN碼為 6 到 8 位數字。', 'The PIN is 6 to 8 digits.'],
    popupBlocked: [
      '瀏覽器擋住了元件的彈出視窗，請允許此網站的彈出視窗後再試。',
      'The browser blocked the component’s popup window. Allow popups for this site and try again.',
    ],
    signing: ['請稍候，正在以自然人憑證簽章…', 'Signing with your card, please wait…'],
    failed: ['元件回報錯誤，請稍後再試。代碼：', 'The component reported an error; try again later. Code: '],
  };

  function say(key, extra) {
    status.hidden = false;
    status.textContent = TEXT[key][en ? 1 : 0] + (extra || '');
    status.setAttribute('data-state', key);
  }

  function hex(n) {
    return '0x' + (Number(n) >>> 0).toString(16);
  }

  /** The pkcs11info JSON the component puts in its status image: three characters a pixel (B, G, R). */
  function detect() {
    say('checking');
    var img = new Image();
    img.crossOrigin = 'anonymous';
    img.onload = function () {
      try {
        var canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        var ctx = canvas.getContext('2d');
        ctx.drawImage(img, 0, 0);
        var px = ctx.getImageData(0, 0, img.width, 1).data;
        var text = '';
        for (var i = 0; i < img.width; i++)
          text += String.fromCharCode(px[i * 4 + 2], px[i * 4 + 1], px[i * 4]);
        var info = JSON.parse(text.replace(/\u0000+$/, ''));
        say(info.ret_code === 0 && info.slots && info.slots.length ? 'ready' : 'noCard');
      } catch (_e) {
        say('ready');
      }
    };
    img.onerror = function () {
      say('noComponent');
    };
    img.src = hipki + '/p11Image.bmp?t=' + Date.now();
  }

  function done(answer) {
    var r;
    try {
      r = JSON.parse(answer);
    } catch (_e) {
      return say('failed', '?');
    }
    if (r.ret_code === 0 && r.signature && r.certb64) {
      form.elements.signature.value = r.signature;
      form.elements.certificate.value = r.certb64;
      form.elements.cardSN.value = r.cardSN || '';
      form.submit(); // a programmatic submit: no submit event, no second signature
      return;
    }
    if (r.ret_code === HIPKI_NO_CARD) return say('noCard');
    if (r.ret_code === HIPKI_PIN) {
      // The server records the card's refusal (audit) and says it again on its page.
      say(Number(r.last_error) === PIN_LOCKED ? 'locked' : 'wrongPin');
      form.elements.cardError.value = hex(r.ret_code) + '/' + hex(r.last_error);
      form.submit();
      return;
    }
    if (r.ret_code === HIPKI_UNTRUSTED_SITE) return say('untrustedSite');
    say('failed', hex(r.ret_code) + (r.last_error ? ' / ' + hex(r.last_error) : ''));
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var id = (form.elements.nationalId.value || '').trim().toUpperCase();
    var pin = pinField.value;
    if (!/^[A-Z][0-9A-D]\d{8}$/.test(id)) return say('badId');
    if (!/^\d{6,8}$/.test(pin)) return say('badPin');
    form.elements.nationalId.value = id;
    var popup = window.open(hipki + '/popupForm', 'hipki-popup', 'width=320,height=200');
    if (!popup) return say('popupBlocked');
    say('signing');
    var timer = setTimeout(function () {
      finish();
      say('noComponent');
    }, 30000);
    function finish() {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      pinField.value = '';
    }
    function onMessage(e) {
      if (e.origin !== origin || e.source !== popup) return;
      var data = e.data;
      var asked = null;
      try {
        asked = JSON.parse(data);
      } catch (_x) {
        asked = null;
      }
      if (asked && asked.func === 'getTbs') {
        // The one request of this popup: sign this login's nonce with the card, PKCS#7, with its number.
        popup.postMessage(
          JSON.stringify({
            func: 'MakeSignature',
            signatureType: 'PKCS7',
            tbs: nonce,
            tbsEncoding: 'NONE',
            hashAlgorithm: 'SHA256',
            withCardSN: 'true',
            pin: pin,
            nonce: nonce,
          }),
          origin,
        );
        return;
      }
      finish();
      done(data);
    }
    window.addEventListener('message', onMessage);
  });

  form.addEventListener('reset', function () {
    status.hidden = true;
  });
  detect();
})();

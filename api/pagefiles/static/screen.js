// screen.js: the helpers the staff screens (console, workshop, kiosk)
// share, served by api/pagefiles beside each screen's own files. Loaded
// before the screen's app.js (both deferred, so in order).
(function () {
  'use strict';

  // add appends c to el: a node, text (always as text) or a list of them.
  function add(el, c) {
    if (c == null || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { add(el, x); }); return; }
    el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }

  // h builds DOM nodes; text is always text.
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      var v = attrs[k];
      if (v == null || v === false) continue;
      if (k === 'text') el.textContent = v;
      else if (k === 'class') el.className = v;
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, v);
    }
    for (var i = 2; i < arguments.length; i++) add(el, arguments[i]);
    return el;
  }

  // pickLang is the language of the dictionary D that code names ("nl",
  // "nl-BE" and "nl-NL" all pick nl-NL), or null.
  function pickLang(D, code) {
    if (!code) return null;
    if (D[code]) return code;
    var p = String(code).slice(0, 2).toLowerCase();
    for (var k in D) if (k.slice(0, 2) === p) return k;
    return null;
  }

  // t is D's text k in lang (en-GB, then k itself, when missing) with
  // {name} filled from a.
  function t(D, lang, k, a) {
    var s = (D[lang] && D[lang][k]) || D['en-GB'][k] || k;
    return a ? s.replace(/\{(\w+)\}/g, function (m, n) { return a[n] != null ? a[n] : m; }) : s;
  }

  // writeName writes text across canvas in a handwriting-like italic, as
  // large as fits: a signature made with the keyboard, for whoever cannot
  // draw one (the tablet and the kiosk).
  function writeName(canvas, text) {
    var ctx = canvas.getContext('2d'), size = 112;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#000'; ctx.textBaseline = 'middle';
    do { ctx.font = 'italic ' + size + 'px cursive, serif'; size -= 4; } while (ctx.measureText(text).width > canvas.width - 40 && size > 24);
    ctx.fillText(text, 20, canvas.height / 2);
  }

  window.PitstopScreen = {
    add: add, h: h, pickLang: pickLang, t: t, writeName: writeName,
    $: function (id) { return document.getElementById(id); }
  };
})();

/* Pitstop counter tablet (issue #23): waits for a desk check-in sent by the
   receptionist, shows it to the customer, takes the answer and signature.
   No framework; strings in four languages; an answer is kept in
   localStorage until the server took it, and re-sent with the same bytes. */
(function () {
  'use strict';
  var T = {
    'en-GB': { app: 'Pitstop desk', signin: 'Sign in this tablet', email: 'E-mail address', password: 'Password', signinBtn: 'Sign in', badLogin: 'Wrong e-mail address or password.',
      notTablet: 'This account is not a counter tablet.', waiting: 'Welcome', waitingText: 'The receptionist will open your check-in here in a moment.', checkin: 'Check-in', checkout: 'Pick-up',
      reg: 'Registration', wo: 'Work order', when: 'Appointment', work: 'Planned work', workHelp: 'Tick the work you agree to.', done: 'Carried out', notDone: 'Not carried out', price: 'Price', hidden: 'on request',
      results: 'Inspection results', fix: 'Fix', noFix: 'Do not fix', contact: 'Contact me', agreements: 'Agreements', required: 'required', contactDetails: 'Your details', name: 'Your name',
      phone: 'Phone number', emailAddr: 'E-mail address', sign: 'Your signature', signHelp: 'Sign with your finger or the mouse in the box.', clear: 'Clear signature', typeSign: 'Sign with my typed name', submit: 'Confirm and sign',
      sending: 'Sending…', thanks: 'Thank you!', thanksText: 'Your answer has been received. Please hand the tablet back.', already: 'This check-in was already answered; nothing was changed.',
      needName: 'Please enter your name.', needSign: 'Please sign in the box.', needAgreement: 'Please accept: ', offline: 'No connection – retrying…', online: 'Connected', canceled: 'The receptionist closed this check-in.',
      signout: 'Sign out', language: 'Language', total: 'Total', nothing: 'Nothing to decide.', problem: 'Please check: ' },
    'nl-NL': { app: 'Pitstop balie', signin: 'Deze tablet aanmelden', email: 'E-mailadres', password: 'Wachtwoord', signinBtn: 'Aanmelden', badLogin: 'Onjuist e-mailadres of wachtwoord.',
      notTablet: 'Dit account is geen balietablet.', waiting: 'Welkom', waitingText: 'De receptionist opent zo uw check-in op deze tablet.', checkin: 'Check-in', checkout: 'Ophalen',
      reg: 'Kenteken', wo: 'Werkorder', when: 'Afspraak', work: 'Geplande werkzaamheden', workHelp: 'Vink aan waarmee u akkoord gaat.', done: 'Uitgevoerd', notDone: 'Niet uitgevoerd', price: 'Prijs', hidden: 'op aanvraag',
      results: 'Inspectieresultaten', fix: 'Repareren', noFix: 'Niet repareren', contact: 'Neem contact op', agreements: 'Voorwaarden', required: 'verplicht', contactDetails: 'Uw gegevens', name: 'Uw naam',
      phone: 'Telefoonnummer', emailAddr: 'E-mailadres', sign: 'Uw handtekening', signHelp: 'Teken met uw vinger of de muis in het vak.', clear: 'Handtekening wissen', typeSign: 'Ondertekenen met mijn getypte naam', submit: 'Bevestigen en ondertekenen',
      sending: 'Versturen…', thanks: 'Dank u wel!', thanksText: 'Uw antwoord is ontvangen. Geef de tablet terug aan de balie.', already: 'Deze check-in was al beantwoord; er is niets gewijzigd.',
      needName: 'Vul uw naam in.', needSign: 'Zet uw handtekening in het vak.', needAgreement: 'Ga akkoord met: ', offline: 'Geen verbinding – opnieuw proberen…', online: 'Verbonden', canceled: 'De receptionist heeft deze check-in gesloten.',
      signout: 'Afmelden', language: 'Taal', total: 'Totaal', nothing: 'Niets te beslissen.', problem: 'Controleer: ' },
    'fr-FR': { app: 'Pitstop accueil', signin: 'Connecter cette tablette', email: 'Adresse e-mail', password: 'Mot de passe', signinBtn: 'Se connecter', badLogin: 'Adresse e-mail ou mot de passe incorrect.',
      notTablet: 'Ce compte n’est pas une tablette d’accueil.', waiting: 'Bienvenue', waitingText: 'Le réceptionniste va ouvrir votre enregistrement ici dans un instant.', checkin: 'Enregistrement', checkout: 'Restitution',
      reg: 'Immatriculation', wo: 'Ordre de réparation', when: 'Rendez-vous', work: 'Travaux prévus', workHelp: 'Cochez les travaux que vous acceptez.', done: 'Effectué', notDone: 'Non effectué', price: 'Prix', hidden: 'sur demande',
      results: 'Résultats de l’inspection', fix: 'Réparer', noFix: 'Ne pas réparer', contact: 'Me contacter', agreements: 'Conditions', required: 'obligatoire', contactDetails: 'Vos coordonnées', name: 'Votre nom',
      phone: 'Téléphone', emailAddr: 'Adresse e-mail', sign: 'Votre signature', signHelp: 'Signez avec le doigt ou la souris dans le cadre.', clear: 'Effacer la signature', typeSign: 'Signer avec mon nom saisi', submit: 'Confirmer et signer',
      sending: 'Envoi…', thanks: 'Merci !', thanksText: 'Votre réponse a été reçue. Merci de rendre la tablette.', already: 'Cet enregistrement avait déjà une réponse ; rien n’a changé.',
      needName: 'Indiquez votre nom.', needSign: 'Signez dans le cadre.', needAgreement: 'Veuillez accepter : ', offline: 'Pas de connexion – nouvel essai…', online: 'Connecté', canceled: 'Le réceptionniste a fermé cet enregistrement.',
      signout: 'Se déconnecter', language: 'Langue', total: 'Total', nothing: 'Rien à décider.', problem: 'Vérifiez : ' },
    'de-DE': { app: 'Pitstop Empfang', signin: 'Dieses Tablet anmelden', email: 'E-Mail-Adresse', password: 'Passwort', signinBtn: 'Anmelden', badLogin: 'E-Mail-Adresse oder Passwort falsch.',
      notTablet: 'Dieses Konto ist kein Empfangstablet.', waiting: 'Willkommen', waitingText: 'Der Empfang öffnet Ihren Check-in gleich auf diesem Tablet.', checkin: 'Check-in', checkout: 'Abholung',
      reg: 'Kennzeichen', wo: 'Auftrag', when: 'Termin', work: 'Geplante Arbeiten', workHelp: 'Kreuzen Sie an, was Sie beauftragen.', done: 'Durchgeführt', notDone: 'Nicht durchgeführt', price: 'Preis', hidden: 'auf Anfrage',
      results: 'Prüfergebnisse', fix: 'Reparieren', noFix: 'Nicht reparieren', contact: 'Rückruf', agreements: 'Bedingungen', required: 'Pflicht', contactDetails: 'Ihre Angaben', name: 'Ihr Name',
      phone: 'Telefonnummer', emailAddr: 'E-Mail-Adresse', sign: 'Ihre Unterschrift', signHelp: 'Unterschreiben Sie mit dem Finger oder der Maus im Feld.', clear: 'Unterschrift löschen', typeSign: 'Mit meinem getippten Namen unterschreiben', submit: 'Bestätigen und unterschreiben',
      sending: 'Wird gesendet…', thanks: 'Vielen Dank!', thanksText: 'Ihre Antwort ist eingegangen. Bitte geben Sie das Tablet zurück.', already: 'Dieser Check-in war schon beantwortet; nichts wurde geändert.',
      needName: 'Bitte geben Sie Ihren Namen ein.', needSign: 'Bitte unterschreiben Sie im Feld.', needAgreement: 'Bitte akzeptieren: ', offline: 'Keine Verbindung – neuer Versuch…', online: 'Verbunden', canceled: 'Der Empfang hat diesen Check-in geschlossen.',
      signout: 'Abmelden', language: 'Sprache', total: 'Summe', nothing: 'Nichts zu entscheiden.', problem: 'Bitte prüfen: ' }
  };
  var LANGS = ['en-GB', 'nl-NL', 'fr-FR', 'de-DE'];
  var store = window.localStorage;
  var lang = store.getItem('tablet.lang') || pickLang();
  var token = store.getItem('tablet.token') || '';
  var main = document.getElementById('main');
  var shown = null; // the desk check-in on screen
  var pollTimer = 0, sendTimer = 0;

  function pickLang() {
    var l = (navigator.languages || [navigator.language || 'en-GB']);
    for (var i = 0; i < l.length; i++) {
      for (var j = 0; j < LANGS.length; j++) { if (LANGS[j].slice(0, 2) === String(l[i]).slice(0, 2)) { return LANGS[j]; } }
    }
    return 'en-GB';
  }
  function t(k) { return (T[lang] || T['en-GB'])[k]; }
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { e.textContent = attrs[k]; } else if (attrs[k] !== false && attrs[k] != null) { e.setAttribute(k, attrs[k] === true ? '' : attrs[k]); }
    });
    (kids || []).forEach(function (c) { if (c) { e.appendChild(c); } });
    return e;
  }
  function screen(name, nodes) {
    main.setAttribute('data-screen', name);
    main.removeAttribute('aria-busy');
    main.textContent = '';
    nodes.forEach(function (n) { if (n) { main.appendChild(n); } });
    document.title = t('app');
    document.getElementById('app-name').textContent = t('app');
    footer();
  }
  function net(ok) {
    var n = document.getElementById('net');
    n.textContent = ok ? '' : t('offline');
    n.className = ok ? 'net' : 'net off';
  }
  function footer() {
    var f = document.getElementById('foot');
    f.textContent = '';
    var sel = el('select', { id: 'lang', 'aria-label': t('language') });
    LANGS.forEach(function (l) { sel.appendChild(el('option', { value: l, text: l, selected: l === lang })); });
    sel.addEventListener('change', function () { lang = sel.value; store.setItem('tablet.lang', lang); document.documentElement.lang = lang; rerender(); });
    f.appendChild(sel);
    if (token) {
      var out = el('button', { type: 'button', id: 'signout', 'class': 'link', text: t('signout') });
      out.addEventListener('click', function () { store.removeItem('tablet.token'); token = ''; shown = null; signin(); });
      f.appendChild(out);
    }
  }
  function rerender() { if (!token) { signin(); } else if (shown) { form(shown); } else { waiting(); } }

  // call sends a JSON request; it rejects with {offline:true} when the network failed.
  function call(method, path, body) {
    var opts = { method: method, headers: { 'Accept': 'application/json' } };
    if (token) { opts.headers.Authorization = 'Bearer ' + token; }
    if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = typeof body === 'string' ? body : JSON.stringify(body); }
    return fetch(path, opts).then(function (r) {
      net(true);
      if (r.status === 401) { store.removeItem('tablet.token'); token = ''; shown = null; signin(); throw { status: 401 }; }
      return r.text().then(function (txt) {
        var j = {};
        try { j = txt ? JSON.parse(txt) : {}; } catch (e) { j = {}; }
        if (r.status >= 500) { throw { offline: true }; }
        return { status: r.status, body: j };
      });
    }, function () { net(false); throw { offline: true }; });
  }

  function signin(msg) {
    clearTimeout(pollTimer);
    var email = el('input', { id: 'email', type: 'email', autocomplete: 'username', required: true });
    var pw = el('input', { id: 'password', type: 'password', autocomplete: 'current-password', required: true });
    var err = el('p', { id: 'login-error', 'class': 'error', role: 'alert', text: msg || '' });
    var f = el('form', { id: 'signin-form', novalidate: true }, [
      el('label', { 'for': 'email', text: t('email') }), email, el('label', { 'for': 'password', text: t('password') }), pw, err,
      el('button', { type: 'submit', 'class': 'primary', text: t('signinBtn') })]);
    f.addEventListener('submit', function (e) {
      e.preventDefault();
      call('POST', '/v1/auth/login', { email: email.value, password: pw.value }).then(function (r) {
        if (!r.body.token) { err.textContent = t('badLogin'); return; }
        if (r.body.role_id !== 100) { err.textContent = t('notTablet'); return; }
        token = r.body.token; store.setItem('tablet.token', token); waiting(); poll();
      }, function (e) { if (e && e.offline) { err.textContent = t('offline'); } });
    });
    screen('signin', [el('h1', { text: t('signin') }), f]);
  }

  function waiting(msg) {
    shown = null;
    screen('waiting', [el('h1', { text: t('waiting') }), el('p', { 'class': 'big', text: t('waitingText') }), msg ? el('p', { 'class': 'note', role: 'status', text: msg }) : null]);
  }

  // poll asks for the tablet's open desk check-ins every 3 s (all the time:
  // a check-in closed by the receptionist leaves the screen).
  function poll() {
    clearTimeout(pollTimer);
    if (!token) { return; }
    call('GET', '/v1/desk_checkin/pending').then(function (r) {
      var list = (r.body && r.body.desk_communications) || [];
      var d = list[list.length - 1];
      if (shown && !list.some(function (x) { return x.id === shown.id; }) && !outbox()) {
        waiting(main.getAttribute('data-screen') === 'desk' ? t('canceled') : '');
      }
      if (d && (!shown || shown.id !== d.id) && main.getAttribute('data-screen') !== 'thanks') { return open(d); }
    }, function () { /* shown in the header; next poll retries */ }).then(function () {
      pollTimer = setTimeout(poll, 3000);
    }, function () { pollTimer = setTimeout(poll, 3000); });
  }
  function report(id, status) { return call('POST', '/v1/desk_checkin/' + id + '/status', { status: status }); }
  function open(d) {
    var first = d.status === 1 ? report(d.id, 2) : Promise.resolve();
    return first.then(function () { return call('GET', '/v1/desk_checkin/' + d.id); }).then(function (r) {
      if (!r.body || !r.body.id) { return report(d.id, 3); }
      shown = r.body;
      form(shown);
      if (r.body.status < 4) { return report(d.id, 4); }
    });
  }

  // In the location's currency, which the desk check-in names.
  function money(x) {
    var cur = (shown && shown.currency) || 'EUR';
    try { return new Intl.NumberFormat(lang, { style: 'currency', currency: cur }).format(x); } catch (e) { return cur + ' ' + x.toFixed(2); }
  }
  function when(iso, zone) {
    try { return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone || undefined }).format(new Date(iso)); } catch (e) { return iso; }
  }
  function priceText(p) { return p == null ? t('hidden') : money(p); }

  function form(d) {
    var out = d.is_checking_out;
    var nodes = [el('h1', { id: 'desk-title', text: (out ? t('checkout') : t('checkin')) + ' · ' + d.reg_number }),
      el('dl', { 'class': 'facts' }, [el('dt', { text: t('reg') }), el('dd', { text: d.reg_number }), el('dt', { text: t('wo') }), el('dd', { text: d.wo_nr }),
        el('dt', { text: t('when') }), el('dd', { text: when(d.time_car_app, d.time_zone) })])];
    var ivs = d.interventions || [];
    var work = el('fieldset', { id: 'work' }, [el('legend', { text: t('work') })]);
    if (!ivs.length) { work.appendChild(el('p', { text: t('nothing') })); }
    if (!out && ivs.length) { work.appendChild(el('p', { 'class': 'help', text: t('workHelp') })); }
    ivs.forEach(function (iv) {
      var id = 'iv-' + iv.id;
      var desc = iv.description ? el('span', { 'class': 'desc', text: iv.description }) : null;
      if (out) {
        work.appendChild(el('div', { 'class': 'item' }, [el('span', { 'class': 'title', text: iv.title }), desc,
          el('span', { 'class': iv.fixed ? 'badge ok' : 'badge', text: iv.fixed ? t('done') : t('notDone') }), el('span', { 'class': 'price', text: priceText(iv.price) })]));
      } else {
        work.appendChild(el('div', { 'class': 'item check' }, [el('input', { type: 'checkbox', id: id, 'data-iv': iv.id }),
          el('label', { 'for': id }, [el('span', { 'class': 'title', text: iv.title }), desc]), el('span', { 'class': 'price', text: priceText(iv.price) })]));
      }
    });
    nodes.push(work);
    var results = d.results || [];
    if (results.length) {
      var rf = el('section', { id: 'results', 'aria-labelledby': 'results-h' }, [el('h2', { id: 'results-h', text: t('results') })]);
      results.forEach(function (r) {
        var g = el('fieldset', { 'class': 'item result' }, [el('legend', { text: r.title + ' · ' + priceText(r.price) })]);
        [[2, 'fix'], [3, 'noFix'], [4, 'contact']].forEach(function (o) {
          var id = 'res-' + r.id + '-' + o[0];
          g.appendChild(el('span', { 'class': 'opt' }, [el('input', { type: 'radio', name: 'res-' + r.id, id: id, value: o[0], 'data-res': r.id, checked: o[0] === 2 }), el('label', { 'for': id, text: t(o[1]) })]));
        });
        rf.appendChild(g);
      });
      nodes.push(rf);
    }
    var ags = d.agreements || [];
    if (ags.length) {
      var af = el('fieldset', { id: 'agreements' }, [el('legend', { text: t('agreements') })]);
      ags.forEach(function (a) {
        var id = 'ag-' + a.id;
        af.appendChild(el('div', { 'class': 'item check' }, [el('input', { type: 'checkbox', id: id, 'data-ag': a.id, 'data-name': a.name, 'data-req': a.optional ? null : '1', required: !a.optional }),
          el('label', { 'for': id }, [el('span', { 'class': 'title', text: a.name + (a.optional ? '' : ' (' + t('required') + ')') }), el('span', { 'class': 'desc', text: a.text })])]));
      });
      nodes.push(af);
    }
    var name = el('input', { id: 'name', type: 'text', autocomplete: 'name', maxlength: '200', required: true, value: d.customer_name || '' });
    var ph = el('input', { id: 'phone', type: 'tel', autocomplete: 'tel', maxlength: '40' });
    var em = el('input', { id: 'mail', type: 'email', autocomplete: 'email', maxlength: '254' });
    nodes.push(el('fieldset', { id: 'details' }, [el('legend', { text: t('contactDetails') }), el('label', { 'for': 'name', text: t('name') }), name,
      el('label', { 'for': 'phone', text: t('phone') }), ph, el('label', { 'for': 'mail', text: t('emailAddr') }), em]));
    var canvas = el('canvas', { id: 'sig', width: '900', height: '260', role: 'img', 'aria-label': t('sign'), 'aria-describedby': 'sig-help' });
    var clear = el('button', { type: 'button', id: 'sig-clear', 'class': 'secondary', text: t('clear') });
    // Without a finger or a mouse: the name typed above, written as the signature.
    var typed = el('button', { type: 'button', id: 'sig-type', 'class': 'secondary', text: t('typeSign') });
    nodes.push(el('section', { id: 'signature', 'aria-labelledby': 'sig-h' }, [el('h2', { id: 'sig-h', text: t('sign') }), el('p', { id: 'sig-help', 'class': 'help', text: t('signHelp') }), canvas, clear, typed]));
    var err = el('div', { id: 'form-error', 'class': 'error', role: 'alert' });
    var submit = el('button', { type: 'button', id: 'submit', 'class': 'primary', text: t('submit') });
    nodes.push(err, submit);
    screen('desk', nodes);
    var pad = signaturePad(canvas);
    clear.addEventListener('click', pad.clear);
    typed.addEventListener('click', function () {
      if (!name.value.trim()) { err.textContent = t('needName'); name.focus(); return; }
      err.textContent = '';
      pad.write(name.value.trim());
    });
    submit.addEventListener('click', function () {
      var problems = [];
      if (!name.value.trim()) { problems.push(t('needName')); }
      main.querySelectorAll('[data-req]').forEach(function (c) { if (!c.checked) { problems.push(t('needAgreement') + c.getAttribute('data-name')); } });
      if (!pad.signed()) { problems.push(t('needSign')); }
      if (problems.length) { err.textContent = problems.join(' '); return; }
      var body = { status: 5, customer_name: name.value.trim(), customer_signature: canvas.toDataURL('image/png'),
        agreement_ids: [], interventions: [], results: [] };
      if (ph.value.trim()) { body.correct_phone = ph.value.trim(); }
      if (em.value.trim()) { body.correct_email = em.value.trim(); }
      main.querySelectorAll('[data-ag]').forEach(function (c) { if (c.checked) { body.agreement_ids.push(+c.getAttribute('data-ag')); } });
      main.querySelectorAll('[data-iv]').forEach(function (c) { body.interventions.push({ intervention_id: +c.getAttribute('data-iv'), agreed: c.checked }); });
      main.querySelectorAll('[data-res]:checked').forEach(function (c) { body.results.push({ result_id: +c.getAttribute('data-res'), status: +c.value }); });
      // The outbox keeps the exact bytes: a retry or a reload sends the same answer.
      store.setItem('tablet.outbox', JSON.stringify({ id: d.id, body: JSON.stringify(body), tries: 0 }));
      submit.disabled = true;
      submit.textContent = t('sending');
      send();
    });
  }
  function outbox() { try { return JSON.parse(store.getItem('tablet.outbox') || 'null'); } catch (e) { return null; } }
  function send() {
    clearTimeout(sendTimer);
    var o = outbox();
    if (!o) { return; }
    o.tries = (o.tries || 0) + 1;
    store.setItem('tablet.outbox', JSON.stringify(o));
    call('POST', '/v1/desk_checkin/' + o.id + '/status', o.body).then(function (r) {
      var errs = (r.body && r.body.errors) || [];
      store.removeItem('tablet.outbox');
      if (r.status === 404) { waiting(t('canceled')); return; }
      if (errs.length) {
        var b = document.getElementById('submit'), e = document.getElementById('form-error');
        if (e) { e.textContent = t('problem') + errs.join(' '); }
        if (b) { b.disabled = false; b.textContent = t('submit'); }
        return;
      }
      // Our own earlier try may have been stored with its response lost:
      // "already answered" then is this answer, not another one.
      thanks(r.body.already_answered && o.tries === 1);
    }, function (e) { if (e && e.offline) { sendTimer = setTimeout(send, 3000); } });
  }
  function thanks(already) {
    shown = null;
    screen('thanks', [el('h1', { text: t('thanks') }), el('p', { 'class': 'big', text: t('thanksText') }), already ? el('p', { 'class': 'note', id: 'already', text: t('already') }) : null]);
    setTimeout(function () { if (main.getAttribute('data-screen') === 'thanks') { waiting(); } }, 8000);
  }

  // signaturePad draws with pointer events (finger, pen, mouse) on a
  // transparent canvas; signed() says whether enough was drawn.
  function signaturePad(c) {
    var ctx = c.getContext('2d'), drawing = false, ink = 0, last = null;
    ctx.lineWidth = 3; ctx.lineCap = 'round'; ctx.lineJoin = 'round'; ctx.strokeStyle = '#000';
    function at(e) { var r = c.getBoundingClientRect(); return { x: (e.clientX - r.left) * c.width / r.width, y: (e.clientY - r.top) * c.height / r.height }; }
    c.addEventListener('pointerdown', function (e) { e.preventDefault(); drawing = true; last = at(e); try { c.setPointerCapture(e.pointerId); } catch (x) { /* a synthetic pointer has none */ } });
    c.addEventListener('pointermove', function (e) {
      if (!drawing) { return; }
      var p = at(e);
      ctx.beginPath(); ctx.moveTo(last.x, last.y); ctx.lineTo(p.x, p.y); ctx.stroke();
      ink += Math.abs(p.x - last.x) + Math.abs(p.y - last.y);
      last = p;
    });
    ['pointerup', 'pointercancel', 'pointerleave'].forEach(function (n) { c.addEventListener(n, function () { drawing = false; }); });
    return { clear: function () { ctx.clearRect(0, 0, c.width, c.height); ink = 0; }, signed: function () { return ink > 30; },
      write: function (text) { window.PitstopScreen.writeName(c, text); ink = 1000; } };
  }

  window.addEventListener('online', function () { net(true); send(); });
  window.addEventListener('offline', function () { net(false); });
  document.documentElement.lang = lang;
  if (!token) { signin(); } else { waiting(); poll(); send(); }
}());

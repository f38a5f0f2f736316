/* Pitstop self-service kiosk (issue #23). No framework, no build step. */
(function () {
  'use strict';
  // The DOM and language helpers all staff screens share (api/pagefiles/static/screen.js).
  var S = window.PitstopScreen, h = S.h, add = S.add, $ = S.$;
  function pickLang(code) { return S.pickLang(D, code); }
  function t(k, a) { return S.t(D, lang, k, a); }
  var D = {
    'en-GB': {
      appName: 'Self-service check-in', skip: 'Skip to content', langNav: 'Language',
      signinTitle: 'Set up this kiosk', signinLead: 'A staff member signs the kiosk in once with its kiosk account.',
      email: 'E-mail', password: 'Password', signin: 'Sign in', signinFailed: 'Wrong e-mail or password.',
      notKiosk: 'This account is not a kiosk account.',
      disabledTitle: 'Check in at the desk', disabledLead: 'The self-service check-in is not available right now. Please go to the reception desk.',
      plateTitle: 'Welcome! Check in here', plateLead: 'Type the registration number of your car.',
      plate: 'Registration number', next: 'Continue', back: 'Back', cancel: 'Start again',
      chooseTitle: 'Which appointment is yours?', chooseLead: 'We found more than one appointment for this car today.',
      chooseItem: '{time} · {car}', verifyLabel: 'The last digits of your work order, or your last name',
      detailsTitle: 'Your details', step: 'Step {n} of {of}', name: 'Your name',
      phoneOnFile: 'We will text you on the phone number ending in {digits}.', phoneNone: 'We have no mobile number for you.',
      correctPhone: 'Another phone number? (optional)',
      workTitle: 'Work and agreements', workLead: 'Tick the work you want us to do.', noWork: 'No extra work is offered.',
      agreements: 'Agreements', required: 'required', remark: 'Anything we should know? (optional)',
      signTitle: 'Sign', signLead: 'Sign with your finger in the box below.', sigLabel: 'Signature box', clear: 'Clear', typedName: 'Your name, to sign with the keyboard', typeSign: 'Sign with my typed name', mustTyped: 'Please type your name.',
      finish: 'Check in', sending: 'Checking you in…',
      labelTitle: 'You are checked in', labelLead: 'Your label number is',
      labelHelp: 'Take label {n}, attach this label to your key and drop it in the key drop / locker.',
      done: 'Done', errorsTitle: 'Please check:', mustAgree: 'Please accept the required agreements.',
      mustSign: 'Please sign in the box.', mustName: 'Please type your name.', mustVerify: 'Please type at least 3 characters.',
      mustPlate: 'Please type your registration number.',
      haveCode: 'I have a code', usePlate: 'Use my registration number', codeTitle: 'Check in with your code',
      codeLead: 'Type the 6-digit code from your text message or e-mail.', code: 'Code', mustCode: 'Please type the 6 digits of your code.',
      tooManyCodes: 'Too many wrong codes. Please type your registration number or go to the reception desk.',
      offline: 'No connection. We keep trying…', retrying: 'Connection lost. Trying again…',
      cleared: 'The check-in was cleared because nobody used the screen.', error: 'Something went wrong. Please try again or go to the desk.',
      tooMany: 'Too many wrong answers for this registration. Please go to the reception desk.'
    },
    'nl-NL': {
      appName: 'Zelf inchecken', skip: 'Naar de inhoud', langNav: 'Taal',
      signinTitle: 'Deze kiosk instellen', signinLead: 'Een medewerker meldt de kiosk één keer aan met het kioskaccount.',
      email: 'E-mail', password: 'Wachtwoord', signin: 'Aanmelden', signinFailed: 'Verkeerd e-mailadres of wachtwoord.',
      notKiosk: 'Dit account is geen kioskaccount.',
      disabledTitle: 'Inchecken bij de balie', disabledLead: 'Zelf inchecken kan nu niet. Ga alstublieft naar de receptie.',
      plateTitle: 'Welkom! Hier inchecken', plateLead: 'Typ het kenteken van uw auto.',
      plate: 'Kenteken', next: 'Verder', back: 'Terug', cancel: 'Opnieuw beginnen',
      chooseTitle: 'Welke afspraak is van u?', chooseLead: 'We vonden vandaag meer dan één afspraak voor deze auto.',
      chooseItem: '{time} · {car}', verifyLabel: 'De laatste cijfers van uw werkorder, of uw achternaam',
      detailsTitle: 'Uw gegevens', step: 'Stap {n} van {of}', name: 'Uw naam',
      phoneOnFile: 'We sturen u een sms op het nummer dat eindigt op {digits}.', phoneNone: 'We hebben geen mobiel nummer van u.',
      correctPhone: 'Ander telefoonnummer? (optioneel)',
      workTitle: 'Werk en afspraken', workLead: 'Vink het werk aan dat wij mogen doen.', noWork: 'Er wordt geen extra werk aangeboden.',
      agreements: 'Voorwaarden', required: 'verplicht', remark: 'Iets dat we moeten weten? (optioneel)',
      signTitle: 'Ondertekenen', signLead: 'Zet uw handtekening met uw vinger in het vak hieronder.', sigLabel: 'Handtekeningvak', clear: 'Wissen', typedName: 'Uw naam, om met het toetsenbord te ondertekenen', typeSign: 'Ondertekenen met mijn getypte naam', mustTyped: 'Typ uw naam.',
      finish: 'Inchecken', sending: 'We checken u in…',
      labelTitle: 'U bent ingecheckt', labelLead: 'Uw labelnummer is',
      labelHelp: 'Neem label {n}, bevestig dit label aan uw sleutel en doe de sleutel in de sleutelbus / kluis.',
      done: 'Klaar', errorsTitle: 'Controleer alstublieft:', mustAgree: 'Accepteer alstublieft de verplichte voorwaarden.',
      mustSign: 'Zet alstublieft uw handtekening in het vak.', mustName: 'Typ alstublieft uw naam.', mustVerify: 'Typ alstublieft minstens 3 tekens.',
      mustPlate: 'Typ alstublieft uw kenteken.',
      haveCode: 'Ik heb een code', usePlate: 'Mijn kenteken gebruiken', codeTitle: 'Inchecken met uw code',
      codeLead: 'Typ de code van 6 cijfers uit uw sms of e-mail.', code: 'Code', mustCode: 'Typ alstublieft de 6 cijfers van uw code.',
      tooManyCodes: 'Te veel verkeerde codes. Typ uw kenteken of ga naar de receptie.',
      offline: 'Geen verbinding. We blijven het proberen…', retrying: 'Verbinding verbroken. We proberen het opnieuw…',
      cleared: 'Het inchecken is gewist omdat niemand het scherm gebruikte.', error: 'Er ging iets mis. Probeer het opnieuw of ga naar de balie.',
      tooMany: 'Te veel verkeerde antwoorden voor dit kenteken. Ga naar de receptie.'
    },
    'fr-FR': {
      appName: 'Enregistrement libre-service', skip: 'Aller au contenu', langNav: 'Langue',
      signinTitle: 'Configurer cette borne', signinLead: 'Un membre du personnel connecte la borne une fois avec son compte borne.',
      email: 'E-mail', password: 'Mot de passe', signin: 'Se connecter', signinFailed: 'E-mail ou mot de passe incorrect.',
      notKiosk: 'Ce compte n’est pas un compte borne.',
      disabledTitle: 'Enregistrez-vous à l’accueil', disabledLead: 'L’enregistrement libre-service n’est pas disponible. Veuillez vous rendre à l’accueil.',
      plateTitle: 'Bienvenue ! Enregistrez-vous ici', plateLead: 'Saisissez l’immatriculation de votre voiture.',
      plate: 'Immatriculation', next: 'Continuer', back: 'Retour', cancel: 'Recommencer',
      chooseTitle: 'Quel rendez-vous est le vôtre ?', chooseLead: 'Nous avons trouvé plusieurs rendez-vous pour cette voiture aujourd’hui.',
      chooseItem: '{time} · {car}', verifyLabel: 'Les derniers chiffres de votre ordre de réparation, ou votre nom de famille',
      detailsTitle: 'Vos coordonnées', step: 'Étape {n} sur {of}', name: 'Votre nom',
      phoneOnFile: 'Nous vous enverrons un SMS au numéro se terminant par {digits}.', phoneNone: 'Nous n’avons pas votre numéro de mobile.',
      correctPhone: 'Un autre numéro ? (facultatif)',
      workTitle: 'Travaux et conditions', workLead: 'Cochez les travaux que vous souhaitez.', noWork: 'Aucun travail supplémentaire n’est proposé.',
      agreements: 'Conditions', required: 'obligatoire', remark: 'Quelque chose à nous signaler ? (facultatif)',
      signTitle: 'Signature', signLead: 'Signez avec votre doigt dans le cadre ci-dessous.', sigLabel: 'Cadre de signature', clear: 'Effacer', typedName: 'Votre nom, pour signer au clavier', typeSign: 'Signer avec mon nom saisi', mustTyped: 'Veuillez saisir votre nom.',
      finish: 'M’enregistrer', sending: 'Enregistrement en cours…',
      labelTitle: 'Vous êtes enregistré', labelLead: 'Votre numéro d’étiquette est',
      labelHelp: 'Prenez l’étiquette {n}, attachez cette étiquette à votre clé et déposez-la dans la boîte à clés / le casier.',
      done: 'Terminé', errorsTitle: 'Veuillez vérifier :', mustAgree: 'Veuillez accepter les conditions obligatoires.',
      mustSign: 'Veuillez signer dans le cadre.', mustName: 'Veuillez saisir votre nom.', mustVerify: 'Veuillez saisir au moins 3 caractères.',
      mustPlate: 'Veuillez saisir votre immatriculation.',
      haveCode: 'J’ai un code', usePlate: 'Utiliser mon immatriculation', codeTitle: 'Enregistrez-vous avec votre code',
      codeLead: 'Saisissez le code à 6 chiffres reçu par SMS ou e-mail.', code: 'Code', mustCode: 'Veuillez saisir les 6 chiffres de votre code.',
      tooManyCodes: 'Trop de codes erronés. Saisissez votre immatriculation ou adressez-vous à l’accueil.',
      offline: 'Pas de connexion. Nous réessayons…', retrying: 'Connexion perdue. Nouvel essai…',
      cleared: 'L’enregistrement a été effacé car personne n’utilisait l’écran.', error: 'Une erreur s’est produite. Réessayez ou rendez-vous à l’accueil.',
      tooMany: 'Trop de réponses erronées pour cette immatriculation. Rendez-vous à l’accueil.'
    },
    'de-DE': {
      appName: 'Self-Service-Check-in', skip: 'Zum Inhalt', langNav: 'Sprache',
      signinTitle: 'Dieses Terminal einrichten', signinLead: 'Ein Mitarbeiter meldet das Terminal einmal mit seinem Terminal-Konto an.',
      email: 'E-Mail', password: 'Passwort', signin: 'Anmelden', signinFailed: 'Falsche E-Mail oder falsches Passwort.',
      notKiosk: 'Dieses Konto ist kein Terminal-Konto.',
      disabledTitle: 'Bitte an der Rezeption einchecken', disabledLead: 'Der Self-Service-Check-in ist gerade nicht verfügbar. Bitte gehen Sie zur Rezeption.',
      plateTitle: 'Willkommen! Hier einchecken', plateLead: 'Geben Sie das Kennzeichen Ihres Autos ein.',
      plate: 'Kennzeichen', next: 'Weiter', back: 'Zurück', cancel: 'Neu beginnen',
      chooseTitle: 'Welcher Termin ist Ihrer?', chooseLead: 'Wir haben heute mehr als einen Termin für dieses Auto gefunden.',
      chooseItem: '{time} · {car}', verifyLabel: 'Die letzten Ziffern Ihres Werkstattauftrags oder Ihr Nachname',
      detailsTitle: 'Ihre Angaben', step: 'Schritt {n} von {of}', name: 'Ihr Name',
      phoneOnFile: 'Wir schreiben Ihnen an die Nummer, die auf {digits} endet.', phoneNone: 'Wir haben keine Mobilnummer von Ihnen.',
      correctPhone: 'Andere Telefonnummer? (optional)',
      workTitle: 'Arbeiten und Vereinbarungen', workLead: 'Kreuzen Sie die gewünschten Arbeiten an.', noWork: 'Es werden keine zusätzlichen Arbeiten angeboten.',
      agreements: 'Vereinbarungen', required: 'erforderlich', remark: 'Sollen wir etwas wissen? (optional)',
      signTitle: 'Unterschreiben', signLead: 'Unterschreiben Sie mit dem Finger im Feld unten.', sigLabel: 'Unterschriftsfeld', clear: 'Löschen', typedName: 'Ihr Name, zum Unterschreiben mit der Tastatur', typeSign: 'Mit meinem getippten Namen unterschreiben', mustTyped: 'Bitte geben Sie Ihren Namen ein.',
      finish: 'Einchecken', sending: 'Sie werden eingecheckt…',
      labelTitle: 'Sie sind eingecheckt', labelLead: 'Ihre Etikettnummer ist',
      labelHelp: 'Nehmen Sie Etikett {n}, befestigen Sie dieses Etikett an Ihrem Schlüssel und werfen Sie ihn in den Schlüsselkasten / das Schließfach.',
      done: 'Fertig', errorsTitle: 'Bitte prüfen Sie:', mustAgree: 'Bitte akzeptieren Sie die erforderlichen Vereinbarungen.',
      mustSign: 'Bitte unterschreiben Sie im Feld.', mustName: 'Bitte geben Sie Ihren Namen ein.', mustVerify: 'Bitte geben Sie mindestens 3 Zeichen ein.',
      mustPlate: 'Bitte geben Sie Ihr Kennzeichen ein.',
      haveCode: 'Ich habe einen Code', usePlate: 'Mein Kennzeichen verwenden', codeTitle: 'Mit Ihrem Code einchecken',
      codeLead: 'Geben Sie den 6-stelligen Code aus Ihrer SMS oder E-Mail ein.', code: 'Code', mustCode: 'Bitte geben Sie die 6 Ziffern Ihres Codes ein.',
      tooManyCodes: 'Zu viele falsche Codes. Bitte geben Sie Ihr Kennzeichen ein oder gehen Sie zur Rezeption.',
      offline: 'Keine Verbindung. Wir versuchen es weiter…', retrying: 'Verbindung unterbrochen. Neuer Versuch…',
      cleared: 'Der Check-in wurde gelöscht, weil niemand den Bildschirm benutzt hat.', error: 'Etwas ist schiefgelaufen. Bitte erneut versuchen oder zur Rezeption gehen.',
      tooMany: 'Zu viele falsche Antworten für dieses Kennzeichen. Bitte zur Rezeption gehen.'
    }
  };
  window.PitstopI18n = D; // read by the tests: every language has every string
  var LANG_NAMES = { 'en-GB': 'English', 'nl-NL': 'Nederlands', 'fr-FR': 'Français', 'de-DE': 'Deutsch' };
  var KEY = 'pitstop.kiosk.v1';
  var q = new URLSearchParams(location.search);
  var IDLE = Math.min(600, Math.max(3, parseInt(q.get('idle'), 10) || 90)) * 1000;

  var st = load() || {};      // token (the kiosk account's), deviceLang
  var me = null;              // GET /v1/kiosk/me
  var lang = 'en-GB';
  var screen = '';
  var c = null;               // the customer's check-in under way (memory only)
  var idleTimer = 0, sending = false, notice = '';

  function load() { try { return JSON.parse(localStorage.getItem(KEY) || 'null'); } catch (e) { return null; } }
  function save() { try { localStorage.setItem(KEY, JSON.stringify(st)); } catch (e) { /* private mode: works while open */ } }

  function setLang(code) {
    lang = pickLang(code) || 'en-GB';
    document.documentElement.lang = lang;
    $('skip').textContent = t('skip');
    $('app-name').textContent = t('appName');
    document.title = t('appName');
    var nav = $('langs');
    nav.setAttribute('aria-label', t('langNav'));
    nav.textContent = '';
    Object.keys(D).forEach(function (k) {
      add(nav, h('button', { type: 'button', lang: k, 'aria-pressed': String(k === lang), 'data-lang': k, text: LANG_NAMES[k],
        onclick: function () { setLang(k); rerender(); } }));
    });
  }
  function homeLang() { return pickLang(st.deviceLang) || pickLang(me && me.language_code) || pickLang(navigator.language) || 'en-GB'; }

  // show replaces main's content (data-screen for the tests) and moves
  // focus to the heading, as a page change would.
  function show(name, nodes) {
    screen = name;
    var main = $('main');
    main.textContent = '';
    main.setAttribute('data-screen', name);
    main.removeAttribute('aria-busy');
    add(main, h('div', { class: 'wrap' }, nodes));
    var h1 = main.querySelector('h1');
    if (h1) { h1.setAttribute('tabindex', '-1'); h1.focus({ preventScroll: true }); }
    window.scrollTo(0, 0);
    touch();
  }
  function errorBox(msgs) {
    return h('div', { class: 'errors', id: 'errors', role: 'alert' }, msgs && msgs.length ? [h('p', { text: t('errorsTitle') }),
      h('ul', null, msgs.map(function (m) { return h('li', { text: m }); }))] : null);
  }
  function setErrors(msgs) { var b = $('errors'); if (b) b.replaceWith(errorBox(msgs)); }
  function btn(text, onclick, cls, id) { return h('button', { type: 'button', class: 'btn' + (cls ? ' ' + cls : ''), id: id, text: text, onclick: onclick }); }
  function field(id, label, type, attrs) {
    var a = { id: id, name: id, type: type || 'text' };
    for (var k in attrs || {}) a[k] = attrs[k];
    return [h('label', { for: id, text: label }), h(type === 'textarea' ? 'textarea' : 'input', a)];
  }
  function val(id) { var e = $(id); return e ? e.value.trim() : ''; }
  function net(msg) { $('net').textContent = msg || ''; }

  // ---- the API -------------------------------------------------------------
  // call sends one request. With retry, a lost connection (or a 502-504) is
  // shown and the same request is sent again, with backoff, until it gets an
  // answer: the server answers a repeated check-in answer with the label of
  // the first, so a retry never checks anyone in twice.
  function call(method, path, body, retry) {
    var wait = 1000;
    function once() {
      return fetch(path, {
        method: method, cache: 'no-store',
        headers: Object.assign({ 'Content-Type': 'application/json' }, st.token ? { Authorization: 'Bearer ' + st.token } : {}),
        body: body ? JSON.stringify(body) : undefined
      }).then(function (r) {
        if (retry && r.status >= 502 && r.status <= 504) throw new TypeError('gateway');
        return r.text().then(function (txt) {
          var j = null;
          try { j = txt ? JSON.parse(txt) : {}; } catch (e) { j = {}; }
          net('');
          return { status: r.status, body: j || {} };
        });
      }, function (e) { throw e; }).catch(function (e) {
        if (!retry || !(e instanceof TypeError)) throw e;
        net(navigator.onLine === false ? t('offline') : t('retrying'));
        return new Promise(function (res) { setTimeout(res, wait); }).then(function () {
          wait = Math.min(wait * 2, 8000);
          return once();
        });
      });
    }
    return once().then(function (r) {
      if (r.status === 401) { signOut(); throw new Error('signed out'); }
      return r;
    });
  }
  function problems(r) {
    if (r.status === 429) return [t('tooMany')];
    return (r.body && r.body.errors) || (r.status >= 400 ? [t('error')] : []);
  }

  // ---- idle: a check-in left half-way clears itself ---------------------
  function touch() {
    clearTimeout(idleTimer);
    if (['plate', 'signin', 'disabled', 'loading'].indexOf(screen) < 0) idleTimer = setTimeout(idle, IDLE);
  }
  function idle() {
    if (sending) { touch(); return; }
    notice = screen === 'label' ? '' : t('cleared');
    home();
  }
  ['pointerdown', 'keydown', 'input'].forEach(function (ev) { document.addEventListener(ev, touch, true); });
  window.addEventListener('online', function () { net(''); });
  window.addEventListener('offline', function () { net(t('offline')); });

  // ---- screens ---------------------------------------------------------------
  function rerender() {
    var f = { signin: signInScreen, disabled: disabledScreen, plate: plateScreen, code: codeScreen, choose: chooseScreen, details: detailsScreen,
      work: workScreen, sign: signScreen, label: labelScreen }[screen];
    if (f) f();
  }
  function signOut() { st = { deviceLang: st.deviceLang }; save(); me = null; c = null; signInScreen(); }
  function home() { c = null; sending = false; setLang(homeLang()); plateScreen(); }

  function signInScreen(msgs) {
    show('signin', [h('h1', { text: t('signinTitle') }), h('p', { text: t('signinLead') }), errorBox(msgs),
      field('email', t('email'), 'email', { autocomplete: 'username' }), field('password', t('password'), 'password', { autocomplete: 'current-password' }),
      h('div', { class: 'actions' }, btn(t('signin'), function () {
        call('POST', '/v1/auth/login', { email: val('email'), password: $('password').value }, true).then(function (r) {
          if (r.status !== 200 || !r.body.token) return signInScreen([t('signinFailed')]);
          if (r.body.role_id !== 120) return signInScreen([t('notKiosk')]);
          st.token = r.body.token; delete st.me; save(); start();
        }).catch(function () { signInScreen([t('error')]); });
      }, '', 'signin'))]);
  }
  function disabledScreen() {
    show('disabled', [h('h1', { text: t('disabledTitle') }), h('p', { class: 'lead', text: t('disabledLead') })]);
    setTimeout(function () { if (screen === 'disabled') start(); }, 60000);
  }
  // The kiosk's own settings (no customer's data) are remembered, so a
  // restarted kiosk shows the plate entry at once and checks them with the
  // server beside it: a change redraws the entry, a kiosk switched off or
  // signed out leaves it.
  function start() {
    if (!st.token) return signInScreen();
    var shown = !!st.me;
    if (shown) { me = st.me; home(); }
    call('GET', '/v1/kiosk/me', null, true).then(function (r) {
      if (r.status === 403) return signInScreen([t('notKiosk')]);
      if (problems(r).length) { delete st.me; save(); setLang(homeLang()); return disabledScreen(); }
      var changed = JSON.stringify(r.body) !== JSON.stringify(st.me);
      me = r.body; st.me = r.body; save();
      if (!shown || (changed && screen === 'plate')) home();
    }).catch(function () { /* signed out */ });
  }

  function plateScreen(msgs) {
    var n = notice; notice = '';
    show('plate', [h('h1', { text: t('plateTitle') }), n ? h('p', { class: 'muted', role: 'status', text: n }) : null,
      h('p', { class: 'lead', text: t('plateLead') }), errorBox(msgs),
      h('form', { onsubmit: function (e) { e.preventDefault(); find(); }, novalidate: true },
        field('plate', t('plate'), 'text', { class: 'plate', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: '20',
          value: c && c.plate || '' }),
        h('div', { class: 'actions' }, btn(t('haveCode'), function () { c = null; codeScreen(); }, 'secondary', 'have-code'),
          h('button', { type: 'submit', class: 'btn', id: 'find', text: t('next') })))]);
  }
  // The code from the online check-in's message finds one appointment: no
  // choice to make, then the same steps as a plate.
  function codeScreen(msgs) {
    show('code', [h('h1', { text: t('codeTitle') }), h('p', { class: 'lead', text: t('codeLead') }), errorBox(msgs),
      h('form', { onsubmit: function (e) { e.preventDefault(); findCode(); }, novalidate: true },
        field('code', t('code'), 'text', { class: 'code', inputmode: 'numeric', pattern: '[0-9]*', autocomplete: 'off', maxlength: '6' }),
        h('div', { class: 'actions' }, btn(t('usePlate'), home, 'secondary', 'use-plate'),
          h('button', { type: 'submit', class: 'btn', id: 'find-code', text: t('next') })))]);
  }
  function findCode() {
    var code = val('code');
    if (!/^[0-9]{6}$/.test(code)) return codeScreen([t('mustCode')]);
    $('find-code').disabled = true;
    call('POST', '/v1/kiosk/find', { code: code }, true).then(function (r) {
      var p = r.status === 429 ? [t('tooManyCodes')] : problems(r);
      if (p.length) return codeScreen(p);
      opened(r.body.kiosk_check_in, '');
    }).catch(function () { var b = $('find-code'); if (b) b.disabled = false; });
  }
  function opened(v, plate) {
    c = { plate: plate, v: v, agreed: {}, accepted: {} };
    if (v.status === 2 && v.kiosk_label_number) { c.label = v.kiosk_label_number; return labelScreen(); }
    detailsScreen();
  }
  function find(choice, verification) {
    var plate = c && c.plate && choice ? c.plate : val('plate');
    if (!plate) return plateScreen([t('mustPlate')]);
    var b = $('find') || $('verify');
    if (b) b.disabled = true;
    call('POST', '/v1/kiosk/find', { reg_number: plate, choice: choice || 0, verification: verification || '' }, true).then(function (r) {
      var p = problems(r);
      if (p.length) { if (choice) { c.errors = p; return chooseScreen(); } c = { plate: plate }; return plateScreen(p); }
      if (r.body.choices && r.body.choices.length) { c = { plate: plate, choices: r.body.choices }; return chooseScreen(); }
      opened(r.body.kiosk_check_in, plate);
    }).catch(function () { if (b) b.disabled = false; });
  }
  function clock(iso) {
    var o = { hour: '2-digit', minute: '2-digit', timeZone: me && me.time_zone || undefined };
    try { return new Intl.DateTimeFormat(lang, o).format(new Date(iso)); } catch (e) { delete o.timeZone; return new Intl.DateTimeFormat(lang, o).format(new Date(iso)); }
  }
  function chooseScreen() {
    var errs = c.errors; c.errors = null;
    show('choose', [h('h1', { text: t('chooseTitle') }), h('p', { class: 'lead', text: t('chooseLead') }), errorBox(errs),
      h('div', { class: 'choices', role: 'group', 'aria-label': t('chooseTitle') }, c.choices.map(function (x) {
        return h('button', { type: 'button', class: 'choice', 'aria-pressed': String(c.choice === x.choice), 'data-choice': x.choice,
          text: t('chooseItem', { time: clock(x.time_car_app), car: (x.car_make + ' ' + x.car_model).trim() }),
          onclick: function () { c.choice = x.choice; chooseScreen(); $('verification') && $('verification').focus(); } });
      })),
      c.choice ? h('form', { onsubmit: function (e) { e.preventDefault(); var v = val('verification');
        if (v.length < 3) return setErrors([t('mustVerify')]); find(c.choice, v); }, novalidate: true },
        field('verification', t('verifyLabel'), 'text', { autocomplete: 'off', maxlength: '100' }),
        h('div', { class: 'actions' }, btn(t('cancel'), home, 'secondary'), h('button', { type: 'submit', class: 'btn', id: 'verify', text: t('next') }))) :
        h('div', { class: 'actions' }, btn(t('cancel'), home, 'secondary'))]);
  }
  function steps() { return c.v.is_customer_signature_in_kiosk_checkin_enabled ? 3 : 2; }
  function detailsScreen(msgs) {
    var v = c.v;
    show('details', [h('p', { class: 'steps', text: t('step', { n: 1, of: steps() }) }), h('h1', { text: t('detailsTitle') }), errorBox(msgs),
      h('p', { class: 'lead', text: (v.car_make + ' ' + v.car_model).trim() + ' · ' + v.reg_number + ' · ' + clock(v.time_car_app) }),
      v.is_customer_name_in_kiosk_checkin_enabled ? field('name', t('name'), 'text', { autocomplete: 'off', maxlength: '200', value: c.name || '', required: true }) : null,
      h('p', { text: v.phone_on_file ? t('phoneOnFile', { digits: v.phone_on_file.slice(-2) }) : t('phoneNone') }),
      field('phone', t('correctPhone'), 'tel', { autocomplete: 'off', maxlength: '30', value: c.phone || '' }),
      h('div', { class: 'actions' }, btn(t('cancel'), home, 'secondary'), btn(t('next'), function () {
        c.name = val('name'); c.phone = val('phone');
        if (v.is_customer_name_in_kiosk_checkin_enabled && !c.name) return setErrors([t('mustName')]);
        workScreen();
      }, '', 'next'))]);
  }
  // In the location's currency (GET /v1/kiosk/me names it).
  function money(p) {
    var cur = (me && me.currency) || 'EUR';
    try { return new Intl.NumberFormat(lang, { style: 'currency', currency: cur }).format(p); } catch (e) { return cur + ' ' + p.toFixed(2); }
  }
  function workScreen(msgs) {
    var v = c.v, last = steps() === 2;
    show('work', [h('p', { class: 'steps', text: t('step', { n: 2, of: steps() }) }), h('h1', { text: t('workTitle') }), errorBox(msgs),
      h('p', { class: 'lead', text: v.interventions.length ? t('workLead') : t('noWork') }),
      v.interventions.map(function (iv) {
        var id = 'iv-' + iv.id;
        return h('label', { class: 'check', for: id }, h('input', { type: 'checkbox', id: id, checked: !!c.agreed[iv.id],
          onchange: function (e) { c.agreed[iv.id] = e.target.checked; } }),
          h('span', null, h('span', { class: 't', text: iv.title }), iv.description ? h('span', { class: 'd', text: iv.description }) : null),
          iv.price != null ? h('span', { class: 'price', text: money(iv.price) }) : null);
      }),
      v.agreements.length ? h('h2', { text: t('agreements') }) : null,
      v.agreements.map(function (a) {
        var id = 'ag-' + a.id;
        return h('label', { class: 'check', for: id }, h('input', { type: 'checkbox', id: id, checked: !!c.accepted[a.id],
          onchange: function (e) { c.accepted[a.id] = e.target.checked; } }),
          h('span', null, h('span', { class: 't', text: a.name + (a.optional ? '' : ' (' + t('required') + ')') }), h('span', { class: 'd', text: a.text })));
      }),
      field('remark', t('remark'), 'textarea', { maxlength: '1000' }),
      h('div', { class: 'actions' }, btn(t('back'), function () { c.remark = val('remark'); detailsScreen(); }, 'secondary'),
        btn(last ? t('finish') : t('next'), function () {
          c.remark = val('remark');
          var missing = v.agreements.some(function (a) { return !a.optional && !c.accepted[a.id]; });
          if (missing) return setErrors([t('mustAgree')]);
          if (last) submit(); else signScreen();
        }, '', last ? 'finish' : 'next'))]);
    if (c.remark) $('remark').value = c.remark;
  }

  // The signature canvas: pointer events, so a finger, a pen and a mouse all draw.
  function signScreen(msgs) {
    var canvas = h('canvas', { class: 'sig', id: 'sig', width: '900', height: '320', role: 'img', 'aria-label': t('sigLabel') });
    show('sign', [h('p', { class: 'steps', text: t('step', { n: 3, of: 3 }) }), h('h1', { text: t('signTitle') }), errorBox(msgs),
      h('p', { class: 'lead', text: t('signLead') }), h('div', { class: 'sig-wrap' }, canvas),
      // Without a finger: the typed name, written as the signature.
      field('typed', t('typedName'), 'text', { autocomplete: 'off', maxlength: '100', value: c.name || '' }),
      h('div', { class: 'actions' }, btn(t('typeSign'), function () {
        var v = val('typed');
        if (!v) return setErrors([t('mustTyped')]);
        setErrors([]); S.writeName(canvas, v); c.inked = true;
      }, 'secondary', 'sig-type')),
      h('div', { class: 'actions' }, btn(t('back'), workScreen, 'secondary'), btn(t('clear'), function () { clearSig(canvas); }, 'secondary', 'clear'),
        btn(t('finish'), function () {
          if (!c.inked) return setErrors([t('mustSign')]);
          c.signature = canvas.toDataURL('image/png'); submit();
        }, '', 'finish'))]);
    c.inked = false;
    var ctx = canvas.getContext('2d'), down = false, lx = 0, ly = 0;
    ctx.lineWidth = 5; ctx.lineCap = 'round'; ctx.lineJoin = 'round'; ctx.strokeStyle = '#000';
    function pos(e) {
      var r = canvas.getBoundingClientRect();
      return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height];
    }
    canvas.addEventListener('pointerdown', function (e) {
      e.preventDefault(); down = true; setErrors([]);
      try { canvas.setPointerCapture(e.pointerId); } catch (x) { /* a pointer already gone */ }
      var p = pos(e); lx = p[0]; ly = p[1];
      ctx.beginPath(); ctx.arc(lx, ly, 2.5, 0, 7); ctx.fillStyle = '#000'; ctx.fill();
    });
    canvas.addEventListener('pointermove', function (e) {
      if (!down) return;
      var p = pos(e);
      ctx.beginPath(); ctx.moveTo(lx, ly); ctx.lineTo(p[0], p[1]); ctx.stroke();
      if (Math.abs(p[0] - lx) + Math.abs(p[1] - ly) > 0) c.inked = (c.ink = (c.ink || 0) + 1) > 5;
      lx = p[0]; ly = p[1];
    });
    ['pointerup', 'pointercancel'].forEach(function (ev) { canvas.addEventListener(ev, function () { down = false; }); });
  }
  function clearSig(canvas) { canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height); c.inked = false; c.ink = 0; }

  // submit sends the answer once; a lost connection retries the same answer.
  function submit() {
    if (sending) return;
    sending = true;
    var f = $('finish');
    if (f) { f.disabled = true; f.textContent = t('sending'); }
    var body = { customer_name: c.name || '', correct_phone: c.phone || '', remark: c.remark || '',
      agreement_ids: c.v.agreements.filter(function (a) { return c.accepted[a.id]; }).map(function (a) { return a.id; }),
      agreed_intervention_ids: c.v.interventions.filter(function (iv) { return c.agreed[iv.id]; }).map(function (iv) { return iv.id; }),
      customer_signature: c.signature || '' };
    call('POST', '/v1/kiosk/checkins/' + c.v.id + '/answer', body, true).then(function (r) {
      sending = false;
      var p = problems(r);
      if (p.length) { return screen === 'sign' ? signScreen(p) : workScreen(p); }
      c.label = r.body.kiosk_label_number;
      labelScreen();
    }).catch(function () { sending = false; });
  }
  function labelScreen() {
    show('label', [h('h1', { text: t('labelTitle') }),
      h('div', { class: 'label-box' }, h('p', { class: 'lead', text: t('labelLead') }), h('strong', { class: 'label-no', id: 'label-no', text: String(c.label) })),
      h('p', { class: 'lead', text: t('labelHelp', { n: c.label }) }),
      h('div', { class: 'actions' }, btn(t('done'), home, '', 'done'))]);
  }

  setLang(homeLang());
  if (q.get('lang') && pickLang(q.get('lang'))) { st.deviceLang = pickLang(q.get('lang')); save(); setLang(st.deviceLang); }
  screen = 'loading';
  start();
})();

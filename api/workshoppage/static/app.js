/* Pitstop workshop screen: a mechanic signs in, picks one of today's cars,
   picks a checklist, walks it one question at a time, takes photos and
   finishes. No framework, no build step, nothing inline (CSP).

   Offline for a moment: every answer goes through an outbox kept in
   localStorage and sent in order, one at a time, when the network is back.
   An answer keeps its answer_id across every retry: the API makes it the
   update's ID, so a retry after a lost response is recorded once. Photos
   (too large for localStorage) wait behind their answer in IndexedDB
   (where the browser has it; otherwise in the page's memory only), so a
   photo taken offline survives a reload and is sent once the network is
   back, with the same upload_id; the finish waits behind every answer. */
'use strict';
(function () {
  // The DOM and language helpers all staff screens share (api/pagefiles/static/screen.js).
  var S = window.PitstopScreen, h = S.h, add = S.add, $ = S.$;
  function pickLang(code) { return S.pickLang(D, code); }
  function t(k, a) { return S.t(D, lang, k, a); }
  var D = {
    'en-GB': {
      skip: 'Skip to content', appName: 'Pitstop workshop', loading: 'Loading…',
      signinTitle: 'Sign in', signinIntro: 'Sign in with your Pitstop account to do car checks.',
      email: 'E-mail address', password: 'Password', signin: 'Sign in', signingIn: 'Signing in…',
      badLogin: 'Wrong e-mail address or password.', tooMany: 'Too many attempts. Wait a few minutes and try again.',
      needFields: 'Enter your e-mail address and password.', signinAgain: 'Your session has ended. Please sign in again; nothing you entered is lost.',
      notMechanic: 'Your account may not do car checks. Ask your manager for the mechanic role.',
      signout: 'Sign out', language: 'Language',
      locationsTitle: 'Choose your workshop', noLocations: 'Your account has no workshop location.',
      carsTitle: 'Today\'s cars', carsAt: '{date} at {name}', noCars: 'No cars are booked for today.', refresh: 'Refresh',
      changeLocation: 'Other location', waiting: 'Customer waits', wo: 'Work order {n}', plateless: 'No registration',
      checklistsTitle: 'Choose a checklist', noChecklists: 'No checklists are set up for this workshop.', questions: '{n} questions',
      continueCheck: 'Continue: {name}', back: 'Back', starting: 'Starting…',
      stepOf: 'Question {n} of {total}', left: '{n} left', overview: 'Overview',
      status: 'Result', s0: 'OK', s1: 'OK with remarks', s2: 'Advised', s3: 'Necessary',
      tyre: 'Tyre', tyre1: 'Front left tyre', tyre2: 'Front right tyre', tyre3: 'Rear left tyre', tyre4: 'Rear right tyre', tyre9: 'Spare tyre',
      profile: 'Tread depth (mm)', options: 'What applies', notes: 'Notes', price: 'Price ({cur})', priceHelp: 'Default {price}. Change it only if this car needs another price.',
      photo: 'Take a photo', photos: 'Photos', photoN: 'Photo {n}', photoWaiting: 'waits to be sent', photoSent: 'sent', photoFailed: 'not stored: {why}',
      saveNext: 'Save and next', saveLast: 'Save and review', skipQ: 'Skip', needStatus: 'Choose a result first.',
      badPrice: 'Price: enter an amount from 0 to 100000.', badProfile: 'Tread depth: enter millimetres from 0 to 30.',
      reviewTitle: 'What is left', allDone: 'Every question is answered.', nLeft: 'Not answered yet: {n}.',
      notAnswered: 'Not answered', answered: 'Answered', queued: 'Waiting to be sent', refused: 'Refused: {why}',
      finish: 'Finish check', finishAnyway: 'Finish anyway', finishConfirm: 'Not answered: {n}. Press again to finish anyway.',
      finishing: 'Finishing…', finishQueued: 'The check will be finished as soon as the network is back.',
      doneTitle: 'Check finished', doneText: '{n} results stored. The advised and necessary items go to the service advisor.',
      nextCar: 'Next car',
      online: 'Online', offline: 'No network', pending: '{n} waiting to be sent', allSent: 'Everything is sent',
      sending: 'Sending…', netError: 'No connection. Try again when the network is back.', srvError: 'The server did not answer. Try again in a moment.',
      forbiddenTitle: 'No access', unavailableTitle: 'No connection',
      signoutAnyway: '{n} not sent yet: sign out anyway',
      tryAgain: 'Try again', errorsTitle: 'Please check:'
    },
    'nl-NL': {
      skip: 'Naar de inhoud', appName: 'Pitstop werkplaats', loading: 'Laden…',
      signinTitle: 'Inloggen', signinIntro: 'Log in met je Pitstop-account om auto\'s te controleren.',
      email: 'E-mailadres', password: 'Wachtwoord', signin: 'Inloggen', signingIn: 'Inloggen…',
      badLogin: 'Verkeerd e-mailadres of wachtwoord.', tooMany: 'Te veel pogingen. Wacht een paar minuten en probeer het opnieuw.',
      needFields: 'Vul je e-mailadres en wachtwoord in.', signinAgain: 'Je sessie is verlopen. Log opnieuw in; wat je hebt ingevuld blijft bewaard.',
      notMechanic: 'Je account mag geen auto\'s controleren. Vraag je leidinggevende om de monteursrol.',
      signout: 'Uitloggen', language: 'Taal',
      locationsTitle: 'Kies je werkplaats', noLocations: 'Je account heeft geen vestiging.',
      carsTitle: 'Auto\'s van vandaag', carsAt: '{date} bij {name}', noCars: 'Er staan vandaag geen auto\'s gepland.', refresh: 'Vernieuwen',
      changeLocation: 'Andere vestiging', waiting: 'Klant wacht', wo: 'Werkorder {n}', plateless: 'Geen kenteken',
      checklistsTitle: 'Kies een checklist', noChecklists: 'Er zijn geen checklists voor deze werkplaats.', questions: '{n} vragen',
      continueCheck: 'Verder: {name}', back: 'Terug', starting: 'Starten…',
      stepOf: 'Vraag {n} van {total}', left: 'nog {n}', overview: 'Overzicht',
      status: 'Resultaat', s0: 'OK', s1: 'OK met opmerkingen', s2: 'Geadviseerd', s3: 'Noodzakelijk',
      tyre: 'Band', tyre1: 'Band linksvoor', tyre2: 'Band rechtsvoor', tyre3: 'Band linksachter', tyre4: 'Band rechtsachter', tyre9: 'Reservewiel',
      profile: 'Profieldiepte (mm)', options: 'Wat is van toepassing', notes: 'Opmerkingen', price: 'Prijs ({cur})', priceHelp: 'Standaard {price}. Wijzig alleen als deze auto een andere prijs nodig heeft.',
      photo: 'Foto maken', photos: 'Foto\'s', photoN: 'Foto {n}', photoWaiting: 'wacht op verzenden', photoSent: 'verzonden', photoFailed: 'niet opgeslagen: {why}',
      saveNext: 'Opslaan en volgende', saveLast: 'Opslaan en overzicht', skipQ: 'Overslaan', needStatus: 'Kies eerst een resultaat.',
      badPrice: 'Prijs: vul een bedrag in van 0 tot 100000.', badProfile: 'Profieldiepte: vul millimeters in van 0 tot 30.',
      reviewTitle: 'Wat nog open staat', allDone: 'Alle vragen zijn beantwoord.', nLeft: 'Nog niet beantwoord: {n}.',
      notAnswered: 'Niet beantwoord', answered: 'Beantwoord', queued: 'Wacht op verzenden', refused: 'Geweigerd: {why}',
      finish: 'Controle afronden', finishAnyway: 'Toch afronden', finishConfirm: 'Niet beantwoord: {n}. Druk nogmaals om toch af te ronden.',
      finishing: 'Afronden…', finishQueued: 'De controle wordt afgerond zodra er weer netwerk is.',
      doneTitle: 'Controle afgerond', doneText: '{n} resultaten opgeslagen. De geadviseerde en noodzakelijke punten gaan naar de serviceadviseur.',
      nextCar: 'Volgende auto',
      online: 'Online', offline: 'Geen netwerk', pending: '{n} wachten op verzenden', allSent: 'Alles is verzonden',
      sending: 'Versturen…', netError: 'Geen verbinding. Probeer het opnieuw als er weer netwerk is.', srvError: 'De server antwoordde niet. Probeer het zo opnieuw.',
      forbiddenTitle: 'Geen toegang', unavailableTitle: 'Geen verbinding',
      signoutAnyway: '{n} nog niet verzonden: toch uitloggen',
      tryAgain: 'Opnieuw proberen', errorsTitle: 'Controleer het volgende:'
    },
    'fr-FR': {
      skip: 'Aller au contenu', appName: 'Pitstop atelier', loading: 'Chargement…',
      signinTitle: 'Connexion', signinIntro: 'Connectez-vous avec votre compte Pitstop pour contrôler les véhicules.',
      email: 'Adresse e-mail', password: 'Mot de passe', signin: 'Se connecter', signingIn: 'Connexion…',
      badLogin: 'Adresse e-mail ou mot de passe incorrect.', tooMany: 'Trop de tentatives. Attendez quelques minutes et réessayez.',
      needFields: 'Saisissez votre adresse e-mail et votre mot de passe.', signinAgain: 'Votre session a expiré. Reconnectez-vous ; rien de ce que vous avez saisi n\'est perdu.',
      notMechanic: 'Votre compte ne peut pas faire de contrôles. Demandez le rôle de mécanicien à votre responsable.',
      signout: 'Se déconnecter', language: 'Langue',
      locationsTitle: 'Choisissez votre atelier', noLocations: 'Votre compte n\'a aucun site.',
      carsTitle: 'Véhicules du jour', carsAt: '{date} à {name}', noCars: 'Aucun véhicule n\'est prévu aujourd\'hui.', refresh: 'Actualiser',
      changeLocation: 'Autre site', waiting: 'Client sur place', wo: 'Ordre de réparation {n}', plateless: 'Sans immatriculation',
      checklistsTitle: 'Choisissez une liste de contrôle', noChecklists: 'Aucune liste de contrôle n\'est configurée pour cet atelier.', questions: '{n} questions',
      continueCheck: 'Continuer : {name}', back: 'Retour', starting: 'Démarrage…',
      stepOf: 'Question {n} sur {total}', left: 'reste {n}', overview: 'Vue d\'ensemble',
      status: 'Résultat', s0: 'OK', s1: 'OK avec remarques', s2: 'Conseillé', s3: 'Nécessaire',
      tyre: 'Pneu', tyre1: 'Pneu avant gauche', tyre2: 'Pneu avant droit', tyre3: 'Pneu arrière gauche', tyre4: 'Pneu arrière droit', tyre9: 'Roue de secours',
      profile: 'Profondeur de sculpture (mm)', options: 'Ce qui s\'applique', notes: 'Remarques', price: 'Prix ({cur})', priceHelp: 'Par défaut {price}. Ne le changez que si ce véhicule demande un autre prix.',
      photo: 'Prendre une photo', photos: 'Photos', photoN: 'Photo {n}', photoWaiting: 'en attente d\'envoi', photoSent: 'envoyée', photoFailed: 'non enregistrée : {why}',
      saveNext: 'Enregistrer et suivant', saveLast: 'Enregistrer et vérifier', skipQ: 'Passer', needStatus: 'Choisissez d\'abord un résultat.',
      badPrice: 'Prix : saisissez un montant de 0 à 100000.', badProfile: 'Profondeur : saisissez des millimètres de 0 à 30.',
      reviewTitle: 'Ce qu\'il reste', allDone: 'Toutes les questions ont une réponse.', nLeft: 'Sans réponse pour l\'instant : {n}.',
      notAnswered: 'Sans réponse', answered: 'Répondu', queued: 'En attente d\'envoi', refused: 'Refusé : {why}',
      finish: 'Terminer le contrôle', finishAnyway: 'Terminer quand même', finishConfirm: 'Sans réponse : {n}. Appuyez encore pour terminer quand même.',
      finishing: 'Finalisation…', finishQueued: 'Le contrôle sera terminé dès le retour du réseau.',
      doneTitle: 'Contrôle terminé', doneText: '{n} résultats enregistrés. Les points conseillés et nécessaires vont au conseiller service.',
      nextCar: 'Véhicule suivant',
      online: 'En ligne', offline: 'Pas de réseau', pending: '{n} en attente d\'envoi', allSent: 'Tout est envoyé',
      sending: 'Envoi…', netError: 'Pas de connexion. Réessayez au retour du réseau.', srvError: 'Le serveur n\'a pas répondu. Réessayez dans un instant.',
      forbiddenTitle: 'Pas d\'accès', unavailableTitle: 'Pas de connexion',
      signoutAnyway: '{n} pas encore envoyé(s) : se déconnecter quand même',
      tryAgain: 'Réessayer', errorsTitle: 'Veuillez vérifier :'
    },
    'de-DE': {
      skip: 'Zum Inhalt springen', appName: 'Pitstop Werkstatt', loading: 'Wird geladen…',
      signinTitle: 'Anmelden', signinIntro: 'Melden Sie sich mit Ihrem Pitstop-Konto an, um Fahrzeuge zu prüfen.',
      email: 'E-Mail-Adresse', password: 'Passwort', signin: 'Anmelden', signingIn: 'Anmeldung…',
      badLogin: 'Falsche E-Mail-Adresse oder falsches Passwort.', tooMany: 'Zu viele Versuche. Warten Sie einige Minuten und versuchen Sie es erneut.',
      needFields: 'Geben Sie E-Mail-Adresse und Passwort ein.', signinAgain: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an; Ihre Eingaben bleiben erhalten.',
      notMechanic: 'Ihr Konto darf keine Fahrzeugprüfungen durchführen. Bitten Sie Ihre Leitung um die Mechanikerrolle.',
      signout: 'Abmelden', language: 'Sprache',
      locationsTitle: 'Werkstatt wählen', noLocations: 'Ihr Konto hat keinen Standort.',
      carsTitle: 'Fahrzeuge heute', carsAt: '{date} in {name}', noCars: 'Heute sind keine Fahrzeuge eingeplant.', refresh: 'Aktualisieren',
      changeLocation: 'Anderer Standort', waiting: 'Kunde wartet', wo: 'Auftrag {n}', plateless: 'Ohne Kennzeichen',
      checklistsTitle: 'Checkliste wählen', noChecklists: 'Für diese Werkstatt sind keine Checklisten eingerichtet.', questions: '{n} Fragen',
      continueCheck: 'Fortsetzen: {name}', back: 'Zurück', starting: 'Wird gestartet…',
      stepOf: 'Frage {n} von {total}', left: 'noch {n}', overview: 'Übersicht',
      status: 'Ergebnis', s0: 'OK', s1: 'OK mit Anmerkungen', s2: 'Empfohlen', s3: 'Notwendig',
      tyre: 'Reifen', tyre1: 'Reifen vorne links', tyre2: 'Reifen vorne rechts', tyre3: 'Reifen hinten links', tyre4: 'Reifen hinten rechts', tyre9: 'Reserverad',
      profile: 'Profiltiefe (mm)', options: 'Was zutrifft', notes: 'Anmerkungen', price: 'Preis ({cur})', priceHelp: 'Standard {price}. Nur ändern, wenn dieses Fahrzeug einen anderen Preis braucht.',
      photo: 'Foto aufnehmen', photos: 'Fotos', photoN: 'Foto {n}', photoWaiting: 'wartet auf Versand', photoSent: 'gesendet', photoFailed: 'nicht gespeichert: {why}',
      saveNext: 'Speichern und weiter', saveLast: 'Speichern und prüfen', skipQ: 'Überspringen', needStatus: 'Wählen Sie zuerst ein Ergebnis.',
      badPrice: 'Preis: Geben Sie einen Betrag von 0 bis 100000 ein.', badProfile: 'Profiltiefe: Geben Sie Millimeter von 0 bis 30 ein.',
      reviewTitle: 'Was noch offen ist', allDone: 'Alle Fragen sind beantwortet.', nLeft: 'Noch nicht beantwortet: {n}.',
      notAnswered: 'Nicht beantwortet', answered: 'Beantwortet', queued: 'Wartet auf Versand', refused: 'Abgelehnt: {why}',
      finish: 'Prüfung abschließen', finishAnyway: 'Trotzdem abschließen', finishConfirm: 'Nicht beantwortet: {n}. Drücken Sie noch einmal, um trotzdem abzuschließen.',
      finishing: 'Wird abgeschlossen…', finishQueued: 'Die Prüfung wird abgeschlossen, sobald das Netz wieder da ist.',
      doneTitle: 'Prüfung abgeschlossen', doneText: '{n} Ergebnisse gespeichert. Empfohlene und notwendige Punkte gehen an den Serviceberater.',
      nextCar: 'Nächstes Fahrzeug',
      online: 'Online', offline: 'Kein Netz', pending: '{n} warten auf Versand', allSent: 'Alles ist gesendet',
      sending: 'Wird gesendet…', netError: 'Keine Verbindung. Versuchen Sie es erneut, wenn das Netz wieder da ist.', srvError: 'Der Server hat nicht geantwortet. Versuchen Sie es gleich noch einmal.',
      forbiddenTitle: 'Kein Zugriff', unavailableTitle: 'Keine Verbindung',
      signoutAnyway: '{n} noch nicht gesendet: trotzdem abmelden',
      tryAgain: 'Erneut versuchen', errorsTitle: 'Bitte prüfen Sie:'
    }
  };
  window.PitstopI18n = D; // read by the tests: every language has every string
  var LANG_NAMES = { 'en-GB': 'English', 'nl-NL': 'Nederlands', 'fr-FR': 'Français', 'de-DE': 'Deutsch' };
  var STATUSES = [0, 1, 2, 3]; // the spec's QuestionResultStatus a mechanic picks (4, not worked on: skipped)
  var TYRES = [1, 2, 3, 4, 9];  // car tyre positions (the spec's TyrePosition)
  var KEY = 'pitstop.workshop.v1', OUTBOX = 'pitstop.workshop.outbox.v1';
  var CURRENCY = { GB: 'GBP', CH: 'CHF', LI: 'CHF', DK: 'DKK', SE: 'SEK', NO: 'NOK', IS: 'ISK', PL: 'PLN', CZ: 'CZK', HU: 'HUF', RO: 'RON' };

  // ---- state ---------------------------------------------------------------
  var st = load(KEY) || {};   // token, expires, userId, lang, locId, walk
  var outbox = load(OUTBOX) || []; // answers and finishes waiting to be sent, in order
  var photoBox = [];          // photos waiting, each behind its answer (kept in IndexedDB too: photoStore)
  var locations = [];
  var lang = 'en-GB';
  var screen = '';
  var online = navigator.onLine !== false;
  var lastNetError = false;

  function load(k) { try { return JSON.parse(localStorage.getItem(k) || 'null'); } catch (e) { return null; } }
  function save() {
    try {
      localStorage.setItem(KEY, JSON.stringify(st));
      localStorage.setItem(OUTBOX, JSON.stringify(outbox));
    } catch (e) { /* storage full or blocked: the page still works while open */ }
  }

  // ---- photos kept across a reload (IndexedDB) ----------------------------------
  // One record per waiting photo, keyed by its upload_id: the photo's Blob
  // and what sending it needs. Written when the answer is saved, deleted
  // when the server has answered it; read back when the page starts. Where
  // IndexedDB is missing or blocked (a private window), photos wait in
  // memory only, as before.
  var photoDB = null, photosRestored = false;
  function photoStore(mode, fn) {
    if (!photoDB) return;
    try { fn(photoDB.transaction('photos', mode).objectStore('photos')); } catch (e) { /* best effort */ }
  }
  function keepPhoto(p) {
    photoStore('readwrite', function (os) {
      os.put({ uploadId: p.uploadId, path: p.path, key: p.key, checkId: p.checkId, questionId: p.questionId, pos: p.pos,
        file: p.file, name: p.file.name || 'photo.jpg', userId: st.userId, at: Date.now() });
    });
  }
  function forgetPhoto(uploadId) { photoStore('readwrite', function (os) { os.delete(uploadId); }); }
  function forgetAllPhotos() { photoStore('readwrite', function (os) { os.clear(); }); }
  function restorePhotos(then) {
    var done = false;
    function finish() { if (!done) { done = true; photosRestored = true; then(); } }
    if (!window.indexedDB) { finish(); return; }
    var req;
    try { req = indexedDB.open('pitstop-workshop', 1); } catch (e) { finish(); return; }
    req.onupgradeneeded = function () { req.result.createObjectStore('photos', { keyPath: 'uploadId' }); };
    req.onerror = req.onblocked = function () { finish(); };
    req.onsuccess = function () {
      photoDB = req.result;
      var all;
      try { all = photoDB.transaction('photos').objectStore('photos').getAll(); } catch (e) { finish(); return; }
      all.onerror = function () { finish(); };
      all.onsuccess = function () {
        (all.result || []).sort(function (a, b) { return a.at - b.at; }).forEach(function (r) {
          if (r.userId !== st.userId) { forgetPhoto(r.uploadId); return; } // another mechanic's: theirs, with their token
          if (photoBox.some(function (p) { return p.uploadId === r.uploadId; })) return;
          // The answer's reference to the photo (its state on the question), with a new preview URL.
          var w = st.walk, a = w && w.checkId === r.checkId ? w.answers[r.key] : null;
          var ref = a && (a.photos || []).filter(function (x) { return x.uploadId === r.uploadId; })[0];
          if (!ref) ref = { state: 'waiting', uploadId: r.uploadId };
          ref.url = URL.createObjectURL(r.file);
          var file = r.file;
          if (!file.name) { try { file = new File([r.file], r.name, { type: r.file.type }); } catch (e) { /* a Blob: named when sent */ } }
          photoBox.push({ kind: 'photo', path: r.path, key: r.key, checkId: r.checkId, questionId: r.questionId, pos: r.pos,
            file: file, uploadId: r.uploadId, ref: ref });
        });
        finish();
      };
    };
  }

  function setLang(code) {
    lang = pickLang(code) || 'en-GB';
    document.documentElement.lang = lang;
    $('skip').textContent = t('skip');
    $('app-name').textContent = t('appName');
    document.title = t('appName');
  }

  function newID(p) {
    var b = new Uint8Array(12);
    crypto.getRandomValues(b);
    return p + Array.prototype.map.call(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }

  // show replaces main's content with a screen (data-screen for the tests)
  // and moves focus to its heading, as a page change would.
  function show(name, nodes, keepFocus) {
    screen = name;
    var main = $('main');
    main.textContent = '';
    main.setAttribute('data-screen', name);
    main.removeAttribute('aria-busy');
    add(main, h('div', { class: 'wrap' }, nodes));
    footer();
    netStatus();
    if (!keepFocus) {
      var h1 = main.querySelector('h1');
      if (h1) { h1.setAttribute('tabindex', '-1'); h1.focus({ preventScroll: true }); }
      window.scrollTo(0, 0);
    }
  }
  function busy() { $('main').setAttribute('aria-busy', 'true'); }
  function errorBox(msgs) {
    return h('div', { class: 'errors', id: 'errors', role: 'alert' }, msgs && msgs.length ? [h('p', { text: t('errorsTitle') }),
      h('ul', null, msgs.map(function (m) { return h('li', { text: m }); }))] : null);
  }
  function setErrors(msgs) {
    var box = $('errors');
    if (!box) return;
    box.replaceWith(errorBox(msgs));
  }

  function footer() {
    var f = $('foot');
    f.textContent = '';
    var id = 'lang-select';
    var sel = h('select', { id: id, onchange: function () { st.lang = sel.value; save(); setLang(sel.value); rerender(); } },
      Object.keys(D).map(function (k) { return h('option', { value: k, text: LANG_NAMES[k], lang: k, selected: k === lang }); }));
    add(f, h('div', { class: 'wrap foot-in' },
      h('div', { class: 'field inline' }, h('label', { for: id, text: t('language') }), sel),
      st.token ? h('button', { type: 'button', class: 'btn', id: 'signout', text: t('signout'), onclick: signOut }) : null));
  }

  // ---- the API ---------------------------------------------------------------
  // call answers {kind: ok | errors (HTTP 200 {"errors"}) | auth (401) |
  // forbidden (403) | notfound (404) | busy (429) | down (5xx, other) | network, data, errors}.
  function call(method, path, body) {
    var opts = { method: method, cache: 'no-store', credentials: 'omit', headers: { 'Accept': 'application/json' } };
    if (st.token) opts.headers['Authorization'] = 'Bearer ' + st.token;
    if (body instanceof FormData) opts.body = body;
    else if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
    return fetch(path, opts).then(function (r) {
      return r.text().then(function (txt) {
        var data = null;
        try { data = txt ? JSON.parse(txt) : {}; } catch (e) { data = null; }
        var errs = data && Array.isArray(data.errors) ? data.errors : [];
        lastNetError = false;
        if (r.status === 401) return { kind: 'auth', errors: errs };
        if (r.status === 403) return { kind: 'forbidden', errors: errs };
        if (r.status === 404) return { kind: 'notfound', errors: errs };
        if (r.status === 429) return { kind: 'busy', errors: errs };
        if (r.status !== 200 || data === null) return { kind: 'down', status: r.status };
        if (errs.length) return { kind: 'errors', errors: errs };
        return { kind: 'ok', data: data };
      });
    }).catch(function () { lastNetError = true; return { kind: 'network' }; });
  }
  // failed handles the answers every screen treats alike; true when handled.
  function failed(r, retry) {
    if (r.kind === 'auth') { needSignIn(); return true; }
    if (r.kind === 'forbidden') { showMessage('forbidden', t('notMechanic')); return true; }
    if (r.kind === 'network' || r.kind === 'down' || r.kind === 'busy') {
      showMessage('unavailable', t(r.kind === 'network' ? 'netError' : 'srvError'), retry);
      return true;
    }
    return false;
  }
  function showMessage(name, text, retry) {
    show(name, [h('h1', { text: t(name === 'forbidden' ? 'forbiddenTitle' : 'unavailableTitle') }), h('p', { class: 'notice', text: text }),
      retry ? h('button', { type: 'button', class: 'btn primary wide', id: 'retry', text: t('tryAgain'), onclick: retry }) : null,
      name === 'forbidden' ? h('button', { type: 'button', class: 'btn wide', text: t('signout'), onclick: signOut }) : null]);
  }

  // ---- sign-in ------------------------------------------------------------------
  function needSignIn() {
    var had = !!st.token;
    st.token = ''; save();
    signIn(had ? t('signinAgain') : '');
  }
  function signIn(note) {
    var form;
    function submit(ev) {
      ev.preventDefault();
      var email = form.email.value.trim(), pw = form.password.value;
      if (!email || !pw) { setErrors([t('needFields')]); return; }
      var btn = $('signin-btn');
      btn.disabled = true; btn.textContent = t('signingIn');
      call('POST', '/v1/auth/login', { email: email, password: pw }).then(function (r) {
        btn.disabled = false; btn.textContent = t('signin');
        if (r.kind === 'auth' || r.kind === 'errors') { setErrors([t('badLogin')]); return; }
        if (r.kind === 'busy') { setErrors([t('tooMany')]); return; }
        if (r.kind !== 'ok') { setErrors([t(r.kind === 'network' ? 'netError' : 'srvError')]); return; }
        var me = r.data;
        if (st.userId && st.userId !== me.user_id) { st.walk = null; outbox = []; photoBox = []; forgetAllPhotos(); } // another mechanic: the last one's walk is theirs
        st.token = me.token; st.expires = me.expires_at; st.userId = me.user_id;
        save();
        start();
      });
    }
    form = h('form', { id: 'signin', novalidate: true, onsubmit: submit },
      errorBox(),
      h('div', { class: 'field' }, h('label', { for: 'email', text: t('email') }),
        h('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'username', inputmode: 'email', autocapitalize: 'none', spellcheck: 'false', required: true })),
      h('div', { class: 'field' }, h('label', { for: 'password', text: t('password') }),
        h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
      h('button', { type: 'submit', class: 'btn primary wide', id: 'signin-btn', text: t('signin') }));
    show('signin', [h('h1', { text: t('signinTitle') }), note ? h('p', { class: 'notice', text: note }) : h('p', { text: t('signinIntro') }), form]);
  }
  // Signing out drops what waits to be sent (it is this mechanic's, sent
  // with their token): with anything waiting, the first press only warns.
  var confirmSignOut = false;
  function signOut() {
    if (waiting() && !confirmSignOut) {
      confirmSignOut = true;
      var b = $('signout');
      if (b) b.textContent = t('signoutAnyway', { n: waiting() });
      return;
    }
    confirmSignOut = false;
    st = { lang: st.lang }; outbox = []; photoBox = []; forgetAllPhotos();
    save();
    signIn('');
  }

  // ---- locations and today's cars -----------------------------------------------
  function start() {
    busy();
    call('GET', '/v1/workshop/locations').then(function (r) {
      if (failed(r, start)) return;
      if (r.kind !== 'ok') { showMessage('unavailable', (r.errors || []).join(' ') || t('srvError'), start); return; }
      locations = r.data.locations || [];
      flush();
      if (st.walk && st.walk.checkId) { resumeWalk(); return; }
      if (locations.length === 1) st.locId = locations[0].id;
      if (!loc()) { chooseLocation(); return; }
      cars();
    });
  }
  function loc() {
    for (var i = 0; i < locations.length; i++) if (locations[i].id === st.locId) return locations[i];
    return null;
  }
  function zone() { return (loc() && loc().time_zone) || (st.walk && st.walk.zone) || undefined; }
  function chooseLocation() {
    show('locations', [h('h1', { text: t('locationsTitle') }),
      locations.length ? h('ul', { class: 'list' }, locations.map(function (l) {
        return h('li', null, h('button', { type: 'button', class: 'tile', 'data-location': l.id, onclick: function () { st.locId = l.id; save(); cars(); } },
          h('span', { class: 'tile-title', text: l.name })));
      })) : h('p', { class: 'notice', text: t('noLocations') })]);
  }

  // The wall-clock parts of instant ms in zone tz.
  function parts(ms, tz) {
    var o = { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' };
    if (tz) o.timeZone = tz;
    var p = {};
    new Intl.DateTimeFormat('en-GB', o).formatToParts(new Date(ms)).forEach(function (x) { p[x.type] = +x.value; });
    return p;
  }
  // midnight is the instant the day y-m-d begins in zone tz (DST-safe: the
  // zone's offset is read at the guess and read again once).
  function midnight(y, m, d, tz) {
    var utc = Date.UTC(y, m - 1, d);
    var ms = utc;
    for (var i = 0; i < 2; i++) {
      var p = parts(ms, tz);
      var wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
      ms = utc - (wall - ms);
    }
    return ms;
  }
  function today(tz) {
    var p = parts(Date.now(), tz);
    var from = midnight(p.year, p.month, p.day, tz);
    var next = new Date(Date.UTC(p.year, p.month - 1, p.day + 1));
    return { from: from, to: midnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), tz) };
  }
  function fmt(ms, o) {
    o = Object.assign({}, o);
    if (zone()) o.timeZone = zone();
    try { return new Intl.DateTimeFormat(lang, o).format(new Date(ms)); }
    catch (e) { delete o.timeZone; return new Intl.DateTimeFormat(lang, o).format(new Date(ms)); }
  }
  function timeOf(s) { return fmt(Date.parse(s), { hour: '2-digit', minute: '2-digit' }); }

  function cars() {
    var l = loc();
    if (!l) { chooseLocation(); return; }
    busy();
    var day = today(l.time_zone);
    var q = '/v1/appointments?dealer_location_id=' + l.id + '&from=' + encodeURIComponent(new Date(day.from).toISOString()) +
      '&to=' + encodeURIComponent(new Date(day.to).toISOString()) + '&page_size=200';
    call('GET', q).then(function (r) {
      if (failed(r, cars)) return;
      if (r.kind !== 'ok') { showMessage('unavailable', (r.errors || []).join(' ') || t('srvError'), cars); return; }
      var list = (r.data.appointments || []).filter(function (a) {
        var ms = Date.parse(a.time_car_app);
        return ms >= day.from && ms < day.to && a.lifecycle_stage !== 'cancelled';
      });
      var date = fmt(Date.now(), { weekday: 'long', day: 'numeric', month: 'long' });
      show('cars', [h('h1', { text: t('carsTitle') }), h('p', { class: 'sub', id: 'cars-date', text: t('carsAt', { date: date, name: l.name }) }),
        list.length ? h('ul', { class: 'list', id: 'cars' }, list.map(function (a) {
          return h('li', null, h('button', { type: 'button', class: 'tile car', 'data-appointment': a.id, onclick: function () { checklists(a); } },
            h('span', { class: 'time', text: timeOf(a.time_car_app) }),
            h('span', { class: 'tile-body' },
              h('span', { class: 'plate', text: a.reg_number || t('plateless') }),
              h('span', { class: 'tile-title', text: [a.car_make, a.car_model].filter(Boolean).join(' ') }),
              h('span', { class: 'tile-sub', text: a.wo_nr ? t('wo', { n: a.wo_nr }) : '' }),
              a.customer_waiting ? h('span', { class: 'badge', text: t('waiting') }) : null)));
        })) : h('p', { class: 'notice', text: t('noCars') }),
        h('div', { class: 'btn-row' },
          h('button', { type: 'button', class: 'btn', id: 'refresh', text: t('refresh'), onclick: cars }),
          locations.length > 1 ? h('button', { type: 'button', class: 'btn', text: t('changeLocation'), onclick: chooseLocation }) : null)]);
    });
  }

  function carLine(a) {
    return h('p', { class: 'car-line' }, h('span', { class: 'plate', text: a.reg_number || t('plateless') }), ' ',
      [a.car_make, a.car_model].filter(Boolean).join(' '), a.time_car_app ? ' · ' + timeOf(a.time_car_app) : '');
  }

  // ---- checklists ---------------------------------------------------------------
  function checklists(a) {
    busy();
    call('GET', '/v1/workshop/appointments/' + a.id + '/checklists').then(function (r) {
      if (failed(r, function () { checklists(a); })) return;
      if (r.kind !== 'ok') { showMessage('unavailable', (r.errors || []).join(' ') || t('srvError'), cars); return; }
      var lists = r.data.checklists || [];
      var walk = st.walk && st.walk.ap && st.walk.ap.id === a.id ? st.walk : null;
      show('checklists', [h('h1', { text: t('checklistsTitle') }), carLine(a), errorBox(),
        walk ? h('button', { type: 'button', class: 'btn primary wide', id: 'continue', text: t('continueCheck', { name: walk.checklist.name }), onclick: function () { resumeWalk(); } }) : null,
        lists.length ? h('ul', { class: 'list', id: 'checklists' }, lists.map(function (c) {
          return h('li', null, h('button', { type: 'button', class: 'tile', 'data-checklist': c.id, onclick: function (ev) { startCheck(a, c, ev.currentTarget); } },
            h('span', { class: 'tile-body' }, h('span', { class: 'tile-title', text: c.name }),
              h('span', { class: 'tile-sub', text: t('questions', { n: (c.questions || []).length }) }))));
        })) : h('p', { class: 'notice', text: t('noChecklists') }),
        h('button', { type: 'button', class: 'btn wide', id: 'back', text: t('back'), onclick: cars })]);
    });
  }

  // steps: one per question, one per car tyre position of a tyre question.
  function steps(c) {
    var qs = (c.questions || []).slice().sort(function (x, y) { return x.group_order - y.group_order || x.question_order - y.question_order; });
    var out = [];
    qs.forEach(function (q) {
      if (q.contains_tyre_element) TYRES.forEach(function (p) { out.push({ q: q, pos: p, key: q.id + ':' + p }); });
      else out.push({ q: q, pos: 0, key: q.id + ':0' });
    });
    return out;
  }

  function startCheck(a, c, btn) {
    if (btn) { btn.disabled = true; btn.setAttribute('aria-busy', 'true'); }
    var clientID = newID('c');
    call('POST', '/v1/workshop/appointments/' + a.id + '/checks', { checklist_id: c.id, client_check_id: clientID }).then(function (r) {
      if (r.kind === 'errors') { checklistsError(r.errors); if (btn) btn.disabled = false; return; }
      if (failed(r, function () { checklists(a); })) return;
      st.walk = { ap: a, checklist: c, checkId: r.data.check_id, idx: 0, answers: {}, zone: zone() };
      save();
      resumeWalk();
    });
  }
  function checklistsError(errs) { setErrors(errs); var b = $('errors'); if (b) b.scrollIntoView(); }

  // resumeWalk reads the check back: answers stored on the server count as
  // answered (another phone, an earlier visit); answers of this phone still
  // waiting in the outbox win over them.
  function resumeWalk() {
    var w = st.walk;
    busy();
    call('GET', '/v1/workshop/appointments/' + w.ap.id + '/checks/' + w.checkId).then(function (r) {
      if (r.kind === 'notfound') { st.walk = null; save(); cars(); return; }
      if (r.kind === 'ok') {
        if (r.data.finished_at) { st.walk = null; save(); done(null); return; }
        (r.data.question_results || []).forEach(function (res) {
          var k = res.question_id + ':' + (res.tyre_position || 0);
          var mine = w.answers[k];
          if (!mine || mine.state === 'sent') {
            w.answers[k] = { status: res.status, notes: res.mechanic_notes, price: res.price, options: res.options || [],
              profile: res.tyre_profile, state: 'sent', photos: mine ? mine.photos : (res.images || []).map(function () { return { state: 'sent' }; }) };
          }
        });
        save();
      } else if (r.kind === 'auth' || r.kind === 'forbidden') { failed(r); return; }
      // Offline: walk on with what this phone knows.
      var list = steps(w.checklist);
      if (w.idx >= list.length) w.idx = firstOpen(list);
      question();
    });
  }
  function firstOpen(list) {
    for (var i = 0; i < list.length; i++) if (!answered(list[i])) return i;
    return Math.max(0, list.length - 1);
  }
  function answered(s) { var a = st.walk.answers[s.key]; return !!a && a.state !== 'refused'; }
  function leftCount(list) { return list.filter(function (s) { return !answered(s); }).length; }

  // ---- one question at a time ---------------------------------------------------
  function money(v) {
    var c = CURRENCY[String((loc() && loc().country) || '').toUpperCase()] || 'EUR';
    try { return new Intl.NumberFormat(lang, { style: 'currency', currency: c }).format(v); } catch (e) { return c + ' ' + v.toFixed(2); }
  }
  function currencySymbol() {
    var c = CURRENCY[String((loc() && loc().country) || '').toUpperCase()] || 'EUR';
    try {
      var p = new Intl.NumberFormat(lang, { style: 'currency', currency: c }).formatToParts(0);
      for (var i = 0; i < p.length; i++) if (p[i].type === 'currency') return p[i].value;
    } catch (e) { /* fall through */ }
    return c;
  }
  function num(s) {
    s = String(s || '').trim().replace(/\s/g, '');
    if (!s) return null;
    if (s.indexOf(',') >= 0 && s.indexOf('.') < 0) s = s.replace(',', '.');
    else s = s.replace(/,/g, '');
    var v = Number(s);
    return isFinite(v) ? v : NaN;
  }
  function fixed(v) { return new Intl.NumberFormat(lang, { maximumFractionDigits: 2, useGrouping: false }).format(v); }

  function question() {
    var w = st.walk, list = steps(w.checklist);
    if (!list.length) { review(); return; }
    var i = Math.min(w.idx, list.length - 1), s = list[i], q = s.q;
    var prev = w.answers[s.key] || {};
    var chosen = prev.state === 'refused' ? null : (prev.status != null ? prev.status : null);
    var pending = (prev.photos || []).slice();
    var newPhotos = [];

    var statusBox = h('fieldset', { class: 'statuses' }, h('legend', { text: t('status') }),
      STATUSES.map(function (v) {
        return h('label', { class: 'status s' + v },
          h('input', { type: 'radio', name: 'status', value: v, checked: chosen === v, 'data-status': v }),
          h('span', { text: t('s' + v) }));
      }));
    var profile = s.pos ? h('div', { class: 'field' }, h('label', { for: 'profile', text: t('profile') }),
      h('input', { id: 'profile', type: 'text', inputmode: 'decimal', autocomplete: 'off', value: prev.profile ? fixed(prev.profile) : '' })) : null;
    var options = (q.options || []).length ? h('fieldset', { class: 'options' }, h('legend', { text: t('options') }),
      q.options.map(function (o) {
        return h('label', { class: 'check' }, h('input', { type: 'checkbox', value: o, checked: (prev.options || []).indexOf(o) >= 0 }), h('span', { text: o }));
      })) : null;
    var notes = h('div', { class: 'field' }, h('label', { for: 'notes', text: t('notes') }),
      h('textarea', { id: 'notes', rows: 3, maxlength: 2000, text: prev.notes || '' }));
    var priceVal = prev.price != null && prev.price !== q.default_price ? fixed(prev.price) : '';
    var price = h('div', { class: 'field' }, h('label', { for: 'price', text: t('price', { cur: currencySymbol() }) }),
      h('input', { id: 'price', type: 'text', inputmode: 'decimal', autocomplete: 'off', value: priceVal, placeholder: fixed(q.default_price || 0), 'aria-describedby': 'price-help' }),
      h('p', { class: 'help', id: 'price-help', text: t('priceHelp', { price: money(q.default_price || 0) }) }));
    var thumbs = h('ul', { class: 'thumbs', id: 'thumbs', 'aria-label': t('photos') });
    function drawThumbs() {
      thumbs.textContent = '';
      pending.concat(newPhotos).forEach(function (p, n) {
        var label = t('photoN', { n: n + 1 }) + ' – ' + (p.state === 'sent' ? t('photoSent') : p.state === 'failed' ? t('photoFailed', { why: p.why || '' }) : t('photoWaiting'));
        thumbs.appendChild(h('li', { class: 'thumb ' + (p.state || 'waiting') },
          p.url ? h('img', { src: p.url, alt: t('photoN', { n: n + 1 }) }) : h('span', { class: 'thumb-none', 'aria-hidden': 'true' }, h('span', { class: 'cam' })),
          h('span', { class: 'thumb-state', text: label })));
      });
    }
    drawThumbs();
    var file = h('input', { type: 'file', accept: 'image/*', capture: 'environment', id: 'photo-input', class: 'file',
      onchange: function () {
        Array.prototype.forEach.call(file.files || [], function (f) {
          newPhotos.push({ file: f, url: URL.createObjectURL(f), state: 'waiting', uploadId: newID('u') });
        });
        file.value = '';
        drawThumbs();
      } });
    var photoBtn = h('label', { class: 'btn photo', for: 'photo-input' }, h('span', { class: 'cam', 'aria-hidden': 'true' }), t('photo'));

    function save_(ev) {
      ev.preventDefault();
      var checked = form.querySelector('input[name=status]:checked');
      var errs = [];
      if (!checked) errs.push(t('needStatus'));
      var pr = num($('price').value), pf = profile ? num($('profile').value) : null;
      if (pr !== null && (isNaN(pr) || pr < 0 || pr > 100000)) errs.push(t('badPrice'));
      if (pf !== null && (isNaN(pf) || pf < 0 || pf > 30)) errs.push(t('badProfile'));
      if (errs.length) { setErrors(errs); $('errors').scrollIntoView(); return; }
      var opts = Array.prototype.filter.call(form.querySelectorAll('.options input'), function (x) { return x.checked; }).map(function (x) { return x.value; });
      var a = { status: +checked.value, notes: $('notes').value.trim(), price: pr, options: opts, profile: pf || 0, state: 'queued',
        answerId: newID('a'), photos: [] };
      var body = { question_id: q.id, answer_id: a.answerId, status: a.status, mechanic_notes: a.notes, options: opts,
        tyre_position: s.pos, tyre_profile: a.profile };
      if (pr !== null) body.price = pr;
      var path = '/v1/workshop/appointments/' + w.ap.id + '/checks/' + w.checkId;
      outbox.push({ kind: 'answer', path: path + '/answers', key: s.key, checkId: w.checkId, body: body });
      // Photos already sent stay; new ones go after this answer.
      a.photos = pending.filter(function (p) { return p.state !== 'failed'; });
      newPhotos.forEach(function (p) {
        var ref = { state: 'waiting', uploadId: p.uploadId, url: p.url };
        a.photos.push(ref);
        var it = { kind: 'photo', path: path + '/photos', key: s.key, checkId: w.checkId, questionId: q.id, pos: s.pos, file: p.file, uploadId: p.uploadId, ref: ref };
        photoBox.push(it);
        keepPhoto(it);
      });
      w.answers[s.key] = a;
      w.idx = i + 1 < list.length ? i + 1 : i;
      save();
      flush();
      if (i + 1 < list.length) question(); else review();
    }
    statusBox.addEventListener('change', function () { setErrors(null); });
    var form = h('form', { id: 'answer', novalidate: true, onsubmit: save_, 'data-step': s.key },
      errorBox(prev.state === 'refused' ? [t('refused', { why: prev.why || '' })] : null),
      statusBox, profile,
      h('div', { class: 'photos' }, file, photoBtn, thumbs),
      options, notes, price,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn', id: 'prev', text: t('back'), onclick: function () {
          if (i === 0) { checklists(w.ap); return; }
          w.idx = i - 1; save(); question();
        } }),
        h('button', { type: 'button', class: 'btn', id: 'skip-q', text: t('skipQ'), onclick: function () {
          if (i + 1 < list.length) { w.idx = i + 1; save(); question(); } else review();
        } }),
        h('button', { type: 'submit', class: 'btn primary', id: 'save', text: t(i + 1 < list.length ? 'saveNext' : 'saveLast') })));
    var left = leftCount(list);
    show('question', [
      h('div', { class: 'progress-row' },
        h('span', { id: 'step-of', text: t('stepOf', { n: i + 1, total: list.length }) }),
        h('button', { type: 'button', class: 'btn small', id: 'to-review', text: t('overview') + ' · ' + t('left', { n: left }), onclick: review })),
      h('progress', { max: list.length, value: list.length - left, 'aria-label': t('left', { n: left }) }),
      carLine(w.ap),
      q.group_name ? h('p', { class: 'group', text: q.group_name }) : null,
      h('h1', { text: q.title }),
      s.pos ? h('p', { class: 'tyre-pos', id: 'tyre-pos', text: t('tyre' + s.pos) }) : null,
      form]);
  }

  // ---- review and finish -------------------------------------------------------------
  var confirmFinish = false;
  function review() {
    var w = st.walk, list = steps(w.checklist), left = leftCount(list);
    var finishQueued = outbox.some(function (x) { return x.kind === 'finish' && x.checkId === w.checkId; });
    show('review', [h('h1', { text: t('reviewTitle') }), carLine(w.ap), errorBox(),
      h('p', { class: left ? 'notice' : 'notice ok', id: 'left', text: left ? t('nLeft', { n: left }) : t('allDone') }),
      h('ol', { class: 'list review', id: 'steps' }, list.map(function (s, i) {
        var a = w.answers[s.key];
        var state = !a ? t('notAnswered') : a.state === 'refused' ? t('refused', { why: a.why || '' }) : a.state === 'queued' ? t('queued') : t('answered');
        return h('li', null, h('button', { type: 'button', class: 'tile step ' + (!a ? 'open' : a.state), 'data-step': s.key,
          onclick: function () { w.idx = i; save(); question(); } },
          h('span', { class: 'tile-body' },
            h('span', { class: 'tile-title', text: s.q.title + (s.pos ? ' – ' + t('tyre' + s.pos) : '') }),
            h('span', { class: 'tile-sub', text: state + (a && a.state !== 'refused' ? ' · ' + t('s' + a.status) : '') }))));
      })),
      finishQueued ? h('p', { class: 'notice', id: 'finish-queued', text: t('finishQueued') }) :
        h('button', { type: 'button', class: 'btn primary wide', id: 'finish', text: t(left && confirmFinish ? 'finishAnyway' : 'finish'), onclick: function () {
          if (left && !confirmFinish) { confirmFinish = true; review(); setErrors([t('finishConfirm', { n: left })]); return; }
          confirmFinish = false;
          outbox.push({ kind: 'finish', path: '/v1/workshop/appointments/' + w.ap.id + '/checks/' + w.checkId + '/finish', checkId: w.checkId });
          save();
          flush();
          review();
        } })], screen === 'review');
  }

  function done(result) {
    st.walk = null; save();
    show('done', [h('div', { class: 'icon ok', 'aria-hidden': 'true', text: '✓' }), h('h1', { text: t('doneTitle') }),
      result ? h('p', { id: 'done-text', text: t('doneText', { n: result.results }) }) : null,
      h('button', { type: 'button', class: 'btn primary wide', id: 'next-car', text: t('nextCar'), onclick: cars })]);
  }

  // ---- the outbox ------------------------------------------------------------------
  // One item at a time, in order: an answer before its photos, every answer
  // before the finish. A network failure or a server fault keeps the item
  // (same answer_id, same upload_id) and tries again; a refusal (HTTP 200
  // with errors) drops it and shows why on its question.
  var flushing = false, timer = null;
  function next() {
    // A photo goes as soon as its answer is no longer waiting.
    for (var i = 0; i < photoBox.length; i++) {
      var p = photoBox[i];
      if (!outbox.some(function (x) { return x.kind === 'answer' && x.key === p.key && x.checkId === p.checkId; })) return p;
    }
    for (var j = 0; j < outbox.length; j++) {
      if (outbox[j].kind === 'finish' && photoBox.length) continue; // photos before the finish
      return outbox[j];
    }
    return null;
  }
  function drop(it) {
    var box = it.kind === 'photo' ? photoBox : outbox;
    var i = box.indexOf(it);
    if (i >= 0) box.splice(i, 1);
    if (it.kind === 'photo') forgetPhoto(it.uploadId);
    save();
  }
  function send(it) {
    if (it.kind !== 'photo') return call('POST', it.path, it.kind === 'answer' ? it.body : undefined);
    var fd = new FormData();
    fd.append('question_id', String(it.questionId));
    if (it.pos) fd.append('tyre_position', String(it.pos));
    fd.append('upload_id', it.uploadId);
    fd.append('file', it.file, it.file.name || 'photo.jpg');
    return call('POST', it.path, fd);
  }
  function flush() {
    // Nothing goes before the stored photos are back: a finish must not overtake them.
    if (flushing || !st.token || !photosRestored) { netStatus(); return; }
    var it = next();
    if (!it) { netStatus(); return; }
    flushing = true;
    netStatus();
    send(it).then(function (r) {
      flushing = false;
      var w = st.walk;
      var a = w && w.checkId === it.checkId ? w.answers[it.key] : null;
      if (r.kind === 'ok' || r.kind === 'errors') {
        drop(it);
        if (it.kind === 'answer' && a && a.answerId === it.body.answer_id) {
          if (r.kind === 'ok') a.state = 'sent'; else { a.state = 'refused'; a.why = r.errors.join(' '); }
          // Photos of a refused answer cannot be stored: drop them too.
          if (r.kind === 'errors') photoBox = photoBox.filter(function (p) {
            var mine = p.key === it.key && p.checkId === it.checkId;
            if (mine) forgetPhoto(p.uploadId);
            return !mine;
          });
        }
        if (it.kind === 'photo') { it.ref.state = r.kind === 'ok' ? 'sent' : 'failed'; it.ref.why = r.kind === 'ok' ? '' : r.errors.join(' '); }
        if (it.kind === 'finish') {
          if (r.kind === 'ok') { if (w && w.checkId === it.checkId) done(r.data); }
          else if (screen === 'review') { review(); setErrors(r.errors); }
        }
        save();
        if (screen === 'review' && it.kind === 'answer') review();
        flush();
        return;
      }
      if (r.kind === 'auth') { needSignIn(); return; }
      if (r.kind === 'forbidden' || r.kind === 'notfound') { drop(it); flush(); return; }
      // network, down, busy: keep it and try again.
      retryLater();
      netStatus();
    });
  }
  function retryLater() {
    if (timer) return;
    timer = setTimeout(function () { timer = null; flush(); }, navigator.onLine === false ? 5000 : 3000);
  }
  function waiting() { return outbox.length + photoBox.length; }
  function netStatus() {
    var n = waiting(), el = $('net');
    var off = !online || lastNetError;
    var text = (off ? t('offline') : t('online')) + (n ? ' · ' + t('pending', { n: n }) : st.token && screen !== 'signin' ? ' · ' + t('allSent') : '');
    if (el.textContent !== text) el.textContent = text;
    el.className = 'net' + (off ? ' off' : '') + (n ? ' pending' : '');
    el.setAttribute('data-pending', String(n));
  }
  window.addEventListener('online', function () { online = true; lastNetError = false; if (timer) { clearTimeout(timer); timer = null; } flush(); });
  window.addEventListener('offline', function () { online = false; netStatus(); });
  document.addEventListener('visibilitychange', function () { if (!document.hidden) flush(); });

  function rerender() {
    if (screen === 'signin') signIn('');
    else if (screen === 'cars') cars();
    else if (screen === 'locations') chooseLocation();
    else if (screen === 'question') question();
    else if (screen === 'review') review();
    else if (screen === 'checklists' && st.walk) checklists(st.walk.ap);
    else footer();
    netStatus();
  }

  // ---- start -----------------------------------------------------------------
  setLang(st.lang || pickLang((navigator.languages || [])[0] || navigator.language) || 'en-GB');
  if (st.token && st.expires && Date.parse(st.expires) < Date.now()) st.token = '';
  restorePhotos(function () { netStatus(); flush(); });
  if (st.token) start(); else signIn('');
})();

/* Pitstop customer page: one communication, read with the key in the URL
   fragment (#!/KEY). The key goes to the server only in POST bodies of the
   public customer endpoints. No framework, no build step. */
'use strict';
(function () {
  var D = {
    'en-GB': {
      skip: 'Skip to content', loading: 'Loading…', appointment: 'Your appointment', date: 'Date', car: 'Car', wo: 'Work order',
      checkinTitle: 'Online check-in', checkinIntro: 'Check in before your visit: choose the work you want and tell us anything we should know.',
      workTitle: 'Proposed work', workNone: 'No extra work is proposed.', moreInfo: 'More information about {name}',
      agreementsTitle: 'Agreements', required: '(required)', agreeTo: 'I agree to {name}',
      remarksTitle: 'Remarks', remarkLabel: 'Anything we should know?', addPhoto: 'Add a photo', addRemark: 'Add another remark',
      photoOf: 'Photo {n} of {name}', uploading: 'Uploading photo…', uploadFailed: 'The photo could not be uploaded.', removePhoto: 'Remove photo {n}',
      detailsTitle: 'Your details', name: 'Your name', phone: 'Mobile phone number', email: 'E-mail address',
      channel: 'How should we contact you?', channelEmail: 'E-mail', channelSMS: 'Text message (SMS)',
      keyTitle: 'Handing over your key', keyDesk: 'At the reception desk', keyLocker: 'In the key locker, at any time',
      checkinSubmit: 'Confirm check-in', sending: 'Sending…', retry: 'Try again',
      checkinDone: 'You are checked in', checkinDoneText: 'Thank you. We look forward to seeing you.',
      pinTitle: 'Your key locker PIN', pinLocker: 'Key locker: {name}', pinHelp: 'Enter this PIN at the key locker to drop your key. Keep it until then.',
      pinSent: 'You will also receive your PIN by text message or e-mail.', acceptedWork: 'Work you asked for',
      diagTitle: 'Inspection results', diagIntro: 'Our mechanic checked your car. Please tell us per item whether we may do the work.',
      mechanicNotes: 'Mechanic\'s note', agree: 'Yes, fix it', decline: 'Not now', contact: 'Call me', decisionFor: 'Your decision for {name}',
      priceIncl: 'incl. VAT', priceOnRequest: 'Price on request', totalApproved: 'Total for approved work', diagSubmit: 'Send my answer',
      chooseAll: 'Please choose an answer for every item.', needName: 'Please enter your name.', needAgreement: 'Please accept the required agreements.',
      photoBusy: 'Please wait until the photos are uploaded.',
      diagDone: 'Thank you for your answer', diagDoneText: 'We will carry out the work you approved.', yourAnswers: 'Your answers',
      notAnswered: 'No answer', decided2: 'Approved', decided3: 'Declined', decided4: 'Call me',
      repairTitle: 'Your car is ready', repairIntro: 'Here is what we did for you.', done: 'Work carried out', notDone: 'Not carried out',
      nothing: 'None.', subtotal: 'Subtotal excl. VAT', vat: 'VAT {p}%', total: 'Total incl. VAT', download: 'Download the repair overview (PDF)',
      downloading: 'Preparing the PDF…', downloaded: 'The PDF has been downloaded.', savePdf: 'Save the PDF',
      closedTitle: 'This page is closed', closedText: 'This communication is no longer open. Please contact us if you have any questions.',
      alreadyAnswered: 'This was already answered. Here is what we received.',
      wrongTitle: 'This link is not valid', wrongText: 'Please open the complete link from the text message or e-mail you received. If it still does not work, please contact your dealer.',
      downTitle: 'We cannot reach our service', downText: 'The service is temporarily unavailable. Please try again in a moment.',
      netError: 'Your answer could not be sent because of a connection problem. Your answer is kept: press “Try again”.',
      srvError: 'Something went wrong on our side. Your answer is kept: press “Try again”.',
      errorsTitle: 'Please check the following:', call: 'Call {phone}', questions: 'Questions? Call us on {phone}.', website: 'Website',
      newTab: '(opens in a new tab)',
      resultsTitle: 'What our mechanic found', plannedTitle: 'Work already planned', qs0: 'OK', qs1: 'OK, with a remark', qs2: 'Advised', qs3: 'Necessary', qs4: 'Not checked',
      qsHelp2: 'Advised: best done soon.', qsHelp3: 'Necessary: needs repair now.', found: 'Found', enlarge: 'Enlarge photo {n} of {name}', close: 'Close',
      fbTitle: 'How did we do?', fbQuestion: 'How likely are you to recommend us to a friend or colleague?', fbLow: '0 = not at all likely', fbHigh: '10 = extremely likely',
      fbComment: 'Anything you would like to tell us? (optional)', fbLimit: 'At most {n} characters.', fbSubmit: 'Send my feedback',
      fbChoose: 'Please choose a score from 0 to 10.', fbDone: 'Thank you for your feedback', fbDoneText: 'Your answer helps us serve you better.',
      fbYours: 'Your answer', fbScore: 'Score', fbOutOf: '{n} out of 10', fbCommentGiven: 'Your comment', fbRepair: 'View the repair overview'
    },
    'nl-NL': {
      skip: 'Naar de inhoud', loading: 'Laden…', appointment: 'Uw afspraak', date: 'Datum', car: 'Auto', wo: 'Werkorder',
      checkinTitle: 'Online inchecken', checkinIntro: 'Check in vóór uw bezoek: kies de werkzaamheden die u wilt en laat ons weten wat we moeten weten.',
      workTitle: 'Voorgestelde werkzaamheden', workNone: 'Er zijn geen extra werkzaamheden voorgesteld.', moreInfo: 'Meer informatie over {name}',
      agreementsTitle: 'Voorwaarden', required: '(verplicht)', agreeTo: 'Ik ga akkoord met {name}',
      remarksTitle: 'Opmerkingen', remarkLabel: 'Is er iets dat we moeten weten?', addPhoto: 'Foto toevoegen', addRemark: 'Nog een opmerking toevoegen',
      photoOf: 'Foto {n} van {name}', uploading: 'Foto uploaden…', uploadFailed: 'De foto kon niet worden geüpload.', removePhoto: 'Foto {n} verwijderen',
      detailsTitle: 'Uw gegevens', name: 'Uw naam', phone: 'Mobiel telefoonnummer', email: 'E-mailadres',
      channel: 'Hoe mogen we u bereiken?', channelEmail: 'E-mail', channelSMS: 'Sms',
      keyTitle: 'Uw sleutel afgeven', keyDesk: 'Bij de receptie', keyLocker: 'In de sleutelkluis, op elk moment',
      checkinSubmit: 'Inchecken bevestigen', sending: 'Versturen…', retry: 'Opnieuw proberen',
      checkinDone: 'U bent ingecheckt', checkinDoneText: 'Bedankt. We zien u graag tegemoet.',
      pinTitle: 'Uw pincode voor de sleutelkluis', pinLocker: 'Sleutelkluis: {name}', pinHelp: 'Voer deze pincode in bij de sleutelkluis om uw sleutel af te geven. Bewaar hem tot dan.',
      pinSent: 'U ontvangt uw pincode ook per sms of e-mail.', acceptedWork: 'Werkzaamheden die u wilt',
      diagTitle: 'Resultaten van de controle', diagIntro: 'Onze monteur heeft uw auto gecontroleerd. Laat per punt weten of we het werk mogen uitvoeren.',
      mechanicNotes: 'Opmerking van de monteur', agree: 'Ja, uitvoeren', decline: 'Nu niet', contact: 'Bel mij', decisionFor: 'Uw keuze voor {name}',
      priceIncl: 'incl. btw', priceOnRequest: 'Prijs op aanvraag', totalApproved: 'Totaal goedgekeurd werk', diagSubmit: 'Mijn antwoord versturen',
      chooseAll: 'Kies een antwoord voor elk punt.', needName: 'Vul uw naam in.', needAgreement: 'Ga akkoord met de verplichte voorwaarden.',
      photoBusy: 'Wacht tot de foto\'s zijn geüpload.',
      diagDone: 'Bedankt voor uw antwoord', diagDoneText: 'We voeren de werkzaamheden uit die u hebt goedgekeurd.', yourAnswers: 'Uw antwoorden',
      notAnswered: 'Geen antwoord', decided2: 'Goedgekeurd', decided3: 'Afgewezen', decided4: 'Bel mij',
      repairTitle: 'Uw auto is klaar', repairIntro: 'Dit hebben we voor u gedaan.', done: 'Uitgevoerde werkzaamheden', notDone: 'Niet uitgevoerd',
      nothing: 'Geen.', subtotal: 'Subtotaal excl. btw', vat: 'Btw {p}%', total: 'Totaal incl. btw', download: 'Werkoverzicht downloaden (pdf)',
      downloading: 'De pdf wordt gemaakt…', downloaded: 'De pdf is gedownload.', savePdf: 'De pdf opslaan',
      closedTitle: 'Deze pagina is gesloten', closedText: 'Deze communicatie is niet meer open. Neem contact met ons op als u vragen hebt.',
      alreadyAnswered: 'Dit was al beantwoord. Dit hebben we ontvangen.',
      wrongTitle: 'Deze link is niet geldig', wrongText: 'Open de volledige link uit de sms of e-mail die u hebt ontvangen. Werkt het nog steeds niet, neem dan contact op met uw dealer.',
      downTitle: 'We kunnen onze dienst niet bereiken', downText: 'De dienst is tijdelijk niet beschikbaar. Probeer het over een ogenblik opnieuw.',
      netError: 'Uw antwoord kon door een verbindingsprobleem niet worden verstuurd. Uw antwoord is bewaard: druk op “Opnieuw proberen”.',
      srvError: 'Er ging bij ons iets mis. Uw antwoord is bewaard: druk op “Opnieuw proberen”.',
      errorsTitle: 'Controleer het volgende:', call: 'Bel {phone}', questions: 'Vragen? Bel ons op {phone}.', website: 'Website',
      newTab: '(opent in een nieuw tabblad)',
      resultsTitle: 'Wat onze monteur vond', plannedTitle: 'Al geplande werkzaamheden', qs0: 'In orde', qs1: 'In orde, met opmerking', qs2: 'Geadviseerd', qs3: 'Noodzakelijk', qs4: 'Niet gecontroleerd',
      qsHelp2: 'Geadviseerd: liefst binnenkort.', qsHelp3: 'Noodzakelijk: moet nu hersteld worden.', found: 'Gevonden', enlarge: 'Foto {n} van {name} vergroten', close: 'Sluiten',
      fbTitle: 'Hoe hebben we het gedaan?', fbQuestion: 'Hoe waarschijnlijk is het dat u ons aanbeveelt bij een vriend of collega?', fbLow: '0 = helemaal niet waarschijnlijk', fbHigh: '10 = zeer waarschijnlijk',
      fbComment: 'Wilt u ons nog iets laten weten? (optioneel)', fbLimit: 'Maximaal {n} tekens.', fbSubmit: 'Mijn beoordeling versturen',
      fbChoose: 'Kies een score van 0 tot en met 10.', fbDone: 'Bedankt voor uw beoordeling', fbDoneText: 'Met uw antwoord kunnen we u nog beter helpen.',
      fbYours: 'Uw antwoord', fbScore: 'Score', fbOutOf: '{n} van de 10', fbCommentGiven: 'Uw opmerking', fbRepair: 'Werkoverzicht bekijken'
    },
    'fr-FR': {
      skip: 'Aller au contenu', loading: 'Chargement…', appointment: 'Votre rendez-vous', date: 'Date', car: 'Véhicule', wo: 'Ordre de réparation',
      checkinTitle: 'Enregistrement en ligne', checkinIntro: 'Enregistrez-vous avant votre visite : choisissez les travaux souhaités et dites-nous ce que nous devons savoir.',
      workTitle: 'Travaux proposés', workNone: 'Aucun travail supplémentaire n\'est proposé.', moreInfo: 'Plus d\'informations sur {name}',
      agreementsTitle: 'Conditions', required: '(obligatoire)', agreeTo: 'J\'accepte {name}',
      remarksTitle: 'Remarques', remarkLabel: 'Y a-t-il quelque chose que nous devons savoir ?', addPhoto: 'Ajouter une photo', addRemark: 'Ajouter une autre remarque',
      photoOf: 'Photo {n} de {name}', uploading: 'Envoi de la photo…', uploadFailed: 'La photo n\'a pas pu être envoyée.', removePhoto: 'Supprimer la photo {n}',
      detailsTitle: 'Vos coordonnées', name: 'Votre nom', phone: 'Numéro de mobile', email: 'Adresse e-mail',
      channel: 'Comment souhaitez-vous être contacté ?', channelEmail: 'E-mail', channelSMS: 'SMS',
      keyTitle: 'Remise de votre clé', keyDesk: 'À l\'accueil', keyLocker: 'Dans la boîte à clés, à tout moment',
      checkinSubmit: 'Confirmer l\'enregistrement', sending: 'Envoi…', retry: 'Réessayer',
      checkinDone: 'Vous êtes enregistré', checkinDoneText: 'Merci. Nous nous réjouissons de vous accueillir.',
      pinTitle: 'Votre code PIN pour la boîte à clés', pinLocker: 'Boîte à clés : {name}', pinHelp: 'Saisissez ce code à la boîte à clés pour déposer votre clé. Conservez-le jusque-là.',
      pinSent: 'Vous recevrez aussi votre code par SMS ou par e-mail.', acceptedWork: 'Travaux demandés',
      diagTitle: 'Résultats du contrôle', diagIntro: 'Notre mécanicien a contrôlé votre véhicule. Indiquez-nous pour chaque point si nous pouvons effectuer les travaux.',
      mechanicNotes: 'Note du mécanicien', agree: 'Oui, réparer', decline: 'Pas maintenant', contact: 'Appelez-moi', decisionFor: 'Votre choix pour {name}',
      priceIncl: 'TTC', priceOnRequest: 'Prix sur demande', totalApproved: 'Total des travaux acceptés', diagSubmit: 'Envoyer ma réponse',
      chooseAll: 'Veuillez choisir une réponse pour chaque point.', needName: 'Veuillez saisir votre nom.', needAgreement: 'Veuillez accepter les conditions obligatoires.',
      photoBusy: 'Veuillez attendre la fin de l\'envoi des photos.',
      diagDone: 'Merci pour votre réponse', diagDoneText: 'Nous effectuerons les travaux que vous avez acceptés.', yourAnswers: 'Vos réponses',
      notAnswered: 'Pas de réponse', decided2: 'Accepté', decided3: 'Refusé', decided4: 'Appelez-moi',
      repairTitle: 'Votre véhicule est prêt', repairIntro: 'Voici ce que nous avons fait pour vous.', done: 'Travaux effectués', notDone: 'Non effectués',
      nothing: 'Aucun.', subtotal: 'Total HT', vat: 'TVA {p} %', total: 'Total TTC', download: 'Télécharger le récapitulatif (PDF)',
      downloading: 'Préparation du PDF…', downloaded: 'Le PDF a été téléchargé.', savePdf: 'Enregistrer le PDF',
      closedTitle: 'Cette page est fermée', closedText: 'Cette communication n\'est plus ouverte. Contactez-nous si vous avez des questions.',
      alreadyAnswered: 'Une réponse a déjà été envoyée. Voici ce que nous avons reçu.',
      wrongTitle: 'Ce lien n\'est pas valide', wrongText: 'Ouvrez le lien complet du SMS ou de l\'e-mail que vous avez reçu. Si cela ne fonctionne toujours pas, contactez votre concessionnaire.',
      downTitle: 'Notre service est injoignable', downText: 'Le service est temporairement indisponible. Veuillez réessayer dans un instant.',
      netError: 'Votre réponse n\'a pas pu être envoyée à cause d\'un problème de connexion. Elle est conservée : appuyez sur « Réessayer ».',
      srvError: 'Une erreur s\'est produite de notre côté. Votre réponse est conservée : appuyez sur « Réessayer ».',
      errorsTitle: 'Veuillez vérifier :', call: 'Appeler le {phone}', questions: 'Des questions ? Appelez-nous au {phone}.', website: 'Site web',
      newTab: '(s\'ouvre dans un nouvel onglet)',
      resultsTitle: 'Ce que notre mécanicien a constaté', plannedTitle: 'Travaux déjà prévus', qs0: 'OK', qs1: 'OK, avec une remarque', qs2: 'Conseillé', qs3: 'Nécessaire', qs4: 'Non contrôlé',
      qsHelp2: 'Conseillé : à faire bientôt.', qsHelp3: 'Nécessaire : à réparer maintenant.', found: 'Constaté', enlarge: 'Agrandir la photo {n} de {name}', close: 'Fermer',
      fbTitle: 'Comment avons-nous fait ?', fbQuestion: 'Quelle est la probabilité que vous nous recommandiez à un ami ou un collègue ?', fbLow: '0 = pas du tout probable', fbHigh: '10 = très probable',
      fbComment: 'Souhaitez-vous nous dire autre chose ? (facultatif)', fbLimit: '{n} caractères au maximum.', fbSubmit: 'Envoyer mon avis',
      fbChoose: 'Veuillez choisir une note de 0 à 10.', fbDone: 'Merci pour votre avis', fbDoneText: 'Votre réponse nous aide à mieux vous servir.',
      fbYours: 'Votre réponse', fbScore: 'Note', fbOutOf: '{n} sur 10', fbCommentGiven: 'Votre commentaire', fbRepair: 'Voir le récapitulatif des travaux'
    },
    'de-DE': {
      skip: 'Zum Inhalt springen', loading: 'Wird geladen…', appointment: 'Ihr Termin', date: 'Datum', car: 'Fahrzeug', wo: 'Auftrag',
      checkinTitle: 'Online-Check-in', checkinIntro: 'Checken Sie vor Ihrem Besuch ein: Wählen Sie die gewünschten Arbeiten und teilen Sie uns mit, was wir wissen sollten.',
      workTitle: 'Vorgeschlagene Arbeiten', workNone: 'Es werden keine zusätzlichen Arbeiten vorgeschlagen.', moreInfo: 'Mehr Informationen zu {name}',
      agreementsTitle: 'Vereinbarungen', required: '(erforderlich)', agreeTo: 'Ich stimme {name} zu',
      remarksTitle: 'Anmerkungen', remarkLabel: 'Gibt es etwas, das wir wissen sollten?', addPhoto: 'Foto hinzufügen', addRemark: 'Weitere Anmerkung hinzufügen',
      photoOf: 'Foto {n} von {name}', uploading: 'Foto wird hochgeladen…', uploadFailed: 'Das Foto konnte nicht hochgeladen werden.', removePhoto: 'Foto {n} entfernen',
      detailsTitle: 'Ihre Angaben', name: 'Ihr Name', phone: 'Mobilnummer', email: 'E-Mail-Adresse',
      channel: 'Wie sollen wir Sie kontaktieren?', channelEmail: 'E-Mail', channelSMS: 'SMS',
      keyTitle: 'Schlüsselübergabe', keyDesk: 'An der Rezeption', keyLocker: 'Im Schlüsseltresor, jederzeit',
      checkinSubmit: 'Check-in bestätigen', sending: 'Wird gesendet…', retry: 'Erneut versuchen',
      checkinDone: 'Sie sind eingecheckt', checkinDoneText: 'Vielen Dank. Wir freuen uns auf Ihren Besuch.',
      pinTitle: 'Ihre PIN für den Schlüsseltresor', pinLocker: 'Schlüsseltresor: {name}', pinHelp: 'Geben Sie diese PIN am Schlüsseltresor ein, um Ihren Schlüssel abzugeben. Bewahren Sie sie bis dahin auf.',
      pinSent: 'Sie erhalten Ihre PIN auch per SMS oder E-Mail.', acceptedWork: 'Gewünschte Arbeiten',
      diagTitle: 'Prüfergebnisse', diagIntro: 'Unser Mechaniker hat Ihr Fahrzeug geprüft. Bitte teilen Sie uns für jeden Punkt mit, ob wir die Arbeit ausführen dürfen.',
      mechanicNotes: 'Hinweis des Mechanikers', agree: 'Ja, ausführen', decline: 'Jetzt nicht', contact: 'Rufen Sie mich an', decisionFor: 'Ihre Entscheidung für {name}',
      priceIncl: 'inkl. MwSt.', priceOnRequest: 'Preis auf Anfrage', totalApproved: 'Summe der freigegebenen Arbeiten', diagSubmit: 'Antwort senden',
      chooseAll: 'Bitte wählen Sie für jeden Punkt eine Antwort.', needName: 'Bitte geben Sie Ihren Namen ein.', needAgreement: 'Bitte stimmen Sie den erforderlichen Vereinbarungen zu.',
      photoBusy: 'Bitte warten Sie, bis die Fotos hochgeladen sind.',
      diagDone: 'Vielen Dank für Ihre Antwort', diagDoneText: 'Wir führen die von Ihnen freigegebenen Arbeiten aus.', yourAnswers: 'Ihre Antworten',
      notAnswered: 'Keine Antwort', decided2: 'Freigegeben', decided3: 'Abgelehnt', decided4: 'Rückruf',
      repairTitle: 'Ihr Fahrzeug ist fertig', repairIntro: 'Das haben wir für Sie erledigt.', done: 'Ausgeführte Arbeiten', notDone: 'Nicht ausgeführt',
      nothing: 'Keine.', subtotal: 'Summe netto', vat: 'MwSt. {p} %', total: 'Gesamt inkl. MwSt.', download: 'Arbeitsübersicht herunterladen (PDF)',
      downloading: 'PDF wird erstellt…', downloaded: 'Das PDF wurde heruntergeladen.', savePdf: 'PDF speichern',
      closedTitle: 'Diese Seite ist geschlossen', closedText: 'Diese Mitteilung ist nicht mehr offen. Bitte kontaktieren Sie uns bei Fragen.',
      alreadyAnswered: 'Dies wurde bereits beantwortet. Das haben wir erhalten.',
      wrongTitle: 'Dieser Link ist ungültig', wrongText: 'Bitte öffnen Sie den vollständigen Link aus der SMS oder E-Mail. Wenn es weiterhin nicht funktioniert, wenden Sie sich bitte an Ihr Autohaus.',
      downTitle: 'Unser Dienst ist nicht erreichbar', downText: 'Der Dienst ist vorübergehend nicht verfügbar. Bitte versuchen Sie es gleich noch einmal.',
      netError: 'Ihre Antwort konnte wegen eines Verbindungsproblems nicht gesendet werden. Ihre Antwort bleibt erhalten: Drücken Sie „Erneut versuchen“.',
      srvError: 'Bei uns ist ein Fehler aufgetreten. Ihre Antwort bleibt erhalten: Drücken Sie „Erneut versuchen“.',
      errorsTitle: 'Bitte prüfen Sie Folgendes:', call: '{phone} anrufen', questions: 'Fragen? Rufen Sie uns an: {phone}.', website: 'Website',
      newTab: '(öffnet in neuem Tab)',
      resultsTitle: 'Was unser Mechaniker festgestellt hat', plannedTitle: 'Bereits geplante Arbeiten', qs0: 'In Ordnung', qs1: 'In Ordnung, mit Hinweis', qs2: 'Empfohlen', qs3: 'Notwendig', qs4: 'Nicht geprüft',
      qsHelp2: 'Empfohlen: bald erledigen.', qsHelp3: 'Notwendig: jetzt reparieren.', found: 'Festgestellt', enlarge: 'Foto {n} von {name} vergrößern', close: 'Schließen',
      fbTitle: 'Wie waren wir?', fbQuestion: 'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?', fbLow: '0 = sehr unwahrscheinlich', fbHigh: '10 = sehr wahrscheinlich',
      fbComment: 'Möchten Sie uns noch etwas mitteilen? (optional)', fbLimit: 'Höchstens {n} Zeichen.', fbSubmit: 'Meine Bewertung senden',
      fbChoose: 'Bitte wählen Sie eine Bewertung von 0 bis 10.', fbDone: 'Vielen Dank für Ihre Bewertung', fbDoneText: 'Ihre Antwort hilft uns, Sie noch besser zu betreuen.',
      fbYours: 'Ihre Antwort', fbScore: 'Bewertung', fbOutOf: '{n} von 10', fbCommentGiven: 'Ihr Kommentar', fbRepair: 'Reparaturübersicht ansehen'
    }
  };
  window.PitstopI18n = D; // read by the tests: every language has every string

  var lang = 'en-GB';
  var com = null;       // the CustomerCommunication last read
  var key = '';
  var busy = false;     // an answer is in flight
  var pinResult = null; // the answer's response of this visit (PINs are never re-read)

  function pickLang(code) {
    if (!code) return null;
    if (D[code]) return code;
    var p = String(code).slice(0, 2).toLowerCase();
    for (var k in D) if (k.slice(0, 2) === p) return k;
    return null;
  }
  function t(k, a) {
    var s = (D[lang] && D[lang][k]) || D['en-GB'][k] || k;
    return a ? s.replace(/\{(\w+)\}/g, function (m, n) { return a[n] != null ? a[n] : m; }) : s;
  }

  // h builds DOM nodes; text is always text (dealer and customer input never become HTML).
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
  function add(el, c) {
    if (c == null || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { add(el, x); }); return; }
    el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  var uid = 0;
  function id(p) { return (p || 'f') + (++uid); }
  function $(s) { return document.getElementById(s); }

  // ---- the API ----------------------------------------------------------
  // post answers {kind, data, errors}: ok, errors (HTTP 200 {"errors":[...]}),
  // auth (401), down (5xx, 429, anything unexpected) or network.
  function post(path, body, raw) {
    var opts = { method: 'POST', cache: 'no-store', credentials: 'same-origin', headers: { 'Accept': 'application/json' } };
    if (body instanceof FormData) opts.body = body;
    else { opts.headers['Content-Type'] = 'application/json'; opts.body = typeof body === 'string' ? body : JSON.stringify(body); }
    return fetch(path, opts).then(function (r) {
      if (r.status === 401) return { kind: 'auth' };
      if (r.status !== 200) return { kind: 'down', status: r.status };
      var ct = r.headers.get('Content-Type') || '';
      if (raw && ct.indexOf('json') < 0) return r.blob().then(function (b) { return { kind: 'ok', data: b, response: r }; });
      return r.text().then(function (txt) {
        var data = null;
        try { data = txt ? JSON.parse(txt) : {}; } catch (e) { return { kind: 'down' }; }
        if (data && Array.isArray(data.errors) && data.errors.length) return { kind: 'errors', errors: data.errors };
        return { kind: 'ok', data: data || {} };
      });
    }).catch(function () { return { kind: 'network' }; }); // no response, or one cut off
  }

  // ---- formatting -----------------------------------------------------------
  // The spec's models carry no currency: prices are in the currency of the
  // location's country (ISO 3166 alpha-2, as for its phone numbers); the
  // euro unless the country is one of Europe's others.
  var CURRENCY = { GB: 'GBP', CH: 'CHF', LI: 'CHF', DK: 'DKK', SE: 'SEK', NO: 'NOK', IS: 'ISK', PL: 'PLN', CZ: 'CZK', HU: 'HUF', RO: 'RON' };
  function currency() { return CURRENCY[String(S().location_country || loc().country || '').trim().toUpperCase()] || 'EUR'; }
  function money(v) {
    var c = currency();
    try { return new Intl.NumberFormat(lang, { style: 'currency', currency: c }).format(v); }
    catch (e) { return c + ' ' + v.toFixed(2); }
  }
  function when(s) {
    var d = s ? new Date(s) : null;
    if (!d || isNaN(d) || d.getFullYear() < 1971) return '';
    // In the workshop's time zone: the SMS said 18:00, the page says 18:00
    // on a phone set to any zone.
    var o = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' };
    if (loc().time_zone) o.timeZone = loc().time_zone;
    try { return new Intl.DateTimeFormat(lang, o).format(d); }
    catch (e) { delete o.timeZone; return new Intl.DateTimeFormat(lang, o).format(d); }
  }
  function pct(v) { return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(v); }

  function S() { return (com && com.settings) || {}; }
  function A() { return (com && com.appointment) || {}; }
  function loc() { return A().dealer_location || {}; }
  function vatRate() { var v = S().vat || loc().vat || 0; return v > 0 && v < 100 ? v / 100 : 0; }
  function inclVat() { return S().include_vat != null ? !!S().include_vat : !!loc().include_vat; }
  // Prices are stored as the location enters them: with VAT when include_vat,
  // without otherwise (as repairpdf's totals). The page always shows them with VAT.
  function cents(x) { return Math.round((+x || 0) * 100); }
  function grossCents(price) { var c = cents(price); return inclVat() ? c : Math.round(c * (1 + vatRate())); }
  function hidePrice(iv) {
    var s = S();
    return !!((A().is_lease_company && s.hide_lease_intervention_price) || (iv.is_internal_in_dms && s.hide_internal_intervention_price) ||
      (iv.is_warranty_in_dms && s.hide_warranty_intervention_price));
  }
  function priceEl(iv) {
    if (hidePrice(iv)) return h('span', { class: 'price muted', text: t('priceOnRequest') });
    return h('span', { class: 'price' }, money(grossCents(iv.price) / 100), ' ', h('small', { text: t('priceIncl') }));
  }
  function interventions() {
    var l = A().interventions || com.interventions || [];
    return l.filter(function (iv) { return !iv.dms_deleted; });
  }
  function customer() { return (com && com.customer) || A().customer_driver || {}; }
  // The name customers know the location by first (the spec's CommercialName).
  function locationName() { return loc().commercial_name || S().location_name || loc().name || (com && com.location_name) || ''; }
  function locationPhone() { return S().phone_number || loc().phone_nr || (com && com.location_phone) || ''; }

  // ---- branding -------------------------------------------------------------
  function rgb(hex) {
    var m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(hex || '').trim());
    if (!m) return null;
    var s = m[1].length === 3 ? m[1].replace(/./g, '$&$&') : m[1];
    return [0, 2, 4].map(function (i) { return parseInt(s.substr(i, 2), 16); });
  }
  function lum(c) {
    return c.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
      .reduce(function (a, v, i) { return a + v * [0.2126, 0.7152, 0.0722][i]; }, 0);
  }
  function contrast(a, b) { var x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
  function hex(c) { return '#' + c.map(function (v) { return ('0' + Math.round(v).toString(16)).slice(-2); }).join(''); }
  // brand applies the dealer colour: text on it is black or white, whichever
  // reads better (one of them always reaches 4.5:1); as text on white it is
  // darkened until it reaches 4.5:1.
  function brand() {
    var c = rgb(S().color || (com && com.color));
    var root = document.documentElement.style;
    if (!c) return;
    var white = [255, 255, 255], black = [0, 0, 0];
    root.setProperty('--brand', hex(c));
    root.setProperty('--on-brand', contrast(c, white) >= contrast(c, black) ? '#fff' : '#000');
    var ink = c.slice(), i = 0, page = [244, 246, 248]; // --bg, the darkest background text sits on
    while (contrast(ink, page) < 4.6 && i++ < 40) ink = ink.map(function (v) { return v * 0.92; });
    root.setProperty('--brand-ink', hex(ink));
    root.setProperty('--brand-soft', hex(c.map(function (v) { return 255 - (255 - v) * 0.1; })));
  }
  function header() {
    var b = $('brand').firstChild;
    b.textContent = '';
    var name = locationName() || S().dealer_name || (com && com.dealer_name) || '';
    var logo = S().logo || loc().logo;
    if (logo) b.appendChild(h('img', { class: 'brand-logo', src: logo, alt: '' })); // the name follows as text
    b.appendChild(h('span', { class: 'brand-name', id: 'brand-name', text: name || 'Pitstop' }));
    var f = $('foot');
    f.textContent = '';
    if (!com) return;
    var phone = locationPhone(), s = S(), l = loc();
    var addr = [s.location_street || l.street, [s.location_postal_code || l.postal_code, s.location_city || l.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
    f.appendChild(h('div', { class: 'wrap' },
      h('p', null, h('strong', { text: name })),
      addr && h('p', { text: addr }),
      phone && h('p', null, h('a', { href: 'tel:' + phone.replace(/[^+0-9]/g, ''), text: t('call', { phone: phone }) })),
      s.email && h('p', null, h('a', { href: 'mailto:' + s.email, text: s.email })),
      /^https?:\/\//.test(s.website || '') && h('p', null, h('a', { href: s.website, rel: 'noopener', target: '_blank', text: t('website') + ' ' }, h('span', { class: 'sr', text: t('newTab') })))));
  }
  function setLang(code) {
    lang = pickLang(code) || lang;
    document.documentElement.lang = lang;
    $('skip').textContent = t('skip');
  }

  // ---- screens --------------------------------------------------------------
  function show(screen, title, nodes) {
    var m = $('main');
    m.textContent = '';
    m.setAttribute('data-screen', screen);
    m.removeAttribute('aria-busy');
    m.appendChild(h('div', { class: 'wrap' }, nodes));
    document.title = title + (locationName() ? ' – ' + locationName() : '');
  }
  function focusTop() { var m = $('main'); window.scrollTo(0, 0); m.focus({ preventScroll: true }); }

  function message(screen, icon, title, text, extra) {
    show(screen, title, [h('div', { class: 'icon ' + icon, 'aria-hidden': 'true', text: icon === 'ok' ? '✓' : icon === 'no' ? '!' : 'i' }),
      h('h1', { text: title }), h('p', { text: text }), extra]);
  }
  function wrongKey() {
    com = null; header();
    message('wrong-key', 'no', t('wrongTitle'), t('wrongText'));
  }
  function unavailable() {
    message('unavailable', 'info', t('downTitle'), t('downText'),
      h('div', { class: 'btn-row' }, h('button', { type: 'button', class: 'btn primary', text: t('retry'), onclick: load })));
  }

  function appointmentCard() {
    var a = A(), c = (com && com.car) || {};
    var car = [a.car_make || c.make, a.car_model || c.model].filter(Boolean).join(' ');
    var reg = a.reg_number || c.reg_nr;
    var rows = [];
    var d = when(a.time_car_app);
    if (d) rows.push([t('date'), d]);
    if (car || reg) rows.push([t('car'), [car, car && reg ? ' ' : '', reg ? h('span', { class: 'plate', text: reg }) : null]]);
    if (a.wo_nr) rows.push([t('wo'), a.wo_nr]);
    if (!rows.length) return null;
    return h('section', { class: 'card', 'aria-labelledby': 'appt-h' }, h('h2', { id: 'appt-h', text: t('appointment') }),
      h('dl', { class: 'facts' }, rows.map(function (r) { return [h('dt', { text: r[0] }), h('dd', null, r[1])]; })));
  }
  function welcome(text) { return text ? h('p', { class: 'welcome', text: text }) : null; }
  function errorBox() { return h('div', { class: 'errors', id: 'errors', role: 'alert', tabindex: '-1' }); }
  // showErrors lists problems (the form's or the server's {"errors":[...]});
  // plain shows one sentence, for a failed connection.
  function showErrors(list, plain) {
    var box = $('errors');
    if (!box) return;
    box.textContent = '';
    if (!list || !list.length) return;
    if (plain) box.appendChild(h('p', { text: list[0] }));
    else {
      box.appendChild(h('strong', { text: t('errorsTitle') }));
      box.appendChild(h('ul', null, list.map(function (e) { return h('li', { text: e }); })));
    }
    box.focus();
  }
  // A change of the form makes earlier problems stale.
  function changed() { if (!busy) showErrors(null); }

  // agreements not yet answered; kind is 'online_check_in' or 'customcom'.
  function agreementsSection(kind) {
    var list = ((com && com.agreements) || []).filter(function (a) { return !a.communication_event_id; });
    if (!list.length) return null;
    return h('section', { class: 'card', 'aria-labelledby': 'agr-h' }, h('h2', { id: 'agr-h', text: t('agreementsTitle') }),
      list.map(function (a) {
        var i = id('agr'), req = !a['optional_' + kind], tid = a.text ? id('agt') : null;
        return h('div', { class: 'item' },
          h('div', { class: 'check' }, h('input', { type: 'checkbox', id: i, 'data-agreement': a.id, 'data-cca': a.customer_communication_agreement_id,
            'data-required': req ? '1' : null, 'aria-describedby': tid, checked: !!a.accepted }),
            h('label', { class: 'grow', for: i }, t('agreeTo', { name: a.name }), req ? [' ', h('span', { class: 'req', text: t('required') })] : null)),
          a.text ? h('div', { class: 'agreement-text', id: tid, tabindex: '0', role: 'region', 'aria-label': a.name, text: a.text }) : null);
      }));
  }
  function agreementValues(field) {
    var ids = [], missing = false;
    document.querySelectorAll('input[data-agreement]').forEach(function (el) {
      if (el.checked) ids.push(+el.getAttribute(field));
      else if (el.hasAttribute('data-required')) missing = true;
    });
    return { ids: ids, missing: missing };
  }

  // Remarks: text plus photos taken with the phone's camera, uploaded at once.
  var uploads = 0;
  function remarksSection(enabled) {
    if (!enabled) return null;
    var list = h('div', { id: 'remarks' });
    var sec = h('section', { class: 'card', 'aria-labelledby': 'rem-h' }, h('h2', { id: 'rem-h', text: t('remarksTitle') }), list,
      h('div', { class: 'btn-row' }, h('button', { type: 'button', class: 'btn', id: 'add-remark', text: t('addRemark'), onclick: function () { addRemark(list, true); } })));
    addRemark(list, false);
    return sec;
  }
  function addRemark(list, focus) {
    var n = list.children.length + 1, ta = id('rem'), fi = id('photo'), photos = h('div', { class: 'photos', 'aria-live': 'polite' });
    var status = h('p', { class: 'small muted', 'aria-live': 'polite' });
    var input = h('input', { type: 'file', id: fi, accept: 'image/*', capture: 'environment', 'data-photo': '1' });
    var box = h('div', { class: 'remark', 'data-remark': '1' },
      h('div', { class: 'field' }, h('label', { for: ta, text: t('remarkLabel') + (n > 1 ? ' (' + n + ')' : '') }), h('textarea', { id: ta, name: 'remark', maxlength: '4000' })),
      photos, status,
      h('label', { class: 'upload' }, input, h('span', { class: 'btn', text: t('addPhoto') })));
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var k = photos.children.length + 1;
      var fd = new FormData();
      fd.append('key', key);
      fd.append('file', file, file.name || 'photo.jpg');
      uploads++;
      status.textContent = t('uploading');
      post('/v1/communication/upload_attachment', fd).then(function (r) {
        uploads--;
        input.value = '';
        if (r.kind === 'ok' && r.data.url) {
          status.textContent = '';
          var img = h('img', { src: URL.createObjectURL(file), alt: t('photoOf', { n: k, name: t('remarksTitle') }) });
          photos.appendChild(h('div', { 'data-url': r.data.url }, img));
        } else if (r.kind === 'auth') wrongKey();
        else status.textContent = t('uploadFailed') + (r.errors ? ' ' + r.errors.join(' ') : '');
      });
    });
    list.appendChild(box);
    if (focus) $(ta).focus();
  }
  function remarkValues() {
    var out = [];
    document.querySelectorAll('[data-remark]').forEach(function (r) {
      var text = r.querySelector('textarea').value.trim();
      var urls = Array.prototype.map.call(r.querySelectorAll('[data-url]'), function (e) { return e.getAttribute('data-url'); });
      if (text || urls.length) out.push({ title: '', description: text || '-', attachments: urls });
    });
    return out;
  }

  function detailsSection(withChannel) {
    var c = customer(), n = id('name'), p = id('phone'), e = id('email');
    var phone = c.tel_mobile_private || c.tel_mobile_business || c.tel_private_nr || c.tel_business_nr || '';
    var mail = c.email_private || c.email_business || '';
    var full = [c.first_name, c.surname].filter(Boolean).join(' ');
    var ch = c.preferred_communication_channel;
    return h('section', { class: 'card', 'aria-labelledby': 'det-h' }, h('h2', { id: 'det-h', text: t('detailsTitle') }),
      h('div', { class: 'field' }, h('label', { for: n, text: t('name') }), h('input', { type: 'text', id: n, 'data-k': 'name', autocomplete: 'name', required: true, value: full, maxlength: '200' })),
      h('div', { class: 'grid2' },
        h('div', { class: 'field' }, h('label', { for: p, text: t('phone') }), h('input', { type: 'tel', id: p, 'data-k': 'phone', 'data-was': phone, autocomplete: 'tel', value: com.correct_phone || phone })),
        h('div', { class: 'field' }, h('label', { for: e, text: t('email') }), h('input', { type: 'email', id: e, 'data-k': 'email', 'data-was': mail, autocomplete: 'email', value: com.correct_email || mail }))),
      withChannel ? h('fieldset', { class: 'field' }, h('legend', { text: t('channel') }),
        [[1, 'channelEmail'], [2, 'channelSMS']].map(function (o) {
          var i = id('ch');
          return h('div', { class: 'radio' }, h('input', { type: 'radio', name: 'channel', id: i, value: o[0], checked: ch === o[0] }), h('label', { class: 'grow', for: i, text: t(o[1]) }));
        })) : null);
  }
  function detailValues() {
    var v = {};
    document.querySelectorAll('[data-k]').forEach(function (el) { v[el.getAttribute('data-k')] = el; });
    var out = { customer_name: v.name.value.trim() };
    // Only a changed number or address is a correction (spec: correct_phone/correct_email).
    var ph = v.phone.value.trim(), em = v.email.value.trim();
    out.correct_phone = ph && ph !== v.phone.getAttribute('data-was') ? ph : '';
    out.correct_email = em && em !== v.email.getAttribute('data-was') ? em : '';
    return out;
  }

  // submit sends one answer exactly once: the button is disabled while it is
  // in flight; after a network or server failure the form stays frozen and
  // "Try again" sends the SAME bytes; when the server says the communication
  // is no longer open (it was answered, perhaps by our own lost request), the
  // communication is read again and its stored result shown.
  // settled(read) says the re-read shows the question answered (default:
  // its status moved on).
  function submit(btn, path, payload, done, settled) {
    if (busy) return;
    busy = true;
    var body = JSON.stringify(payload), label = btn.textContent, form = btn.closest('form'), answerable = com.status;
    freeze(form, true);
    function attempt() {
      btn.disabled = true;
      btn.textContent = t('sending');
      showErrors(null);
      post(path, body).then(function (r) {
        if (r.kind === 'ok') { busy = false; done(r.data); return; }
        if (r.kind === 'auth') { busy = false; wrongKey(); return; }
        if (r.kind === 'errors') {
          return read().then(function (again) {
            if (again.kind === 'ok' && (settled ? settled(again.data) : again.data.status !== answerable && !isOpen(again.data.status, answerable))) {
              busy = false; com = again.data; render({ already: true }); return;
            }
            busy = false; freeze(form, false); btn.disabled = false; btn.textContent = label;
            showErrors(r.errors);
          });
        }
        btn.disabled = false;
        btn.textContent = t('retry');
        btn.onclick = function (ev) { ev.preventDefault(); attempt(); };
        showErrors([t(r.kind === 'network' ? 'netError' : 'srvError')], true);
      });
    }
    attempt();
  }
  // isOpen: the re-read status still asks the same question (1→2, 5→6 are only "opened").
  function isOpen(now, was) { return [[1, 2], [5, 6]].some(function (g) { return g.indexOf(now) >= 0 && g.indexOf(was) >= 0; }); }
  function freeze(form, on) {
    if (!form) return;
    form.querySelectorAll('input, textarea, button:not([type=submit])').forEach(function (el) { el.disabled = on; });
  }

  // ---- online check-in (status 1, 2) ----------------------------------------
  function checkin() {
    var a = A(), s = S();
    var results = (com.check_in_results || []).filter(function (r) { return !(r.hide_for_lease_appointments && a.is_lease_company); });
    var lockerSlot = h('div', { id: 'locker-slot' });
    var btn = h('button', { type: 'submit', class: 'btn primary wide', id: 'submit', text: t('checkinSubmit') });
    var form = h('form', { novalidate: true, onchange: changed, onsubmit: function (ev) {
      ev.preventDefault();
      if (busy) return;
      var d = detailValues(), ag = agreementValues('data-agreement'), probs = [];
      if (!d.customer_name) probs.push(t('needName'));
      if (ag.missing) probs.push(t('needAgreement'));
      if (uploads) probs.push(t('photoBusy'));
      if (probs.length) { showErrors(probs); return; }
      var ch = form.querySelector('input[name=channel]:checked'), lk = form.querySelector('input[name=locker]:checked');
      var payload = {
        key: key, communication_key: key,
        results: results.map(function (r) {
          var o = {}; for (var k in r) o[k] = r[k];
          o.accepted = !!form.querySelector('input[data-result="' + r.id + '"]:checked');
          return o;
        }),
        remarks: remarkValues(), correct_phone: d.correct_phone, correct_email: d.correct_email,
        agreement_ids: ag.ids, customer_name: d.customer_name,
        preferred_communication_channel: ch ? +ch.value : 0,
        drop_in_acses_locker: !!(lk && lk.value === '1')
      };
      submit(btn, '/v1/online_checkin/answer', payload, function (res) {
        pinResult = res || {};
        com.status = 3;
        results.forEach(function (r, i) { r.accepted = payload.results[i].accepted; });
        render({});
      });
    } },
      h('section', { class: 'card', 'aria-labelledby': 'work-h' }, h('h2', { id: 'work-h', text: t('workTitle') }),
        results.length ? results.map(function (r) {
          var i = id('res'), did = r.description ? id('rd') : null;
          return h('div', { class: 'item' }, h('div', { class: 'check' },
            h('input', { type: 'checkbox', id: i, 'data-result': r.id, checked: !!r.accepted, 'aria-describedby': did }),
            h('div', { class: 'grow' }, h('div', { class: 'row' }, h('label', { for: i }, h('strong', { text: r.name })), r.price ? priceEl(r) : null),
              r.description ? h('p', { class: 'small muted', id: did, text: r.description }) : null,
              /^https?:\/\//.test(r.info_url || '') ? h('a', { class: 'small', href: r.info_url, target: '_blank', rel: 'noopener', text: t('moreInfo', { name: r.name }) + ' ' }, h('span', { class: 'sr', text: t('newTab') })) : null)));
        }) : h('p', { class: 'muted', text: t('workNone') })),
      remarksSection(s.check_in_remarks_enabled),
      detailsSection(true),
      lockerSlot,
      agreementsSection('online_check_in'),
      errorBox(),
      btn);
    show('checkin', t('checkinTitle'), [h('h1', { text: t('checkinTitle') }), welcome(s.checkin_welcome_text || s.welcome_text) || h('p', { class: 'muted', text: t('checkinIntro') }),
      appointmentCard(), form]);
    // The key locker is offered only when the location has a free locker now.
    post('/v1/online_checkin/is_acses_available', { key: key }).then(function (r) {
      if (r.kind !== 'ok' || !r.data.available || !document.body.contains(lockerSlot) || busy) return;
      lockerSlot.appendChild(h('section', { class: 'card', 'aria-labelledby': 'key-h' }, h('h2', { id: 'key-h', text: t('keyTitle') }),
        h('fieldset', null, h('legend', { class: 'sr', text: t('keyTitle') }), [['0', 'keyDesk'], ['1', 'keyLocker']].map(function (o) {
          var i = id('lk');
          return h('div', { class: 'radio' }, h('input', { type: 'radio', name: 'locker', id: i, value: o[0], checked: o[0] === '0' }), h('label', { class: 'grow', for: i, text: t(o[1]) }));
        }))));
    });
  }
  function checkinDone(opts) {
    var s = S(), r = pinResult || {};
    var pin = r.acses_pin || r.keylocker_pin;
    var accepted = (com.check_in_results || []).filter(function (x) { return x.accepted; });
    show('checkin-done', t('checkinDone'), [
      opts.already ? h('p', { class: 'notice', role: 'status', text: t('alreadyAnswered') }) : null,
      h('div', { class: 'icon ok', 'aria-hidden': 'true', text: '✓' }),
      h('h1', { text: t('checkinDone') }),
      h('p', { class: 'welcome', text: s.checkin_success_text || s.success_text || t('checkinDoneText') }),
      pin ? h('section', { class: 'card pin', 'aria-labelledby': 'pin-h' }, h('h2', { id: 'pin-h', text: t('pinTitle') }),
        h('p', { class: 'pin-code', id: 'pin', text: pin }),
        r.acses_locker_name ? h('p', { id: 'locker-name' }, h('strong', { text: t('pinLocker', { name: r.acses_locker_name }) })) : null,
        h('p', { class: 'small muted', text: t('pinHelp') })) : (s.online_check_in_send_pin ? h('p', { class: 'notice', text: t('pinSent') }) : null),
      appointmentCard(),
      accepted.length ? h('section', { class: 'card', 'aria-labelledby': 'acc-h' }, h('h2', { id: 'acc-h', text: t('acceptedWork') }),
        accepted.map(function (x) { return h('div', { class: 'item row' }, h('span', { text: x.name }), x.price ? priceEl(x) : null); })) : null]);
  }

  // ---- diagnose overview (status 5, 6) --------------------------------------
  // Photos (the mechanic's, and attachments of interventions) are thumbnails
  // that open a dialog with the photo at the phone's width. Their src is set
  // only after the first screen is painted (loading=lazy on top: photos
  // below the fold wait for the scroll), so they never delay it.
  function isPhoto(x) { return x.url && (!x.type || /image/i.test(x.type) || /\.(jpe?g|png|gif|webp|heic)(\?|$)/i.test(x.url)); }
  function gallery(list, name) {
    if (!list.length) return null;
    return h('div', { class: 'photos' }, list.map(function (x, i) {
      var label = t('enlarge', { n: i + 1, name: name });
      return h('button', { type: 'button', class: 'thumb', 'aria-haspopup': 'dialog', 'aria-label': label,
        onclick: function (ev) { openPhoto(ev.currentTarget, x.url, t('photoOf', { n: i + 1, name: name })); } },
        h('img', { 'data-src': x.url, alt: '', loading: 'lazy', decoding: 'async', width: '104', height: '104' }));
    }));
  }
  function loadPhotos() {
    requestAnimationFrame(function () {
      setTimeout(function () {
        document.querySelectorAll('img[data-src]').forEach(function (img) { img.src = img.getAttribute('data-src'); img.removeAttribute('data-src'); });
      }, 0);
    });
  }
  var viewer = null, opener = null;
  function openPhoto(from, url, caption) {
    if (!viewer) {
      var img = h('img', { id: 'viewer-img', alt: '' }), cap = h('figcaption', { id: 'viewer-cap' });
      var close = h('button', { type: 'button', class: 'btn', id: 'viewer-close' });
      viewer = h('dialog', { class: 'viewer', id: 'viewer', 'aria-labelledby': 'viewer-cap' }, h('figure', null, img, cap), close);
      close.addEventListener('click', function () { viewer.close(); });
      // A tap beside the photo (on the backdrop) closes it, as Esc does.
      viewer.addEventListener('click', function (ev) { if (ev.target === viewer) viewer.close(); });
      // The close event comes a task after close(): a photo opened again
      // meanwhile (a quick tap or Enter) keeps its image and its focus.
      viewer.addEventListener('close', function () { if (viewer.open) return; $('viewer-img').removeAttribute('src'); if (opener && document.body.contains(opener)) opener.focus(); });
      document.body.appendChild(viewer);
    }
    opener = from;
    $('viewer-img').src = url;
    $('viewer-img').alt = caption;
    $('viewer-cap').textContent = caption;
    $('viewer-close').textContent = t('close');
    viewer.showModal();
    $('viewer-close').focus();
  }
  function elements(iv) {
    var el = (iv.elements || []);
    if (!S().display_intervention_elements || !el.length) return null;
    return h('ul', { class: 'elements' }, el.map(function (e) {
      return h('li', null, h('span', { text: (e.quantity ? pct(e.quantity) + ' × ' : '') + e.description }));
    }));
  }
  function notes(text) { return text ? h('div', { class: 'notes' }, h('strong', { text: t('mechanicNotes') + ': ' }), text) : null; }
  function ivBody(iv) {
    return [iv.description ? h('p', { class: 'small muted', text: iv.description }) : null,
      notes(iv.mechanic_notes), elements(iv), gallery((iv.attachments || []).filter(isPhoto), iv.title)];
  }
  // The mechanic's results of the diagnose overview (CommunicationResult).
  function results() { return (com && com.diagnose_overview_results) || []; }
  // The result's QuestionResultStatus, in words and colour (the colour never alone).
  function severity(r) {
    var q = r.question_status, cls = { 0: 'ok', 1: 'ok', 2: 'ask', 3: 'no' }[q] || 'open';
    return h('span', { class: 'status sev ' + cls, 'data-qs': q }, h('span', { 'aria-hidden': 'true', text: q === 3 ? '!' : q === 2 ? 'i' : q <= 1 ? '✓' : '–' }), ' ', t('qs' + (q >= 0 && q <= 4 ? q : 4)));
  }
  function resultBody(r) {
    var opts = (r.question_options || []).filter(function (o) { return o.value !== false && o.name; });
    return [severity(r),
      opts.length ? h('p', { class: 'small' }, h('strong', { text: t('found') + ': ' }), opts.map(function (o) { return o.name; }).join(', ')) : null,
      notes(r.mechanic_notes), gallery((r.images || []).filter(function (x) { return x.url && x.active !== false; }), r.title)];
  }
  function decision(name, title, st) {
    return h('fieldset', { class: 'decision' }, h('legend', { class: 'sr', text: t('decisionFor', { name: title }) }),
      [['2', 'agree', 'agree'], ['3', 'decline', 'decline'], ['4', 'contact', 'contact']].map(function (o) {
        return h('label', { class: o[2] }, h('input', { type: 'radio', name: name, value: o[0], checked: String(st) === o[0] }), h('span', { text: t(o[1]) }));
      }));
  }
  function copy(x) { var o = {}; for (var k in x) o[k] = x[k]; return o; }
  // diagnose asks per item: with results (the mechanic's inspection) the
  // answer is v1's, one status per result, and the interventions are shown
  // as planned work (v1 carries no interventions); without results it is
  // v2's, one status per intervention.
  function diagnose() {
    var s = S(), ivs = interventions(), rs = results(), v1 = rs.length > 0;
    var items = v1 ? rs.map(function (r, i) { return { name: 'cr' + i, price: r.price, x: r }; })
      : ivs.map(function (iv) { return { name: 'iv' + iv.id, price: iv.price, x: iv }; });
    var total = h('span', { class: 'price', id: 'total' });
    function recount() {
      var sum = 0;
      items.forEach(function (it) {
        var c = document.querySelector('input[name="' + it.name + '"]:checked');
        if (c && c.value === '2' && !hidePrice(it.x)) sum += grossCents(it.price);
      });
      total.textContent = money(sum / 100);
    }
    var btn = h('button', { type: 'submit', class: 'btn primary wide', id: 'submit', text: t('diagSubmit') });
    var form = h('form', { novalidate: true, onchange: function () { recount(); changed(); }, onsubmit: function (ev) {
      ev.preventDefault();
      if (busy) return;
      var d = detailValues(), ag = agreementValues('data-cca'), probs = [], open = false;
      var list = items.map(function (it) {
        var c = form.querySelector('input[name="' + it.name + '"]:checked');
        if (!c) open = true;
        var o = copy(it.x);
        if (v1) o.status = c ? +c.value : 1; // CommunicationResultStatus
        else o.communication_result_status = c ? +c.value : 1;
        return o;
      });
      if (open) probs.push(t('chooseAll'));
      if (!d.customer_name) probs.push(t('needName'));
      if (ag.missing) probs.push(t('needAgreement'));
      if (uploads) probs.push(t('photoBusy'));
      if (probs.length) { showErrors(probs); return; }
      var payload = { key: key, communication_key: key, remarks: remarkValues(),
        correct_phone: d.correct_phone, correct_email: d.correct_email, agreement_ids: ag.ids, customer_name: d.customer_name };
      payload[v1 ? 'results' : 'interventions'] = list;
      submit(btn, v1 ? '/v1/diagnose_overview/answer' : '/v2/diagnose_overview/answer', payload, function () {
        com.status = 7;
        items.forEach(function (it, i) { if (v1) it.x.status = list[i].status; else it.x.communication_result_status = list[i].communication_result_status; });
        render({});
      });
    } },
      v1 ? h('h2', { class: 'section-h', text: t('resultsTitle') }) : null,
      items.map(function (it) {
        var hid = id('ivh'), x = it.x;
        return h('section', { class: 'card', 'aria-labelledby': hid, 'data-iv': v1 ? null : x.id, 'data-qr': v1 ? (x.question_result_id || '') : null },
          h('div', { class: 'row' }, h(v1 ? 'h3' : 'h2', { id: hid, text: x.title }), priceEl(x)),
          v1 ? resultBody(x) : ivBody(x),
          decision(it.name, x.title, v1 ? x.status : x.communication_result_status));
      }),
      h('div', { class: 'totalbar', role: 'status', 'aria-live': 'polite' }, h('span', { text: t('totalApproved') }), h('span', null, total, ' ', h('small', { class: 'muted', text: t('priceIncl') }))),
      v1 && ivs.length ? h('section', { class: 'card', 'aria-labelledby': 'plan-h', id: 'planned' }, h('h2', { id: 'plan-h', text: t('plannedTitle') }),
        ivs.map(function (iv) { return h('div', { class: 'item', 'data-iv': iv.id }, h('div', { class: 'row' }, h('h3', { text: iv.title }), priceEl(iv)), ivBody(iv)); })) : null,
      remarksSection(s.diagnose_overview_remarks_enabled),
      detailsSection(false),
      agreementsSection('customcom'),
      errorBox(),
      btn);
    show('diagnose', t('diagTitle'), [h('h1', { text: t('diagTitle') }), welcome(s.welcome_text) || h('p', { class: 'muted', text: t('diagIntro') }), appointmentCard(), form]);
    recount();
  }
  function statusBadge(st) {
    var cls = { 2: 'ok', 3: 'no', 4: 'ask' }[st] || 'open';
    return h('span', { class: 'status ' + cls, text: st >= 2 && st <= 4 ? t('decided' + st) : t('notAnswered') });
  }
  function diagnoseDone(opts) {
    var s = S(), rs = results(), v1 = rs.length > 0, sum = 0;
    var items = v1 ? rs.map(function (r) { return { x: r, st: r.status }; }) : interventions().map(function (iv) { return { x: iv, st: iv.communication_result_status }; });
    items.forEach(function (it) { if (it.st === 2 && !hidePrice(it.x)) sum += grossCents(it.x.price); });
    show('diagnose-done', t('diagDone'), [
      opts.already ? h('p', { class: 'notice', role: 'status', text: t('alreadyAnswered') }) : null,
      h('div', { class: 'icon ok', 'aria-hidden': 'true', text: '✓' }),
      h('h1', { text: t('diagDone') }), h('p', { class: 'welcome', text: s.success_text || t('diagDoneText') }),
      h('section', { class: 'card', 'aria-labelledby': 'ans-h' }, h('h2', { id: 'ans-h', text: t('yourAnswers') }),
        items.map(function (it) {
          return h('div', { class: 'item' }, h('div', { class: 'row' }, h('h3', { text: it.x.title }), priceEl(it.x)), v1 ? [severity(it.x), ' '] : null, statusBadge(it.st));
        }),
        h('table', { class: 'totals' }, h('tbody', null, h('tr', null, h('th', { scope: 'row', text: t('totalApproved') }), h('td', { id: 'total', text: money(sum / 100) }))))),
      appointmentCard()]);
  }

  // ---- repair overview (status 9, 10) ---------------------------------------
  function repair() {
    var s = S(), ivs = interventions();
    var done = ivs.filter(function (iv) { return iv.mechanic_fixed; }), notDone = ivs.filter(function (iv) { return !iv.mechanic_fixed; });
    // Totals as the PDF computes them (repairpdf.Totals): over the work carried out.
    var sum = 0;
    done.forEach(function (iv) { if (!hidePrice(iv)) sum += cents(iv.price); });
    var rate = vatRate(), net, vat, gross;
    if (inclVat()) { gross = sum; net = Math.round(gross / (1 + rate)); vat = gross - net; } else { net = sum; vat = Math.round(net * rate); gross = net + vat; }
    var status = h('p', { class: 'small muted', id: 'pdf-status', role: 'status' });
    var link = h('a', { class: 'btn primary', id: 'pdf', href: '#', role: 'button', text: t('download') });
    link.addEventListener('click', function (ev) {
      if (link.getAttribute('data-ready')) return; // second click: the browser saves the blob
      ev.preventDefault();
      if (link.getAttribute('aria-disabled') === 'true') return;
      link.setAttribute('aria-disabled', 'true');
      status.textContent = t('downloading');
      post('/v1/repair_overview/download', { communication_key: key, key: key }, true).then(function (r) {
        link.removeAttribute('aria-disabled');
        if (r.kind === 'ok' && r.data instanceof Blob) {
          var name = /filename="?([^";]+)"?/.exec(r.response.headers.get('Content-Disposition') || '');
          link.href = URL.createObjectURL(r.data);
          link.download = name ? name[1] : 'repair-overview.pdf';
          link.setAttribute('data-ready', '1');
          link.textContent = t('savePdf');
          status.textContent = t('downloaded');
          link.click();
        } else if (r.kind === 'auth') wrongKey();
        else status.textContent = r.errors ? r.errors.join(' ') : t(r.kind === 'network' ? 'downText' : 'downText');
      });
    });
    function list(items, fixed) {
      if (!items.length) return h('p', { class: 'muted', text: t('nothing') });
      return items.map(function (iv) {
        return h('div', { class: 'item' }, h('div', { class: 'row' }, h('h3', { text: iv.title }), fixed ? priceEl(iv) : null),
          iv.description ? h('p', { class: 'small muted', text: iv.description }) : null,
          iv.mechanic_notes ? h('div', { class: 'notes', text: iv.mechanic_notes }) : null,
          !fixed && iv.communication_result_status >= 2 ? statusBadge(iv.communication_result_status) : null);
      });
    }
    show('repair', t('repairTitle'), [h('div', { class: 'icon ok', 'aria-hidden': 'true', text: '✓' }),
      h('h1', { text: t('repairTitle') }), welcome(s.car_ready_welcome_text) || h('p', { class: 'muted', text: t('repairIntro') }),
      appointmentCard(),
      h('section', { class: 'card', 'aria-labelledby': 'done-h', id: 'done' }, h('h2', { id: 'done-h', text: t('done') }), list(done, true),
        h('table', { class: 'totals' }, h('tbody', null,
          h('tr', null, h('th', { scope: 'row', text: t('subtotal') }), h('td', { text: money(net / 100) })),
          h('tr', null, h('th', { scope: 'row', text: t('vat', { p: pct(rate * 100) }) }), h('td', { text: money(vat / 100) })),
          h('tr', null, h('th', { scope: 'row', text: t('total') }), h('td', { id: 'total', text: money(gross / 100) }))))),
      h('section', { class: 'card', 'aria-labelledby': 'nd-h', id: 'not-done' }, h('h2', { id: 'nd-h', text: t('notDone') }), list(notDone, false)),
      h('div', { class: 'btn-row' }, link), status]);
  }

  // ---- feedback after the pick-up (ours, issue #25) -------------------------
  // com.feedback is null until the car is picked up at a location that asks;
  // then open, or answered (answered_at set: one answer per appointment).
  var FB_MAX = 2000; // contracts/appointment.MaxFeedbackCommentLen
  function fbGiven(c) { return !!(c && c.feedback && c.feedback.answered_at); }
  function feedback() {
    var hint = id('fbh'), cid = id('fbc'), lid = id('fbl'), scores = [];
    for (var i = 0; i <= 10; i++) {
      scores.push(h('label', { class: 'score' }, h('input', { type: 'radio', name: 'score', value: String(i) }), h('span', { text: String(i) })));
    }
    var btn = h('button', { type: 'submit', class: 'btn primary wide', id: 'submit', text: t('fbSubmit') });
    var form = h('form', { novalidate: true, onchange: changed, onsubmit: function (ev) {
      ev.preventDefault();
      if (busy) return;
      var c = form.querySelector('input[name=score]:checked');
      if (!c) { showErrors([t('fbChoose')]); return; }
      var payload = { key: key, communication_key: key, score: +c.value, comment: $(cid).value.trim() };
      submit(btn, '/v1/feedback/answer', payload, function (res) {
        com.feedback = { score: typeof res.score === 'number' ? res.score : payload.score,
          comment: typeof res.comment === 'string' ? res.comment : payload.comment, answered_at: res.answered_at || new Date().toISOString() };
        render({});
      }, fbGiven);
    } },
      h('section', { class: 'card' }, h('fieldset', { 'aria-describedby': hint },
        h('legend', { class: 'q', text: t('fbQuestion') }),
        h('div', { class: 'scores' }, scores),
        h('p', { class: 'small muted scale', id: hint }, h('span', { text: t('fbLow') }), h('span', { text: t('fbHigh') })))),
      h('section', { class: 'card' }, h('div', { class: 'field' }, h('label', { for: cid, text: t('fbComment') }),
        h('textarea', { id: cid, name: 'comment', maxlength: String(FB_MAX), 'aria-describedby': lid }),
        h('p', { class: 'small muted', id: lid, text: t('fbLimit', { n: FB_MAX }) }))),
      errorBox(), btn);
    show('feedback', t('fbTitle'), [h('h1', { text: t('fbTitle') }), appointmentCard(), form, repairLink()]);
  }
  function feedbackDone(opts) {
    var f = com.feedback;
    show('feedback-done', t('fbDone'), [
      opts.already ? h('p', { class: 'notice', role: 'status', text: t('alreadyAnswered') }) : null,
      h('div', { class: 'icon ok', 'aria-hidden': 'true', text: '✓' }),
      h('h1', { text: t('fbDone') }), h('p', { class: 'welcome', text: t('fbDoneText') }),
      h('section', { class: 'card', 'aria-labelledby': 'fb-h', id: 'fb-given' }, h('h2', { id: 'fb-h', text: t('fbYours') }),
        h('dl', { class: 'facts' }, h('dt', { text: t('fbScore') }), h('dd', { id: 'fb-score', text: t('fbOutOf', { n: f.score }) }),
          f.comment ? [h('dt', { text: t('fbCommentGiven') }), h('dd', { class: 'welcome', id: 'fb-comment', text: f.comment })] : null)),
      appointmentCard(), repairLink()]);
  }
  // After the pick-up the repair overview stays one tap away.
  function repairLink() {
    if (com.status !== 9 && com.status !== 10) return null;
    return h('div', { class: 'btn-row' }, h('button', { type: 'button', class: 'btn', id: 'show-repair', text: t('fbRepair'),
      onclick: function () { repair(); focusTop(); loadPhotos(); } }));
  }

  function closed() {
    var phone = locationPhone();
    message('closed', 'info', t('closedTitle'), t('closedText'), phone ? h('p', null, h('a', { href: 'tel:' + phone.replace(/[^+0-9]/g, ''), text: t('questions', { phone: phone }) })) : null);
  }

  // render picks the screen from the CommunicationStatus enumeration.
  function render(opts) {
    setLang(S().language_code || loc().language_code);
    brand();
    header();
    if (com.feedback) { if (fbGiven(com)) feedbackDone(opts); else feedback(); } // after the pick-up, whatever the status
    else switch (com.status) {
      case 1: case 2: checkin(); break;
      case 3: checkinDone(opts); break;
      case 5: case 6: diagnose(); break;
      case 7: diagnoseDone(opts); break;
      case 9: case 10: repair(); break;
      default: closed(); // 4, 8 and anything newer than this page
    }
    if (opts.focus !== false) focusTop();
    loadPhotos();
  }

  function read() { return post('/v1/communication/read', { key: key }); }
  function load() {
    var m = /^#!?\/?(.*)$/.exec(location.hash || '');
    key = m ? decodeURIComponent(m[1]).trim() : '';
    pinResult = null;
    $('main').setAttribute('aria-busy', 'true');
    if (!key) { wrongKey(); return; }
    read().then(function (r) {
      if (r.kind === 'ok' && r.data && typeof r.data.status === 'number') { com = r.data; render({ focus: false }); }
      else if (r.kind === 'auth' || r.kind === 'errors') wrongKey();
      else unavailable();
    });
  }

  setLang(pickLang((navigator.languages || [])[0] || navigator.language) || 'en-GB');
  $('loading').textContent = t('loading');
  window.addEventListener('hashchange', load);
  load();
})();

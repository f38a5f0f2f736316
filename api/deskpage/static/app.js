/* Pitstop desk: the receptionist's console. Sign in, see today's and
   tomorrow's appointments of a location with what needs a person first
   (the API decides that: GET /v1/desk/day), follow changes live (GET
   /v1/desk/events, server-sent events read with fetch so the token stays
   in a header, resumed with Last-Event-ID), open one appointment to read
   its timeline and the customer's answers and act on it. No framework, no
   build step, nothing inline (CSP). Every action carries an
   Idempotency-Key made when its button is drawn: a double click, or a
   retry after a lost answer, acts once. */
'use strict';
(function () {
  // The DOM and language helpers all staff screens share (api/pagefiles/static/screen.js).
  var S = window.PitstopScreen, h = S.h, add = S.add, $ = S.$;
  function pickLang(code) { return S.pickLang(D, code); }
  function t(k, a) { return S.t(D, lang, k, a); }
  var D = {
    'en-GB': {
      skip: 'Skip to content', appName: 'Pitstop desk', loading: 'Loading…',
      signinTitle: 'Sign in', signinIntro: 'Sign in with your Pitstop account to see the day.',
      email: 'E-mail address', password: 'Password', signin: 'Sign in', signingIn: 'Signing in…',
      badLogin: 'Wrong e-mail address or password.', tooMany: 'Too many attempts. Wait a few minutes and try again.',
      needFields: 'Enter your e-mail address and password.', signinAgain: 'Your session has ended. Please sign in again.',
      notAllowed: 'Your account may not use the desk console. Ask your manager for the receptionist role.',
      signout: 'Sign out', language: 'Language', location: 'Location',
      locationsTitle: 'Choose your location', noLocations: 'Your account has no location.',
      firstDay: 'First day', toToday: 'Back to today', daysFrom: '{date} and the day after',
      dayTitle: 'Today and tomorrow', dayAt: '{date} at {name}', today: 'Today', tomorrow: 'Tomorrow',
      stage: 'Stage', allStages: 'All stages', search: 'Search', searchHelp: 'Registration, work order or name',
      needsTitle: 'Needs a person', noMatch: 'No appointment matches.', noAppointments: 'No appointments today or tomorrow.',
      wo: 'WO {n}', plateless: 'No registration', waiting: 'Customer waits', keyIn: 'Key in', answered: 'Check-in answered',
      st_scheduled: 'Scheduled', st_check_in_sent: 'Check-in sent', st_awaiting_key_drop: 'Waiting for the key',
      st_in_workshop: 'In the workshop', st_inspected: 'Inspected', st_diagnose_sent: 'Diagnose overview sent',
      st_diagnose_answered: 'Diagnose overview answered', st_repair_sent: 'Repair overview sent', st_completed: 'Completed', st_cancelled: 'Cancelled',
      r_delivery_failed: 'Message not delivered', r_call_me: 'Wants a call', r_remarks_not_handled: 'Remark to handle',
      r_remote_diagnosis_to_handle: 'Remote diagnosis to handle', r_key_not_dropped: 'Key not dropped', r_check_in_not_answered: 'Check-in not answered',
      live: 'Live', liveOff: 'Reconnecting…', changed: 'Updated: {what}',
      back: 'Back to the day', details: 'Appointment', when: 'Time', customer: 'Customer', car: 'Car', workOrder: 'Work order',
      actions: 'Actions', sendDiagnose: 'Send diagnose overview', resendDiagnose: 'Resend diagnose overview',
      sendRepair: 'Send repair overview', resendRepair: 'Resend repair overview', sent: 'Sent.', doneMsg: 'Done.', working: 'Working…',
      keyPins: 'Key locker', pickupPin: 'Pick-up PIN', assistPin: 'Assisted pick-up PIN', dropBack: 'Drop the key back', locker: 'Locker',
      noLockers: 'No locker at this location.', pinIs: 'PIN', pushDesk: 'Push check-in to tablet', pushCheckout: 'Push check-out to tablet',
      tablet: 'Counter tablet', noTablet: 'No counter tablet at this location.', pushed: 'Sent to the tablet.',
      rdServiced: 'Remote diagnosis', rdSvYes: 'Serviced on {date}', rdSvNo: 'Not serviced by the provider', rdSvDown: 'Provider unavailable, try again later', rdSvLoading: 'Asking the provider…',
      carOut: 'Car out of shop', carOutAt: 'Car out of shop', coOpened: 'Check-out opened on tablet {tablet}.', coAlready: 'Already set.',
      coNot_setting_off: 'No check-out opened: this location does not open one when the car leaves the shop.',
      coNot_desk_checkin_disabled: 'No check-out opened: desk check-in is off at this location.', coNot_no_tablet: 'No check-out opened: no counter tablet at this location.',
      coNot_several_tablets: 'No check-out opened: several tablets and none used for this appointment. Push it to a tablet below.',
      coNot_not_opened_earlier: 'No check-out was opened when the car was set out of the shop.',
      ticket: 'Remote diagnosis', connector: 'Connector', products: 'Products', connOnline: 'connected', connOffline: 'not connected', noConnectors: 'No connector available.',
      noProducts: 'No product for this car.', rdLoading: 'Loading the connectors and products…', rdUnavailable: 'The diagnosis provider cannot be reached.',
      rdQuestions: 'Questions before ordering', choose: '— choose —', unattended: 'The car may be diagnosed unattended',
      startTicket: 'Start remote diagnosis', addToOverview: 'Put the result in the diagnose overview', dismiss: 'Dismiss the result',
      ticketN: 'Ticket {id}: {status}', answers: 'The customer\'s answers', noAnswers: 'No answers yet.',
      items: 'Items', noItems: 'No items.', savePrice: 'Save price', hideItem: 'Hide from the customer', showItem: 'Show to the customer',
      hiddenTag: 'Hidden', priceEdited: 'Price edited', priceOf: 'Price of {title} ({currency})',
      a0: 'Not answered', a1: 'Agreed', a2: 'Declined', a3: 'Call me', a4: 'Call me',
      remarks: 'Remarks', noRemarks: 'No remarks.', markHandled: 'Mark handled', handled: 'Handled', photoN: 'Photo {n} of the remark',
      desk: 'Desk check-ins', noDesk: 'No desk check-ins.', deskIn: 'Desk check-in {id}', deskOut: 'Desk check-out {id}',
      signatureOf: 'Signature of {name}', signatureAlt: 'Signature', ds1: 'sent to the tablet', ds2: 'received by the tablet', ds3: 'failed to open',
      ds4: 'opened', ds5: 'canceled', ds6: 'answered',
      timeline: 'Timeline', nothingYet: 'Nothing yet.',
      tasksTitle: 'Tasks', taskDone: 'Mark done', taskSince: 'since {when}',
      ev1: 'Online check-in sent', ev2: 'Customer opened the check-in', ev3: 'Customer answered the check-in',
      ev4: 'Diagnose overview sent', ev5: 'Customer opened the diagnose overview', ev6: 'Customer answered the diagnose overview',
      ev7: 'Diagnose overview sent again', ev8: 'Repair overview sent', ev9: 'Repair overview sent again', ev10: 'Customer opened the repair overview',
      ch1: 'E-mail', ch2: 'SMS', ch3: 'Webhook', rs1: 'sent, not confirmed yet', rs2: 'delivered', rs3: 'not delivered',
      kl1: 'Key locker: drop PIN sent', kl2: 'Key locker: check-in opened', kl3: 'Key locker: check-in answered', kl4: 'Key locker: pick-up PIN sent',
      keyDropped: 'Key dropped in the locker', keyPickedUp: 'Key picked up from the locker', keyDroppedBack: 'Key dropped back',
      keyPickedUpBack: 'Customer picked up the key', ticketStarted: 'Remote diagnosis started', ticketEnded: 'Remote diagnosis ended: {status}',
      deskEvent: '{kind}: {what}',
      heldUntil: 'scheduled for {at} (quiet hours)', rk_answer_reminder: 'Reminder to answer', rk_key_pickup_reminder: 'Reminder to collect the key', rk_car_ready: 'Car ready message', rk_feedback_invitation: 'Feedback question',
      netError: 'No connection. Try again when the network is back.', srvError: 'The server did not answer. Try again in a moment.',
      forbiddenTitle: 'No access', unavailableTitle: 'No connection', notFound: 'This appointment is not there any more.',
      tryAgain: 'Try again', errorsTitle: 'Please check:', yes: 'Yes', no: 'No'
    },
    'nl-NL': {
      skip: 'Naar de inhoud', appName: 'Pitstop balie', loading: 'Laden…',
      signinTitle: 'Inloggen', signinIntro: 'Log in met je Pitstop-account om de dag te zien.',
      email: 'E-mailadres', password: 'Wachtwoord', signin: 'Inloggen', signingIn: 'Inloggen…',
      badLogin: 'Verkeerd e-mailadres of wachtwoord.', tooMany: 'Te veel pogingen. Wacht een paar minuten en probeer het opnieuw.',
      needFields: 'Vul je e-mailadres en wachtwoord in.', signinAgain: 'Je sessie is verlopen. Log opnieuw in.',
      notAllowed: 'Je account mag de balieconsole niet gebruiken. Vraag je leidinggevende om de receptierol.',
      signout: 'Uitloggen', language: 'Taal', location: 'Vestiging',
      locationsTitle: 'Kies je vestiging', noLocations: 'Je account heeft geen vestiging.',
      firstDay: 'Eerste dag', toToday: 'Terug naar vandaag', daysFrom: '{date} en de dag erna',
      dayTitle: 'Vandaag en morgen', dayAt: '{date} bij {name}', today: 'Vandaag', tomorrow: 'Morgen',
      stage: 'Fase', allStages: 'Alle fases', search: 'Zoeken', searchHelp: 'Kenteken, werkorder of naam',
      needsTitle: 'Heeft aandacht nodig', noMatch: 'Geen afspraak gevonden.', noAppointments: 'Geen afspraken vandaag of morgen.',
      wo: 'WO {n}', plateless: 'Geen kenteken', waiting: 'Klant wacht', keyIn: 'Sleutel binnen', answered: 'Check-in beantwoord',
      st_scheduled: 'Gepland', st_check_in_sent: 'Check-in verstuurd', st_awaiting_key_drop: 'Wacht op de sleutel',
      st_in_workshop: 'In de werkplaats', st_inspected: 'Gecontroleerd', st_diagnose_sent: 'Diagnose-overzicht verstuurd',
      st_diagnose_answered: 'Diagnose-overzicht beantwoord', st_repair_sent: 'Reparatieoverzicht verstuurd', st_completed: 'Afgerond', st_cancelled: 'Geannuleerd',
      r_delivery_failed: 'Bericht niet afgeleverd', r_call_me: 'Wil gebeld worden', r_remarks_not_handled: 'Opmerking af te handelen',
      r_remote_diagnosis_to_handle: 'Diagnose op afstand af te handelen', r_key_not_dropped: 'Sleutel niet ingeleverd', r_check_in_not_answered: 'Check-in niet beantwoord',
      live: 'Live', liveOff: 'Opnieuw verbinden…', changed: 'Bijgewerkt: {what}',
      back: 'Terug naar de dag', details: 'Afspraak', when: 'Tijd', customer: 'Klant', car: 'Auto', workOrder: 'Werkorder',
      actions: 'Acties', sendDiagnose: 'Diagnose-overzicht versturen', resendDiagnose: 'Diagnose-overzicht opnieuw versturen',
      sendRepair: 'Reparatieoverzicht versturen', resendRepair: 'Reparatieoverzicht opnieuw versturen', sent: 'Verstuurd.', doneMsg: 'Gedaan.', working: 'Bezig…',
      keyPins: 'Sleutelkluis', pickupPin: 'Ophaalpincode', assistPin: 'Pincode voor ophalen met hulp', dropBack: 'Sleutel terugleggen', locker: 'Kluis',
      noLockers: 'Geen kluis op deze vestiging.', pinIs: 'Pincode', pushDesk: 'Check-in naar tablet sturen', pushCheckout: 'Check-out naar tablet sturen',
      tablet: 'Balietablet', noTablet: 'Geen balietablet op deze vestiging.', pushed: 'Naar de tablet gestuurd.',
      rdServiced: 'Diagnose op afstand', rdSvYes: 'Behandeld op {date}', rdSvNo: 'Niet behandeld door de aanbieder', rdSvDown: 'Aanbieder niet bereikbaar, probeer het later', rdSvLoading: 'Aanbieder wordt gevraagd…',
      carOut: 'Auto uit werkplaats', carOutAt: 'Auto uit werkplaats', coOpened: 'Check-out geopend op tablet {tablet}.', coAlready: 'Was al gezet.',
      coNot_setting_off: 'Geen check-out geopend: deze vestiging opent er geen als de auto de werkplaats verlaat.',
      coNot_desk_checkin_disabled: 'Geen check-out geopend: balie-check-in staat uit op deze vestiging.', coNot_no_tablet: 'Geen check-out geopend: geen balietablet op deze vestiging.',
      coNot_several_tablets: 'Geen check-out geopend: meerdere tablets en geen ervan gebruikt voor deze afspraak. Stuur hem hieronder naar een tablet.',
      coNot_not_opened_earlier: 'Er is geen check-out geopend toen de auto uit de werkplaats werd gezet.',
      ticket: 'Diagnose op afstand', connector: 'Uitleeskastje (connector)', products: 'Producten', connOnline: 'verbonden', connOffline: 'niet verbonden', noConnectors: 'Geen uitleeskastje beschikbaar.',
      noProducts: 'Geen product voor deze auto.', rdLoading: 'Uitleeskastjes en producten laden…', rdUnavailable: 'De diagnoseleverancier is niet bereikbaar.',
      rdQuestions: 'Vragen vóór de bestelling', choose: '— kies —', unattended: 'De auto mag zonder toezicht worden uitgelezen',
      startTicket: 'Diagnose op afstand starten', addToOverview: 'Resultaat in het diagnose-overzicht zetten', dismiss: 'Resultaat negeren',
      ticketN: 'Ticket {id}: {status}', answers: 'Antwoorden van de klant', noAnswers: 'Nog geen antwoorden.',
      items: 'Werkzaamheden', noItems: 'Geen werkzaamheden.', savePrice: 'Prijs opslaan', hideItem: 'Verbergen voor de klant', showItem: 'Tonen aan de klant',
      hiddenTag: 'Verborgen', priceEdited: 'Prijs aangepast', priceOf: 'Prijs van {title} ({currency})',
      a0: 'Niet beantwoord', a1: 'Akkoord', a2: 'Afgewezen', a3: 'Bel mij', a4: 'Bel mij',
      remarks: 'Opmerkingen', noRemarks: 'Geen opmerkingen.', markHandled: 'Afgehandeld', handled: 'Afgehandeld', photoN: 'Foto {n} bij de opmerking',
      desk: 'Balie-check-ins', noDesk: 'Geen balie-check-ins.', deskIn: 'Balie-check-in {id}', deskOut: 'Balie-check-out {id}',
      signatureOf: 'Handtekening van {name}', signatureAlt: 'Handtekening', ds1: 'naar de tablet gestuurd', ds2: 'ontvangen door de tablet', ds3: 'kon niet openen',
      ds4: 'geopend', ds5: 'geannuleerd', ds6: 'beantwoord',
      timeline: 'Tijdlijn', nothingYet: 'Nog niets.',
      tasksTitle: 'Taken', taskDone: 'Afgehandeld', taskSince: 'sinds {when}',
      ev1: 'Online check-in verstuurd', ev2: 'Klant opende de check-in', ev3: 'Klant beantwoordde de check-in',
      ev4: 'Diagnose-overzicht verstuurd', ev5: 'Klant opende het diagnose-overzicht', ev6: 'Klant beantwoordde het diagnose-overzicht',
      ev7: 'Diagnose-overzicht opnieuw verstuurd', ev8: 'Reparatieoverzicht verstuurd', ev9: 'Reparatieoverzicht opnieuw verstuurd', ev10: 'Klant opende het reparatieoverzicht',
      ch1: 'E-mail', ch2: 'Sms', ch3: 'Webhook', rs1: 'verstuurd, nog niet bevestigd', rs2: 'afgeleverd', rs3: 'niet afgeleverd',
      kl1: 'Sleutelkluis: inleverpincode verstuurd', kl2: 'Sleutelkluis: check-in geopend', kl3: 'Sleutelkluis: check-in beantwoord', kl4: 'Sleutelkluis: ophaalpincode verstuurd',
      keyDropped: 'Sleutel in de kluis gelegd', keyPickedUp: 'Sleutel uit de kluis gehaald', keyDroppedBack: 'Sleutel teruggelegd',
      keyPickedUpBack: 'Klant heeft de sleutel opgehaald', ticketStarted: 'Diagnose op afstand gestart', ticketEnded: 'Diagnose op afstand beëindigd: {status}',
      deskEvent: '{kind}: {what}',
      heldUntil: 'gepland voor {at} (stille uren)', rk_answer_reminder: 'Herinnering om te antwoorden', rk_key_pickup_reminder: 'Herinnering om de sleutel op te halen', rk_car_ready: 'Bericht auto klaar', rk_feedback_invitation: 'Vraag om beoordeling',
      netError: 'Geen verbinding. Probeer het opnieuw als er weer netwerk is.', srvError: 'De server antwoordde niet. Probeer het zo opnieuw.',
      forbiddenTitle: 'Geen toegang', unavailableTitle: 'Geen verbinding', notFound: 'Deze afspraak bestaat niet meer.',
      tryAgain: 'Opnieuw proberen', errorsTitle: 'Controleer het volgende:', yes: 'Ja', no: 'Nee'
    },
    'fr-FR': {
      skip: 'Aller au contenu', appName: 'Pitstop accueil', loading: 'Chargement…',
      signinTitle: 'Connexion', signinIntro: 'Connectez-vous avec votre compte Pitstop pour voir la journée.',
      email: 'Adresse e-mail', password: 'Mot de passe', signin: 'Se connecter', signingIn: 'Connexion…',
      badLogin: 'Adresse e-mail ou mot de passe incorrect.', tooMany: 'Trop de tentatives. Attendez quelques minutes et réessayez.',
      needFields: 'Saisissez votre adresse e-mail et votre mot de passe.', signinAgain: 'Votre session a expiré. Reconnectez-vous.',
      notAllowed: 'Votre compte ne peut pas utiliser la console d\'accueil. Demandez le rôle de réceptionniste à votre responsable.',
      signout: 'Se déconnecter', language: 'Langue', location: 'Site',
      locationsTitle: 'Choisissez votre site', noLocations: 'Votre compte n\'a aucun site.',
      firstDay: 'Premier jour', toToday: 'Revenir à aujourd\'hui', daysFrom: '{date} et le lendemain',
      dayTitle: 'Aujourd\'hui et demain', dayAt: '{date} à {name}', today: 'Aujourd\'hui', tomorrow: 'Demain',
      stage: 'Étape', allStages: 'Toutes les étapes', search: 'Rechercher', searchHelp: 'Immatriculation, ordre de réparation ou nom',
      needsTitle: 'Demande une intervention', noMatch: 'Aucun rendez-vous ne correspond.', noAppointments: 'Aucun rendez-vous aujourd\'hui ni demain.',
      wo: 'OR {n}', plateless: 'Sans immatriculation', waiting: 'Client sur place', keyIn: 'Clé déposée', answered: 'Enregistrement répondu',
      st_scheduled: 'Planifié', st_check_in_sent: 'Enregistrement envoyé', st_awaiting_key_drop: 'En attente de la clé',
      st_in_workshop: 'À l\'atelier', st_inspected: 'Contrôlé', st_diagnose_sent: 'Diagnostic envoyé',
      st_diagnose_answered: 'Diagnostic répondu', st_repair_sent: 'Récapitulatif des travaux envoyé', st_completed: 'Terminé', st_cancelled: 'Annulé',
      r_delivery_failed: 'Message non distribué', r_call_me: 'Souhaite être appelé', r_remarks_not_handled: 'Remarque à traiter',
      r_remote_diagnosis_to_handle: 'Diagnostic à distance à traiter', r_key_not_dropped: 'Clé non déposée', r_check_in_not_answered: 'Enregistrement sans réponse',
      live: 'En direct', liveOff: 'Reconnexion…', changed: 'Mis à jour : {what}',
      back: 'Retour à la journée', details: 'Rendez-vous', when: 'Heure', customer: 'Client', car: 'Véhicule', workOrder: 'Ordre de réparation',
      actions: 'Actions', sendDiagnose: 'Envoyer le diagnostic', resendDiagnose: 'Renvoyer le diagnostic',
      sendRepair: 'Envoyer le récapitulatif des travaux', resendRepair: 'Renvoyer le récapitulatif des travaux', sent: 'Envoyé.', doneMsg: 'Fait.', working: 'En cours…',
      keyPins: 'Casier à clés', pickupPin: 'Code de retrait', assistPin: 'Code de retrait assisté', dropBack: 'Redéposer la clé', locker: 'Casier',
      noLockers: 'Aucun casier sur ce site.', pinIs: 'Code', pushDesk: 'Envoyer l\'enregistrement à la tablette', pushCheckout: 'Envoyer la restitution à la tablette',
      tablet: 'Tablette d\'accueil', noTablet: 'Aucune tablette d\'accueil sur ce site.', pushed: 'Envoyé à la tablette.',
      rdServiced: 'Diagnostic à distance', rdSvYes: 'Traité le {date}', rdSvNo: 'Non traité par le prestataire', rdSvDown: 'Prestataire indisponible, réessayez plus tard', rdSvLoading: 'Interrogation du prestataire…',
      carOut: 'Véhicule sorti de l\'atelier', carOutAt: 'Sorti de l\'atelier', coOpened: 'Restitution ouverte sur la tablette {tablet}.', coAlready: 'Déjà indiqué.',
      coNot_setting_off: 'Aucune restitution ouverte : ce site n\'en ouvre pas à la sortie de l\'atelier.',
      coNot_desk_checkin_disabled: 'Aucune restitution ouverte : l\'enregistrement à l\'accueil est désactivé sur ce site.', coNot_no_tablet: 'Aucune restitution ouverte : aucune tablette d\'accueil sur ce site.',
      coNot_several_tablets: 'Aucune restitution ouverte : plusieurs tablettes, aucune utilisée pour ce rendez-vous. Envoyez-la à une tablette ci-dessous.',
      coNot_not_opened_earlier: 'Aucune restitution n\'a été ouverte à la sortie de l\'atelier.',
      ticket: 'Diagnostic à distance', connector: 'Connecteur', products: 'Produits', connOnline: 'connecté', connOffline: 'non connecté', noConnectors: 'Aucun connecteur disponible.',
      noProducts: 'Aucun produit pour ce véhicule.', rdLoading: 'Chargement des connecteurs et des produits…', rdUnavailable: 'Le fournisseur de diagnostic est injoignable.',
      rdQuestions: 'Questions avant la commande', choose: '— choisir —', unattended: 'Le véhicule peut être diagnostiqué sans surveillance',
      startTicket: 'Lancer le diagnostic à distance', addToOverview: 'Ajouter le résultat au diagnostic', dismiss: 'Écarter le résultat',
      ticketN: 'Ticket {id} : {status}', answers: 'Réponses du client', noAnswers: 'Pas encore de réponse.',
      items: 'Travaux', noItems: 'Aucun travail.', savePrice: 'Enregistrer le prix', hideItem: 'Masquer au client', showItem: 'Montrer au client',
      hiddenTag: 'Masqué', priceEdited: 'Prix modifié', priceOf: 'Prix de {title} ({currency})',
      a0: 'Sans réponse', a1: 'Accepté', a2: 'Refusé', a3: 'Appelez-moi', a4: 'Appelez-moi',
      remarks: 'Remarques', noRemarks: 'Aucune remarque.', markHandled: 'Marquer comme traitée', handled: 'Traitée', photoN: 'Photo {n} de la remarque',
      desk: 'Enregistrements à l\'accueil', noDesk: 'Aucun enregistrement à l\'accueil.', deskIn: 'Enregistrement à l\'accueil {id}', deskOut: 'Restitution à l\'accueil {id}',
      signatureOf: 'Signature de {name}', signatureAlt: 'Signature', ds1: 'envoyé à la tablette', ds2: 'reçu par la tablette', ds3: 'ouverture impossible',
      ds4: 'ouvert', ds5: 'annulé', ds6: 'répondu',
      timeline: 'Historique', nothingYet: 'Rien pour l\'instant.',
      tasksTitle: 'Tâches', taskDone: 'Marquer comme faite', taskSince: 'depuis {when}',
      ev1: 'Enregistrement en ligne envoyé', ev2: 'Le client a ouvert l\'enregistrement', ev3: 'Le client a répondu à l\'enregistrement',
      ev4: 'Diagnostic envoyé', ev5: 'Le client a ouvert le diagnostic', ev6: 'Le client a répondu au diagnostic',
      ev7: 'Diagnostic renvoyé', ev8: 'Récapitulatif des travaux envoyé', ev9: 'Récapitulatif des travaux renvoyé', ev10: 'Le client a ouvert le récapitulatif des travaux',
      ch1: 'E-mail', ch2: 'SMS', ch3: 'Webhook', rs1: 'envoyé, pas encore confirmé', rs2: 'distribué', rs3: 'non distribué',
      kl1: 'Casier : code de dépôt envoyé', kl2: 'Casier : enregistrement ouvert', kl3: 'Casier : enregistrement répondu', kl4: 'Casier : code de retrait envoyé',
      keyDropped: 'Clé déposée dans le casier', keyPickedUp: 'Clé retirée du casier', keyDroppedBack: 'Clé redéposée',
      keyPickedUpBack: 'Le client a récupéré la clé', ticketStarted: 'Diagnostic à distance lancé', ticketEnded: 'Diagnostic à distance terminé : {status}',
      deskEvent: '{kind} : {what}',
      heldUntil: 'prévu pour {at} (heures calmes)', rk_answer_reminder: 'Rappel de répondre', rk_key_pickup_reminder: 'Rappel de récupérer la clé', rk_car_ready: 'Message véhicule prêt', rk_feedback_invitation: 'Demande d\'avis',
      netError: 'Pas de connexion. Réessayez au retour du réseau.', srvError: 'Le serveur n\'a pas répondu. Réessayez dans un instant.',
      forbiddenTitle: 'Pas d\'accès', unavailableTitle: 'Pas de connexion', notFound: 'Ce rendez-vous n\'existe plus.',
      tryAgain: 'Réessayer', errorsTitle: 'Veuillez vérifier :', yes: 'Oui', no: 'Non'
    },
    'de-DE': {
      skip: 'Zum Inhalt springen', appName: 'Pitstop Empfang', loading: 'Wird geladen…',
      signinTitle: 'Anmelden', signinIntro: 'Melden Sie sich mit Ihrem Pitstop-Konto an, um den Tag zu sehen.',
      email: 'E-Mail-Adresse', password: 'Passwort', signin: 'Anmelden', signingIn: 'Anmeldung…',
      badLogin: 'Falsche E-Mail-Adresse oder falsches Passwort.', tooMany: 'Zu viele Versuche. Warten Sie einige Minuten und versuchen Sie es erneut.',
      needFields: 'Geben Sie E-Mail-Adresse und Passwort ein.', signinAgain: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
      notAllowed: 'Ihr Konto darf die Empfangskonsole nicht nutzen. Bitten Sie Ihre Leitung um die Rolle Serviceannahme.',
      signout: 'Abmelden', language: 'Sprache', location: 'Standort',
      locationsTitle: 'Standort wählen', noLocations: 'Ihr Konto hat keinen Standort.',
      firstDay: 'Erster Tag', toToday: 'Zurück zu heute', daysFrom: '{date} und der Tag danach',
      dayTitle: 'Heute und morgen', dayAt: '{date} in {name}', today: 'Heute', tomorrow: 'Morgen',
      stage: 'Phase', allStages: 'Alle Phasen', search: 'Suchen', searchHelp: 'Kennzeichen, Auftrag oder Name',
      needsTitle: 'Braucht jemanden', noMatch: 'Kein Termin gefunden.', noAppointments: 'Heute und morgen keine Termine.',
      wo: 'Auftrag {n}', plateless: 'Ohne Kennzeichen', waiting: 'Kunde wartet', keyIn: 'Schlüssel abgegeben', answered: 'Check-in beantwortet',
      st_scheduled: 'Geplant', st_check_in_sent: 'Check-in gesendet', st_awaiting_key_drop: 'Wartet auf den Schlüssel',
      st_in_workshop: 'In der Werkstatt', st_inspected: 'Geprüft', st_diagnose_sent: 'Diagnose gesendet',
      st_diagnose_answered: 'Diagnose beantwortet', st_repair_sent: 'Reparaturübersicht gesendet', st_completed: 'Abgeschlossen', st_cancelled: 'Storniert',
      r_delivery_failed: 'Nachricht nicht zugestellt', r_call_me: 'Möchte angerufen werden', r_remarks_not_handled: 'Anmerkung offen',
      r_remote_diagnosis_to_handle: 'Ferndiagnose zu bearbeiten', r_key_not_dropped: 'Schlüssel nicht abgegeben', r_check_in_not_answered: 'Check-in nicht beantwortet',
      live: 'Live', liveOff: 'Verbindung wird hergestellt…', changed: 'Aktualisiert: {what}',
      back: 'Zurück zum Tag', details: 'Termin', when: 'Uhrzeit', customer: 'Kunde', car: 'Fahrzeug', workOrder: 'Auftrag',
      actions: 'Aktionen', sendDiagnose: 'Diagnose senden', resendDiagnose: 'Diagnose erneut senden',
      sendRepair: 'Reparaturübersicht senden', resendRepair: 'Reparaturübersicht erneut senden', sent: 'Gesendet.', doneMsg: 'Erledigt.', working: 'Wird ausgeführt…',
      keyPins: 'Schlüsselschrank', pickupPin: 'Abhol-PIN', assistPin: 'PIN für begleitete Abholung', dropBack: 'Schlüssel zurücklegen', locker: 'Schrank',
      noLockers: 'Kein Schlüsselschrank an diesem Standort.', pinIs: 'PIN', pushDesk: 'Check-in an das Tablet senden', pushCheckout: 'Check-out an das Tablet senden',
      tablet: 'Tresen-Tablet', noTablet: 'Kein Tresen-Tablet an diesem Standort.', pushed: 'An das Tablet gesendet.',
      rdServiced: 'Ferndiagnose', rdSvYes: 'Betreut am {date}', rdSvNo: 'Vom Anbieter nicht betreut', rdSvDown: 'Anbieter nicht erreichbar, bitte später erneut', rdSvLoading: 'Anbieter wird gefragt…',
      carOut: 'Fahrzeug aus der Werkstatt', carOutAt: 'Aus der Werkstatt', coOpened: 'Check-out auf Tablet {tablet} geöffnet.', coAlready: 'Bereits gesetzt.',
      coNot_setting_off: 'Kein Check-out geöffnet: dieser Standort öffnet keinen, wenn das Fahrzeug die Werkstatt verlässt.',
      coNot_desk_checkin_disabled: 'Kein Check-out geöffnet: der Tresen-Check-in ist an diesem Standort aus.', coNot_no_tablet: 'Kein Check-out geöffnet: kein Tresen-Tablet an diesem Standort.',
      coNot_several_tablets: 'Kein Check-out geöffnet: mehrere Tablets, keines für diesen Termin benutzt. Senden Sie ihn unten an ein Tablet.',
      coNot_not_opened_earlier: 'Beim Setzen „aus der Werkstatt“ wurde kein Check-out geöffnet.',
      ticket: 'Ferndiagnose', connector: 'Konnektor', products: 'Produkte', connOnline: 'verbunden', connOffline: 'nicht verbunden', noConnectors: 'Kein Konnektor verfügbar.',
      noProducts: 'Kein Produkt für dieses Fahrzeug.', rdLoading: 'Konnektoren und Produkte werden geladen…', rdUnavailable: 'Der Diagnoseanbieter ist nicht erreichbar.',
      rdQuestions: 'Fragen vor der Bestellung', choose: '— wählen —', unattended: 'Das Fahrzeug darf unbeaufsichtigt ausgelesen werden',
      startTicket: 'Ferndiagnose starten', addToOverview: 'Ergebnis in die Diagnose übernehmen', dismiss: 'Ergebnis verwerfen',
      ticketN: 'Ticket {id}: {status}', answers: 'Antworten des Kunden', noAnswers: 'Noch keine Antworten.',
      items: 'Arbeiten', noItems: 'Keine Arbeiten.', savePrice: 'Preis speichern', hideItem: 'Vor dem Kunden verbergen', showItem: 'Dem Kunden zeigen',
      hiddenTag: 'Verborgen', priceEdited: 'Preis geändert', priceOf: 'Preis von {title} ({currency})',
      a0: 'Nicht beantwortet', a1: 'Zugestimmt', a2: 'Abgelehnt', a3: 'Bitte anrufen', a4: 'Bitte anrufen',
      remarks: 'Anmerkungen', noRemarks: 'Keine Anmerkungen.', markHandled: 'Als erledigt markieren', handled: 'Erledigt', photoN: 'Foto {n} zur Anmerkung',
      desk: 'Check-ins am Tresen', noDesk: 'Keine Check-ins am Tresen.', deskIn: 'Check-in am Tresen {id}', deskOut: 'Check-out am Tresen {id}',
      signatureOf: 'Unterschrift von {name}', signatureAlt: 'Unterschrift', ds1: 'an das Tablet gesendet', ds2: 'vom Tablet empfangen', ds3: 'konnte nicht geöffnet werden',
      ds4: 'geöffnet', ds5: 'abgebrochen', ds6: 'beantwortet',
      timeline: 'Verlauf', nothingYet: 'Noch nichts.',
      tasksTitle: 'Aufgaben', taskDone: 'Als erledigt markieren', taskSince: 'seit {when}',
      ev1: 'Online-Check-in gesendet', ev2: 'Kunde hat den Check-in geöffnet', ev3: 'Kunde hat den Check-in beantwortet',
      ev4: 'Diagnose gesendet', ev5: 'Kunde hat die Diagnose geöffnet', ev6: 'Kunde hat die Diagnose beantwortet',
      ev7: 'Diagnose erneut gesendet', ev8: 'Reparaturübersicht gesendet', ev9: 'Reparaturübersicht erneut gesendet', ev10: 'Kunde hat die Reparaturübersicht geöffnet',
      ch1: 'E-Mail', ch2: 'SMS', ch3: 'Webhook', rs1: 'gesendet, noch nicht bestätigt', rs2: 'zugestellt', rs3: 'nicht zugestellt',
      kl1: 'Schlüsselschrank: Abgabe-PIN gesendet', kl2: 'Schlüsselschrank: Check-in geöffnet', kl3: 'Schlüsselschrank: Check-in beantwortet', kl4: 'Schlüsselschrank: Abhol-PIN gesendet',
      keyDropped: 'Schlüssel in den Schrank gelegt', keyPickedUp: 'Schlüssel aus dem Schrank geholt', keyDroppedBack: 'Schlüssel zurückgelegt',
      keyPickedUpBack: 'Kunde hat den Schlüssel abgeholt', ticketStarted: 'Ferndiagnose gestartet', ticketEnded: 'Ferndiagnose beendet: {status}',
      deskEvent: '{kind}: {what}',
      heldUntil: 'geplant für {at} (Ruhezeiten)', rk_answer_reminder: 'Erinnerung an die Antwort', rk_key_pickup_reminder: 'Erinnerung an die Schlüsselabholung', rk_car_ready: 'Nachricht Fahrzeug fertig', rk_feedback_invitation: 'Bitte um Bewertung',
      netError: 'Keine Verbindung. Versuchen Sie es erneut, wenn das Netz wieder da ist.', srvError: 'Der Server hat nicht geantwortet. Versuchen Sie es gleich noch einmal.',
      forbiddenTitle: 'Kein Zugriff', unavailableTitle: 'Keine Verbindung', notFound: 'Diesen Termin gibt es nicht mehr.',
      tryAgain: 'Erneut versuchen', errorsTitle: 'Bitte prüfen Sie:', yes: 'Ja', no: 'Nein'
    }
  };
  window.PitstopI18n = D; // read by the tests: every language has every string
  var LANG_NAMES = { 'en-GB': 'English', 'nl-NL': 'Nederlands', 'fr-FR': 'Français', 'de-DE': 'Deutsch' };
  var STAGES = ['scheduled', 'check_in_sent', 'awaiting_key_drop', 'in_workshop', 'inspected', 'diagnose_sent', 'diagnose_answered',
    'repair_sent', 'completed', 'cancelled'];
  var KEY = 'pitstop.desk.v1';

  // ---- state ---------------------------------------------------------------
  var st = load() || {};  // token, expires, userId, lang, locId, stage, q
  var locations = [];
  var lang = 'en-GB';
  var screen = '';
  var day = null;         // the last GET /v1/desk/day answer
  var tasks = [];         // the location's open tasks (GET /v1/tasks), issue #25
  var current = null;     // the appointment on screen: {id, ...reads}
  var wanted = 0;         // the appointment the receptionist last opened; 0 once they leave it
  var flashIDs = {};
  // viewDate is the first day shown (YYYY-MM-DD, the location's calendar);
  // empty: today there. #date=YYYY-MM-DD in the address opens that day.
  var viewDate = (/^#date=(\d{4}-\d{2}-\d{2})$/.exec(location.hash) || [])[1] || '';

  function load() { try { return JSON.parse(localStorage.getItem(KEY) || 'null'); } catch (e) { return null; } }
  function save() { try { localStorage.setItem(KEY, JSON.stringify(st)); } catch (e) { /* private mode: works while open */ } }

  function setLang(code) {
    lang = pickLang(code) || 'en-GB';
    document.documentElement.lang = lang;
    $('skip').textContent = t('skip');
    $('app-name').textContent = t('appName');
    document.title = t('appName');
  }

  function newKey() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return 'desk-' + Array.prototype.map.call(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }

  function show(name, nodes, keepFocus) {
    var y = window.scrollY;
    screen = name;
    var main = $('main');
    main.textContent = '';
    main.setAttribute('data-screen', name);
    main.removeAttribute('aria-busy');
    add(main, h('div', { class: 'wrap' }, nodes));
    footer();
    if (!keepFocus) {
      var h1 = main.querySelector('h1');
      if (h1) { h1.setAttribute('tabindex', '-1'); h1.focus({ preventScroll: true }); }
      window.scrollTo(0, 0);
    } else window.scrollTo(0, y);
  }
  function busy() { $('main').setAttribute('aria-busy', 'true'); }
  function errorBox(msgs, id) {
    return h('div', { class: 'errors', id: id || 'errors', role: 'alert' }, msgs && msgs.length ? [h('p', { text: t('errorsTitle') }),
      h('ul', null, msgs.map(function (m) { return h('li', { text: m }); }))] : null);
  }
  function setErrors(msgs, id) {
    var box = $(id || 'errors');
    if (box) box.replaceWith(errorBox(msgs, id));
  }

  function footer() {
    var f = $('foot');
    f.textContent = '';
    var sel = h('select', { id: 'lang-select', onchange: function () { st.lang = sel.value; save(); setLang(sel.value); rerender(); } },
      Object.keys(D).map(function (k) { return h('option', { value: k, text: LANG_NAMES[k], lang: k, selected: k === lang }); }));
    var locSel = null;
    if (st.token && locations.length > 1) {
      locSel = h('select', { id: 'loc-select', onchange: function () { st.locId = +locSel.value; save(); openDay(); } },
        locations.map(function (l) { return h('option', { value: l.id, text: l.name, selected: l.id === st.locId }); }));
    }
    add(f, h('div', { class: 'wrap foot-in' },
      h('div', { class: 'field inline' }, h('label', { for: 'lang-select', text: t('language') }), sel),
      locSel ? h('div', { class: 'field inline' }, h('label', { for: 'loc-select', text: t('location') }), locSel) : null,
      st.token ? h('button', { type: 'button', class: 'btn', id: 'signout', text: t('signout'), onclick: signOut }) : null));
  }

  // ---- the API ---------------------------------------------------------------
  // call answers {kind: ok | errors (HTTP 200 {"errors"}) | auth | forbidden |
  // notfound | busy | down | network, data, errors}.
  function call(method, path, body, idemKey) {
    var opts = { method: method, cache: 'no-store', credentials: 'omit', headers: { 'Accept': 'application/json' } };
    if (st.token) opts.headers['Authorization'] = 'Bearer ' + st.token;
    if (idemKey) opts.headers['Idempotency-Key'] = idemKey;
    if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
    return take(method, path, opts).then(function (r) {
      return r.text().then(function (txt) {
        var data = null;
        try { data = txt ? JSON.parse(txt) : {}; } catch (e) { data = null; }
        var errs = data && Array.isArray(data.errors) ? data.errors : [];
        if (r.status === 401) return { kind: 'auth', errors: errs };
        if (r.status === 403) return { kind: 'forbidden', errors: errs };
        if (r.status === 404) return { kind: 'notfound', errors: errs };
        if (r.status === 429) return { kind: 'busy', errors: errs };
        if (r.status !== 200 || data === null) return { kind: 'down', status: r.status, errors: errs };
        if (errs.length) return { kind: 'errors', errors: errs };
        return { kind: 'ok', data: data };
      });
    }).catch(function () { return { kind: 'network' }; });
  }
  // take answers a GET that early.js already asked (with the same token),
  // once; any other call goes out now.
  function take(method, path, opts) {
    var e = window.PitstopEarly, p = e && method === 'GET' && e.token === st.token && e.calls[path];
    if (!p) return fetch(path, opts);
    delete e.calls[path];
    return p;
  }
  function failed(r, retry) {
    if (r.kind === 'auth') { needSignIn(); return true; }
    if (r.kind === 'forbidden') { showMessage('forbidden', t('notAllowed')); return true; }
    if (r.kind === 'network' || r.kind === 'down' || r.kind === 'busy') {
      showMessage('unavailable', t(r.kind === 'network' ? 'netError' : 'srvError'), retry);
      return true;
    }
    return false;
  }
  function showMessage(name, text, retry) {
    show(name, [h('h1', { text: t(name === 'forbidden' ? 'forbiddenTitle' : 'unavailableTitle') }), h('p', { class: 'notice', text: text }),
      retry ? h('button', { type: 'button', class: 'btn primary', id: 'retry', text: t('tryAgain'), onclick: retry }) : null,
      name === 'forbidden' ? h('button', { type: 'button', class: 'btn', text: t('signout'), onclick: signOut }) : null]);
  }

  // ---- sign-in ------------------------------------------------------------------
  function needSignIn() {
    var had = !!st.token;
    st.token = ''; save();
    stopLive();
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
        st.token = r.data.token; st.expires = r.data.expires_at; st.userId = r.data.user_id;
        save();
        start();
      });
    }
    form = h('form', { id: 'signin', class: 'signin', novalidate: true, onsubmit: submit },
      errorBox(),
      h('div', { class: 'field' }, h('label', { for: 'email', text: t('email') }),
        h('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true })),
      h('div', { class: 'field' }, h('label', { for: 'password', text: t('password') }),
        h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
      h('button', { type: 'submit', class: 'btn primary', id: 'signin-btn', text: t('signin') }));
    show('signin', [h('h1', { text: t('signinTitle') }), note ? h('p', { class: 'notice', text: note }) : h('p', { text: t('signinIntro') }), form]);
  }
  function signOut() {
    stopLive();
    st = { lang: st.lang }; day = null; current = null; wanted = 0; locations = [];
    save();
    signIn('');
  }

  // ---- locations ------------------------------------------------------------------
  function start() {
    busy();
    // A remembered location's day is asked for beside the list of
    // locations, not after it: the first screen waits for one round trip
    // to the API instead of two (on a slow line, half a second each).
    var early = !!st.locId;
    if (early) { current = null; wanted = 0; loadDay(function () { if (loc()) { drawDay(false); startLive(); } }); }
    // While the network is busy, make the date formats the day list needs
    // (the first in a page is slow to make; ~0.1 s on a slow device).
    setTimeout(function () { warmFormats(st.zone); }, 0);
    call('GET', '/v1/workshop/locations').then(function (r) {
      if (failed(r, start)) return;
      if (r.kind !== 'ok') { showMessage('unavailable', (r.errors || []).join(' ') || t('srvError'), start); return; }
      locations = r.data.locations || [];
      if (locations.length === 1 && st.locId !== locations[0].id) { st.locId = locations[0].id; save(); } // remembered for the next start
      if (!loc()) { chooseLocation(); return; }
      if (!early) { openDay(); return; }
      if (day && screen === 'day') drawDay(true); // the day came first: now with the location switcher
      else if (day && screen !== 'day') { drawDay(false); startLive(); }
    });
  }
  function loc() {
    for (var i = 0; i < locations.length; i++) if (locations[i].id === st.locId) return locations[i];
    return null;
  }
  function zone() { return (day && day.location.time_zone) || (loc() && loc().time_zone) || undefined; }
  function chooseLocation() {
    stopLive();
    show('locations', [h('h1', { text: t('locationsTitle') }),
      locations.length ? h('ul', { class: 'rows', id: 'locations' }, locations.map(function (l) {
        return h('li', null, h('button', { type: 'button', class: 'row', 'data-location': l.id, onclick: function () { st.locId = l.id; save(); openDay(); } },
          h('span', { class: 'who', text: l.name })));
      })) : h('p', { class: 'notice', text: t('noLocations') })]);
  }

  // ---- times, in the location's zone -----------------------------------------------
  // Making an Intl.DateTimeFormat costs far more than using one (a day of
  // rows asks for hundreds): each is made once per language, zone and options.
  var formats = {};
  function dtf(l, o) {
    var k = l + JSON.stringify(o);
    if (!formats[k]) {
      try { formats[k] = new Intl.DateTimeFormat(l, o); }
      catch (e) { var o2 = Object.assign({}, o); delete o2.timeZone; formats[k] = new Intl.DateTimeFormat(l, o2); }
    }
    return formats[k];
  }
  function warmFormats(z) {
    if (!z) return;
    [{ hour: '2-digit', minute: '2-digit' }, { weekday: 'long', day: 'numeric', month: 'long' }].forEach(function (o) { dtf(lang, Object.assign(o, { timeZone: z })); });
    dtf('en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: z });
  }
  function fmt(ms, o) {
    o = Object.assign({}, o);
    if (zone()) o.timeZone = zone();
    return dtf(lang, o).format(new Date(ms));
  }
  function ymd(ms) {
    var o = { year: 'numeric', month: '2-digit', day: '2-digit' };
    if (zone()) o.timeZone = zone();
    var p = {};
    dtf('en-GB', o).formatToParts(new Date(ms)).forEach(function (x) { p[x.type] = x.value; });
    return p.year + '-' + p.month + '-' + p.day;
  }
  function timeOf(s) { return fmt(Date.parse(s), { hour: '2-digit', minute: '2-digit' }); }
  function stamp(s) { return fmt(Date.parse(s), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }); }
  function dayLabel(s) {
    if (!day) return '';
    var d = ymd(Date.parse(s)), today = ymd(Date.now());
    if (d === today) return t('today');
    if (d === nextDay(today)) return t('tomorrow');
    return fmt(Date.parse(s), { weekday: 'short', day: 'numeric', month: 'short' });
  }
  function nextDay(d) {
    var x = new Date(Date.parse(d + 'T12:00:00Z') + 864e5);
    return x.toISOString().slice(0, 10);
  }
  function name(a) { return [a.driver_firstname, a.driver_surname].filter(Boolean).join(' ') || a.company || ''; }

  // ---- the day ------------------------------------------------------------------------
  function openDay() {
    current = null; wanted = 0;
    if (!loc()) { chooseLocation(); return; }
    busy();
    loadDay(function () { drawDay(false); startLive(); });
  }
  var dayLoading = false, dayAgain = false;
  function loadDay(then) {
    if (dayLoading) { dayAgain = true; return; }
    dayLoading = true;
    call('GET', '/v1/desk/day?location_id=' + st.locId + '&days=2' + (viewDate ? '&date=' + viewDate : '')).then(function (r) {
      dayLoading = false;
      if (failed(r, openDay)) return;
      if (r.kind !== 'ok') { showMessage('unavailable', (r.errors || []).join(' ') || t('srvError'), openDay); return; }
      var first = !day;
      day = r.data;
      if (st.zone !== day.location.time_zone) { st.zone = day.location.time_zone; save(); } // for warmFormats at the next start
      if (first || !live.cursor) live.cursor = day.cursor;
      if (then) then();
      loadTasks();
      if (dayAgain) { dayAgain = false; loadDay(function () { if (screen === 'day') drawDay(true); }); }
    });
  }
  // The location's open tasks (reminders unanswered, keys not collected),
  // read again with the day; drawn above the appointments.
  function loadTasks() {
    var locId = st.locId;
    call('GET', '/v1/tasks?location_id=' + locId + '&state=open&page_size=50').then(function (r) {
      if (r.kind !== 'ok' || locId !== st.locId) return;
      tasks = r.data.tasks || [];
      if (screen === 'day' && day) drawTasks();
    });
  }
  function drawTasks() {
    var box = $('tasks');
    if (!box) return;
    box.textContent = '';
    if (!tasks.length) return;
    add(box, h('section', { class: 'group needs', 'aria-labelledby': 'g-tasks', 'data-group': 'tasks' },
      h('h2', { id: 'g-tasks' }, t('tasksTitle'), h('span', { class: 'count', text: '(' + tasks.length + ')' })),
      h('ul', { class: 'rows' }, tasks.map(taskRow))));
  }
  function taskRow(k) {
    var btn = h('button', { type: 'button', class: 'btn', 'data-task-done': k.id, text: t('taskDone'), onclick: function () {
      if (btn.getAttribute('aria-disabled') === 'true') return;
      btn.setAttribute('aria-disabled', 'true');
      btn.textContent = t('working');
      call('POST', '/v1/tasks/' + k.id + '/done', undefined, newKey()).then(function (r) {
        if (r.kind === 'auth') { needSignIn(); return; }
        loadTasks();
      });
    } });
    // An unmatched reply has no appointment to open: its text alone (the
    // sender's number masked, the reply quoted).
    var what = k.appointment_id ? h('a', { href: '#', text: k.text, onclick: function (e) { e.preventDefault(); openAppointment(k.appointment_id); } })
      : h('span', { text: k.text });
    return h('li', { 'data-task': k.id },
      h('p', { class: 'task' }, what,
        h('small', { text: ' ' + t('taskSince', { when: stamp(k.created_at) }) })), btn);
  }
  function matches(a, q) {
    if (!q) return true;
    var hay = [a.reg_number, a.wo_nr, a.driver_firstname, a.driver_surname, a.company].join(' ').toLowerCase();
    var norm = function (s) { return s.replace(/[\s-]/g, ''); };
    return q.toLowerCase().split(/\s+/).every(function (w) { return hay.indexOf(w) >= 0 || norm(hay).indexOf(norm(w)) >= 0; });
  }
  function drawDay(keepFocus) {
    var l = day.location;
    var list = day.appointments.filter(function (a) { return (!st.stage || a.lifecycle_stage === st.stage) && matches(a, st.q || ''); });
    var needs = list.filter(function (a) { return a.needs_person.length; });
    var rest = list.filter(function (a) { return !a.needs_person.length; });
    var stageSel = h('select', { id: 'stage', onchange: function () { st.stage = stageSel.value; save(); drawDay(true); } },
      h('option', { value: '', text: t('allStages') }),
      STAGES.map(function (s) { return h('option', { value: s, text: t('st_' + s), selected: st.stage === s }); }));
    var search = h('input', { id: 'search', type: 'search', value: st.q || '', 'aria-describedby': 'search-help', autocomplete: 'off',
      oninput: function () { st.q = search.value; save(); redrawGroups(); } });
    var groups = h('div', { id: 'groups' });
    function redrawGroups() {
      var l2 = day.appointments.filter(function (a) { return (!st.stage || a.lifecycle_stage === st.stage) && matches(a, st.q || ''); });
      groups.textContent = '';
      add(groups, drawGroups(l2.filter(function (a) { return a.needs_person.length; }), l2.filter(function (a) { return !a.needs_person.length; })));
    }
    add(groups, drawGroups(needs, rest));
    var isToday = day.date === ymd(Date.now());
    var date = fmt(Date.parse(day.date + 'T12:00:00Z'), { weekday: 'long', day: 'numeric', month: 'long' });
    var dateIn = h('input', { id: 'first-day', type: 'date', value: day.date, onchange: function () {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(dateIn.value)) return;
      viewDate = dateIn.value; busy(); loadDay(function () { drawDay(true); });
    } });
    show('day', [h('h1', { text: isToday ? t('dayTitle') : t('daysFrom', { date: date }) }),
      h('p', { class: 'sub', id: 'day-sub', text: t('dayAt', { date: date, name: l.name }) }),
      h('div', { class: 'toolbar', role: 'search' },
        h('div', { class: 'field' }, h('label', { for: 'first-day', text: t('firstDay') }), dateIn),
        isToday ? null : h('button', { type: 'button', class: 'btn', id: 'to-today', text: t('toToday'), onclick: function () {
          viewDate = ''; busy(); loadDay(function () { drawDay(false); });
        } }),
        h('div', { class: 'field' }, h('label', { for: 'stage', text: t('stage') }), stageSel),
        h('div', { class: 'field' }, h('label', { for: 'search', text: t('search') }), search,
          h('p', { class: 'sub', id: 'search-help', text: t('searchHelp') }))),
      h('div', { id: 'tasks' }), groups], keepFocus);
    drawTasks();
  }
  function drawGroups(needs, rest) {
    if (!needs.length && !rest.length) return h('p', { class: 'notice', id: 'empty', text: day.appointments.length ? t('noMatch') : t('noAppointments') });
    var out = [];
    if (needs.length) out.push(group('needs', t('needsTitle'), needs));
    STAGES.forEach(function (s) {
      var in_ = rest.filter(function (a) { return a.lifecycle_stage === s; });
      if (in_.length) out.push(group(s, t('st_' + s), in_));
    });
    var other = rest.filter(function (a) { return STAGES.indexOf(a.lifecycle_stage) < 0; });
    if (other.length) out.push(group('other', '…', other));
    return out;
  }
  function group(id, title, list) {
    var hid = 'g-' + id;
    return h('section', { class: 'group' + (id === 'needs' ? ' needs' : ''), 'aria-labelledby': hid, 'data-group': id },
      h('h2', { id: hid }, title, h('span', { class: 'count', text: '(' + list.length + ')' })),
      h('ul', { class: 'rows' }, list.map(row)));
  }
  function row(a) {
    var tags = a.needs_person.map(function (r) { return h('span', { class: 'tag need', 'data-reason': r, text: t('r_' + r) }); });
    if (a.customer_waiting) tags.push(h('span', { class: 'tag', text: t('waiting') }));
    if (a.check_in_com_answered) tags.push(h('span', { class: 'tag ok', text: t('answered') }));
    if (a.key_dropped) tags.push(h('span', { class: 'tag ok', text: t('keyIn') }));
    return h('li', { class: flashIDs[a.id] ? 'flash' : null },
      h('button', { type: 'button', class: 'row', 'data-appointment': a.id, onclick: function () { openAppointment(a.id); } },
        h('span', { class: 'when' }, timeOf(a.time_car_app), h('small', { text: dayLabel(a.time_car_app) })),
        h('span', { class: 'plate', text: a.reg_number || t('plateless') }),
        h('span', { class: 'who' }, name(a), h('small', { text: t('wo', { n: a.wo_nr }) })),
        h('span', { class: 'car' }, [a.car_make, a.car_model].filter(Boolean).join(' '), h('small', { text: t('st_' + a.lifecycle_stage) })),
        h('span', { class: 'tags' }, tags)));
  }

  // ---- live updates -------------------------------------------------------------------
  // A fetch stream of GET /v1/desk/events: each "change" names appointments;
  // the day (and the open appointment) are read again. The stream ends
  // every minute or so, or on a network fault; it is opened again from the
  // last event ID (Last-Event-ID), so nothing in between is lost.
  var live = { ctrl: null, cursor: '', retry: null, up: false, loc: 0 };
  function liveStatus() {
    var el = $('live');
    if (!st.token || !live.loc) { el.textContent = ''; return; }
    el.textContent = live.up ? t('live') : t('liveOff');
    el.className = 'live' + (live.up ? '' : ' off');
  }
  function stopLive() {
    if (live.ctrl) live.ctrl.abort();
    if (live.retry) clearTimeout(live.retry);
    live.ctrl = null; live.retry = null; live.up = false; live.loc = 0; live.cursor = '';
    liveStatus();
  }
  function startLive() {
    if (live.loc === st.locId && live.ctrl) return;
    if (live.loc !== st.locId) { if (live.ctrl) live.ctrl.abort(); live.cursor = day ? day.cursor : ''; }
    live.loc = st.locId;
    connect();
  }
  function connect() {
    if (!st.token || !live.loc) return;
    var ctrl = new AbortController();
    live.ctrl = ctrl;
    var headers = { 'Accept': 'text/event-stream', 'Authorization': 'Bearer ' + st.token };
    if (live.cursor) headers['Last-Event-ID'] = live.cursor;
    fetch('/v1/desk/events?location_id=' + live.loc, { headers: headers, cache: 'no-store', credentials: 'omit', signal: ctrl.signal })
      .then(function (r) {
        if (r.status === 401) { needSignIn(); return; }
        if (r.status !== 200 || !r.body) throw new Error('status ' + r.status);
        live.up = true; liveStatus();
        var reader = r.body.getReader(), dec = new TextDecoder(), buf = '';
        function pump() {
          return reader.read().then(function (x) {
            if (x.done) return;
            buf += dec.decode(x.value, { stream: true }).replace(/\r\n?/g, '\n');
            var i;
            while ((i = buf.indexOf('\n\n')) >= 0) { onBlock(buf.slice(0, i)); buf = buf.slice(i + 2); }
            return pump();
          });
        }
        return pump();
      })
      .catch(function () { /* reconnect below */ })
      .then(function () {
        if (live.ctrl !== ctrl) return; // stopped or replaced
        live.ctrl = null; live.up = false; liveStatus();
        live.retry = setTimeout(function () { live.retry = null; connect(); }, navigator.onLine === false ? 5000 : 1000);
      });
  }
  function onBlock(block) {
    var id = null, ev = 'message', data = '';
    block.split('\n').forEach(function (line) {
      if (!line || line[0] === ':') return;
      var c = line.indexOf(':'), f = c < 0 ? line : line.slice(0, c), v = c < 0 ? '' : line.slice(c + 1).replace(/^ /, '');
      if (f === 'id') id = v; else if (f === 'event') ev = v; else if (f === 'data') data += (data ? '\n' : '') + v;
    });
    if (id !== null) live.cursor = id;
    if (ev !== 'change' || !data) return;
    var ch;
    try { ch = JSON.parse(data); } catch (e) { return; }
    changed(ch.appointment_ids || []);
  }
  function changed(ids) {
    ids.forEach(function (id) { flashIDs[id] = true; });
    setTimeout(function () { ids.forEach(function (id) { delete flashIDs[id]; }); }, 2500);
    var open = current && ids.indexOf(current.id) >= 0;
    loadDay(function () {
      if (screen === 'day') drawDay(true);
      var plates = day.appointments.filter(function (a) { return ids.indexOf(a.id) >= 0; }).map(function (a) { return a.reg_number || a.wo_nr; });
      if (plates.length) announce(t('changed', { what: plates.join(', ') }));
    });
    if (open && screen === 'appointment') loadAppointment(current.id, true);
  }
  function announce(text) {
    var el = $('live');
    el.textContent = (live.up ? t('live') : t('liveOff')) + ' · ' + text;
  }

  // ---- one appointment -------------------------------------------------------------
  function openAppointment(id) { wanted = id; busy(); loadAppointment(id, false); }
  function loadAppointment(id, keep) {
    var base = '/v1/appointments/' + id;
    Promise.all([call('GET', base), call('GET', base + '/events'), call('GET', base + '/keylocker'), call('GET', base + '/desk_checkin'),
      call('GET', base + '/remote_diagnose/tickets'), call('GET', base + '/interventions')]).then(function (rs) {
      // A reload that lands after the receptionist went back (or opened
      // another car) must not pull them back to this one.
      if (wanted !== id) return;
      var r = rs[0];
      if (r.kind === 'notfound') { showMessage('unavailable', t('notFound'), openDay); return; }
      if (failed(r, function () { openAppointment(id); })) return;
      var okData = function (x, k) { return x.kind === 'ok' ? (x.data[k] || []) : []; };
      var prev = current && current.id === id ? current : null;
      current = { id: id, ap: r.data.appointment, com: r.data.communication || null, events: okData(rs[1], 'events'),
        lockers: okData(rs[2], 'keylocker_communications'), desks: okData(rs[3], 'desk_communications'),
        tickets: rs[4].kind === 'ok' && Array.isArray(rs[4].data) ? rs[4].data : okData(rs[4], 'tickets'),
        items: okData(rs[5], 'interventions'), reminders: okData(rs[1], 'reminders'), held: prev ? prev.held : {},
        keys: prev ? prev.keys : {}, results: prev ? prev.results : {},
        rd: prev ? prev.rd : { conn: '', prods: {}, answers: {}, unattended: false }, rdCat: prev ? prev.rdCat : null,
        serviced: prev ? prev.serviced : null };
      drawAppointment(keep);
      if (!current.serviced) loadServiced(id);
      loadHeld(id);
    });
  }
  // Messages the location's quiet hours hold (issue #25): the read model
  // shows them as receivers not yet handed to a provider ("queued"); when
  // they go only the lifecycle knows, so its state is asked then, and only then.
  function loadHeld(id) {
    var c = current, all = c.reminders.slice();
    c.events.forEach(function (e) { all = all.concat(e.receivers || []); });
    if (!all.some(function (r) { return r.delivery_state === 'queued'; })) { c.held = {}; return; }
    call('GET', '/v1/appointments/' + id + '/state').then(function (r) {
      if (wanted !== id || current !== c) return;
      var held = {};
      if (r.kind === 'ok') (r.data.held_messages || []).forEach(function (m) { held[m.receiver_id] = m.until; });
      c.held = held;
      var el = $('timeline');
      if (el) el.replaceWith(timelinePanel(c));
    });
  }
  // Whether the remote-diagnose provider serviced the car: asked once per
  // opened appointment, after it is drawn (the provider may be slow; the
  // API bounds the read and answers "unavailable" rather than failing).
  function loadServiced(id) {
    call('GET', '/v1/appointments/' + id + '/remote_diagnose/serviced_vehicle').then(function (r) {
      if (wanted !== id || !current || current.id !== id) return;
      current.serviced = r.kind === 'ok' ? r.data : { status: 'unavailable' };
      var el = $('rd-serviced');
      if (el) el.textContent = servicedText(current.serviced);
    });
  }
  function servicedText(v) {
    if (!v) return t('rdSvLoading');
    if (v.status === 'serviced' && v.last_serviced_at) {
      return t('rdSvYes').replace('{date}', fmt(Date.parse(v.last_serviced_at), { day: 'numeric', month: 'short', year: 'numeric' }));
    }
    if (v.status === 'not_serviced') return t('rdSvNo');
    if (v.status === 'unavailable') return t('rdSvDown');
    return '';
  }
  function dayItem(id) {
    var l = day ? day.appointments : [];
    for (var i = 0; i < l.length; i++) if (l[i].id === id) return l[i];
    return null;
  }
  function drawAppointment(keep) {
    var c = current, a = c.ap, di = dayItem(c.id);
    var reasons = di ? di.needs_person : [];
    show('appointment', [
      h('p', null, h('button', { type: 'button', class: 'btn small', id: 'back', text: t('back'), onclick: function () { current = null; wanted = 0; drawDay(false); } })),
      h('h1', { id: 'ap-title' }, h('span', { class: 'plate', text: a.reg_number || t('plateless') }), ' ', name(a)),
      reasons.length ? h('div', { class: 'tags', id: 'ap-reasons' }, reasons.map(function (r) { return h('span', { class: 'tag need', text: t('r_' + r) }); })) : null,
      h('div', { class: 'detail' },
        h('div', null, factsPanel(a), answersPanel(c), itemsPanel(c), remarksPanel(c), deskPanel(c)),
        h('div', null, actionsPanel(c), timelinePanel(c)))], keep);
    drawSignatures();
  }
  function panel(id, title, body) {
    return h('section', { class: 'panel', id: id, 'aria-labelledby': id + '-h' }, h('h2', { id: id + '-h', text: title }), body);
  }
  function factsPanel(a) {
    var row_ = function (k, v) { return [h('dt', { text: k }), h('dd', { text: v })]; };
    return panel('facts', t('details'), h('dl', { class: 'facts' },
      row_(t('when'), stamp(a.time_car_app)), row_(t('workOrder'), a.wo_nr), row_(t('customer'), name(a)),
      row_(t('car'), [a.car_make, a.car_model].filter(Boolean).join(' ')), row_(t('stage'), t('st_' + a.lifecycle_stage)),
      row_(t('keyIn'), a.key_dropped_at || a.acses_key_dropped_at ? t('yes') : t('no')),
      a.car_out_of_shop ? row_(t('carOutAt'), stamp(a.car_out_of_shop)) : null,
      servicedRow(a)));
  }
  // Shown while asked and when the provider answered about this car;
  // nothing for a location without remote diagnosis or a car without VIN.
  function servicedRow(a) {
    var v = current && current.ap === a ? current.serviced : null;
    if (!a.vin || (v && !servicedText(v))) return null;
    return [h('dt', { text: t('rdServiced') }), h('dd', { id: 'rd-serviced', 'aria-live': 'polite', text: servicedText(v) })];
  }
  function answersPanel(c) {
    var items = [];
    // CommunicationResultStatus 2 agree, 3 decline, 4 contact me -> a1, a2, a3 (1 is unanswered: not shown).
    var decided = { 2: 1, 3: 2, 4: 3 };
    ((c.com && c.com.appointment && c.com.appointment.interventions) || []).forEach(function (iv) {
      if (decided[iv.communication_result_status]) items.push({ title: iv.title, status: decided[iv.communication_result_status] });
    });
    if (c.ap.check_in_com_answered) ((c.com && c.com.check_in_results) || []).forEach(function (x) {
      if (x.visible !== false) items.push({ title: x.name, status: x.accepted ? 1 : 2 });
    });
    ((c.com && c.com.diagnose_overview_results) || []).forEach(function (x) {
      if (decided[x.status]) items.push({ title: x.title, status: decided[x.status] });
    });
    return panel('answers', t('answers'), items.length ? h('ul', { class: 'items' }, items.map(function (x) {
      return h('li', null, h('span', { text: x.title }), h('span', { class: 'tag' + (x.status >= 3 ? ' need' : x.status === 1 ? ' ok' : ''), text: t('a' + x.status) }));
    })) : h('p', { class: 'sub', text: t('noAnswers') }));
  }
  // The interventions, hidden ones too: re-price or hide an item before
  // the diagnose overview is sent or resent.
  function itemsPanel(c) {
    if (!c.items.length) return panel('items', t('items'), h('p', { class: 'sub', text: t('noItems') }));
    return panel('items', t('items'), h('ul', { class: 'items' }, c.items.map(function (iv) {
      var inputID = 'price-' + iv.id;
      var price = h('input', { id: inputID, type: 'number', min: '0', max: '1000000', step: '0.01', inputmode: 'decimal', value: String(iv.price) });
      var save = actionButton('price-' + iv.id, t('savePrice'), 'PATCH', '/v1/appointments/' + c.id + '/interventions/' + iv.id, function () {
        var v = Number(price.value);
        return price.value === '' || !isFinite(v) ? null : { price: v };
      });
      var toggle = actionButton('visible-' + iv.id, iv.visible_to_customer ? t('hideItem') : t('showItem'), 'PATCH',
        '/v1/appointments/' + c.id + '/interventions/' + iv.id, { visible_to_customer: !iv.visible_to_customer });
      return h('li', { class: 'item' + (iv.visible_to_customer ? '' : ' hidden-item'), 'data-intervention': String(iv.id) },
        h('span', { text: iv.title }),
        iv.visible_to_customer ? null : h('span', { class: 'tag', text: t('hiddenTag') }),
        iv.dms_price_edited ? h('span', { class: 'tag', text: t('priceEdited') }) : null,
        h('div', { class: 'field' }, h('label', { for: inputID, text: t('priceOf', { title: iv.title, currency: (day && day.location.currency) || 'EUR' }) }), price), save, toggle);
    })));
  }
  function remarksPanel(c) {
    var list = [];
    ((c.com && c.com.check_in_remarks) || []).forEach(function (r) { list.push({ kind: 'check_in', r: r }); });
    ((c.com && c.com.diagnose_overview_remarks) || []).forEach(function (r) { list.push({ kind: 'diagnose_overview', r: r }); });
    return panel('remarks', t('remarks'), list.length ? list.map(function (x) {
      var r = x.r, photos = (r.attachments || []).map(function (at, i) {
        var img = h('img', { alt: t('photoN', { n: i + 1 }), 'data-src': at.url });
        loadImage(img, at.url, false);
        return img;
      });
      return h('div', { class: 'remark' + (r.receptionist_handled ? ' handled' : ''), 'data-remark': x.kind + '-' + r.id },
        r.title ? h('h3', { text: r.title }) : null, h('p', { text: r.description }),
        photos.length ? h('div', { class: 'photos' }, photos) : null,
        r.receptionist_handled ? h('span', { class: 'tag ok', text: t('handled') }) :
          actionButton('handled-' + x.kind + '-' + r.id, t('markHandled'), 'POST', '/v1/remarks/handled', function () { return { type: x.kind, id: r.id }; }));
    }) : h('p', { class: 'sub', text: t('noRemarks') }));
  }
  // Photos and signatures are fetched (with the token for API paths) and
  // shown from blob: URLs: the CSP allows img-src 'self' blob: only.
  var blobs = {};
  function loadImage(img, url, auth) {
    if (blobs[url]) { img.src = blobs[url]; return; }
    var headers = {};
    if (auth && st.token) headers['Authorization'] = 'Bearer ' + st.token;
    fetch(url, { headers: headers, cache: 'no-store', credentials: 'omit' }).then(function (r) {
      if (r.status !== 200) throw new Error('status ' + r.status);
      return r.blob();
    }).then(function (b) {
      blobs[url] = URL.createObjectURL(b);
      img.src = blobs[url];
    }).catch(function () { img.replaceWith(h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text: img.alt })); });
  }
  function signatureOf(d) {
    if (d.customer_signature) return d.customer_signature;
    var evs = d.events || [];
    for (var i = evs.length - 1; i >= 0; i--) if (evs[i].customer_signature) return evs[i].customer_signature;
    return '';
  }
  function deskPanel(c) {
    return panel('desk', t('desk'), c.desks.length ? c.desks.map(function (d) {
      var sig = signatureOf(d);
      return h('div', { class: 'remark handled', 'data-desk': d.id },
        h('h3', { text: t(d.is_checking_out ? 'deskOut' : 'deskIn', { id: d.id }) }),
        h('p', { text: (d.events || []).map(function (e) { return t('ds' + e.type); }).join(' → ') || t('ds' + d.status) }),
        sig ? h('figure', null, h('img', { class: 'signature', 'data-signature': sig, alt: t('signatureAlt') }),
          h('figcaption', { text: t('signatureOf', { name: d.customer_name || name(c.ap) }) })) : null);
    }) : h('p', { class: 'sub', text: t('noDesk') }));
  }
  function drawSignatures() {
    Array.prototype.forEach.call(document.querySelectorAll('img[data-signature]'), function (img) {
      var u = img.getAttribute('data-signature');
      if (/^data:image\/png;base64,/.test(u)) { // an inline PNG: made a blob, as the CSP allows no data:
        try {
          var bin = atob(u.slice(22)), arr = new Uint8Array(bin.length);
          for (var i = 0; i < bin.length; i++) arr[i] = bin.charCodeAt(i);
          img.src = URL.createObjectURL(new Blob([arr], { type: 'image/png' }));
        } catch (e) { /* not a picture */ }
        return;
      }
      var sameOrigin = u.charAt(0) === '/' || u.indexOf(location.origin + '/') === 0;
      loadImage(img, u, sameOrigin);
    });
  }

  // An action: a button whose Idempotency-Key is kept across clicks until
  // the action has an answer (a double click, or a retry after a lost
  // answer, is one action); a new key after an answer.
  function actionButton(id, label, method, path, body, onOK) {
    var c = current;
    if (!c.keys[id]) c.keys[id] = newKey();
    var res = c.results[id];
    var btn = h('button', { type: 'button', class: 'btn', id: 'act-' + id, 'data-action': id, text: label, onclick: function () {
      if (btn.getAttribute('aria-disabled') === 'true') return;
      btn.setAttribute('aria-disabled', 'true');
      btn.textContent = t('working');
      var b = typeof body === 'function' ? body() : body;
      if (b === null) { btn.removeAttribute('aria-disabled'); btn.textContent = label; return; }
      call(method, path, b, c.keys[id]).then(function (r) {
        if (r.kind === 'auth') { needSignIn(); return; }
        if (r.kind !== 'network' && r.kind !== 'down' && r.kind !== 'busy') c.keys[id] = newKey(); // answered: the next click is a new action
        c.results[id] = r.kind === 'ok' ? { ok: true, text: onOK ? onOK(r.data) : t('doneMsg') } :
          { ok: false, text: (r.errors && r.errors.length ? r.errors.join(' ') : t(r.kind === 'network' ? 'netError' : 'srvError')) };
        if (current === c) loadAppointment(c.id, true);
      });
    } });
    return h('div', { class: 'action' }, btn,
      res ? h('p', { class: res.ok ? 'done result' : 'errors result', role: res.ok ? 'status' : 'alert', id: 'res-' + id, text: res.text }) : null);
  }
  function hasEvent(c, types) { return c.events.some(function (e) { return types.indexOf(e.type) >= 0; }); }
  function actionsPanel(c) {
    var a = c.ap, id = c.id, base = '/v1/appointments/' + id;
    var dSent = hasEvent(c, [4, 7]), rSent = hasEvent(c, [8, 9]);
    var tablets = (day && day.tablets) || [];
    var tabSel = tablets.length ? h('select', { id: 'tablet' }, tablets.map(function (x) { return h('option', { value: x.id, text: x.name }); })) : null;
    var lockerSel = h('select', { id: 'locker' });
    var pinText = function (d) { return t('pinIs') + ': ' + (d.acses_pin || ''); };
    var dropBack = actionButton('pin-dropback', t('dropBack'), 'POST', '/v1/employees/drop_back', function () {
      return lockerSel.value ? { appointment_id: id, locker_system_id: lockerSel.value } : null;
    }, pinText);
    var lockerBox = h('div', { id: 'locker-box' });
    call('POST', '/v1/employees/list_available_lockers', { dealer_location_id: a.dealer_location_id }).then(function (r) {
      var l = r.kind === 'ok' ? (r.data.lockers || r.data.locker_systems || r.data.result || []) : [];
      if (!l.length) { add(lockerBox, h('p', { class: 'sub', text: t('noLockers') })); return; }
      l.forEach(function (x) { add(lockerSel, h('option', { value: x.locker_system_id || x.id, text: x.name || x.locker_system_id || x.id })); });
      add(lockerBox, [h('div', { class: 'field' }, h('label', { for: 'locker', text: t('locker') }), lockerSel), dropBack]);
    });
    var ticketList = c.tickets.map(function (tk) {
      var waits = tk.intervention_id && !tk.result_dismissed && tk.finished_at;
      return h('div', { class: 'remark' + (waits ? '' : ' handled') }, h('p', { text: t('ticketN', { id: tk.request_id, status: tk.status }) }),
        waits ? h('div', { class: 'actions' },
          actionButton('rd-add-' + tk.request_id, t('addToOverview'), 'POST', '/v1/remote_diagnose/tickets/' + encodeURIComponent(tk.request_id) + '/add_to_diagnose_overview', {}),
          actionButton('rd-dismiss-' + tk.request_id, t('dismiss'), 'POST', '/v1/remote_diagnose/tickets/' + encodeURIComponent(tk.request_id) + '/dismiss', {})) : null);
    });
    return [panel('actions', t('actions'), h('div', { class: 'actions' },
      actionButton('diagnose', t(dSent ? 'resendDiagnose' : 'sendDiagnose'), 'POST', base + '/diagnose_overview/' + (dSent ? 'resend' : 'send'), {}, function () { return t('sent'); }),
      actionButton('repair', t(rSent ? 'resendRepair' : 'sendRepair'), 'POST', base + '/repair_overview/' + (rSent ? 'resend' : 'send'), {}, function () { return t('sent'); }),
      // Car out of shop: the answer says on which tablet a check-out opened, or why none.
      actionButton('car-out', t('carOut'), 'POST', base + '/car_out_of_shop', {}, function (d) {
        var tab = tablets.filter(function (x) { return d.desk_checkout && x.id === d.desk_checkout.tablet_user_id; })[0];
        return (d.already_set ? t('coAlready') + ' ' : '') + (d.desk_checkout_opened ?
          t('coOpened', { tablet: tab ? tab.name : '#' + d.desk_checkout.tablet_user_id }) : t('coNot_' + d.not_opened_reason));
      }))),
    panel('desk-push', t('tablet'), tabSel ? [h('div', { class: 'field' }, h('label', { for: 'tablet', text: t('tablet') }), tabSel),
      h('div', { class: 'actions' },
        actionButton('desk-in', t('pushDesk'), 'POST', base + '/desk_checkin/send', function () { return { tablet_user_id: +tabSel.value, is_checking_out: false }; }, function () { return t('pushed'); }),
        actionButton('desk-out', t('pushCheckout'), 'POST', base + '/desk_checkin/send', function () { return { tablet_user_id: +tabSel.value, is_checking_out: true }; }, function () { return t('pushed'); }))]
      : h('p', { class: 'sub', text: t('noTablet') })),
    panel('keys', t('keyPins'), [h('div', { class: 'actions' },
      actionButton('pin-pickup', t('pickupPin'), 'POST', '/v1/employees/pickup', { appointment_id: id }, pinText),
      actionButton('pin-assist', t('assistPin'), 'POST', '/v1/employees/assist_pickup', { appointment_id: id }, pinText)),
    lockerBox]),
    panel('ticket', t('ticket'), [ticketList, ticketForm(c, base)])];
  }

  // The ticket form: the connectors and the car's products (name, price and
  // prerequisites) asked once per appointment; the receptionist's choices
  // live on current, so a redraw keeps them.
  function ticketForm(c, base) {
    var a = c.ap, f = c.rd, cat = c.rdCat;
    if (!cat) {
      cat = c.rdCat = { loading: true };
      Promise.all([call('GET', '/v1/remote_diagnose/connectors?limit=200'),
        // Without a VIN there is no product to list (and nothing to ask).
        a.vin ? call('GET', '/v1/remote_diagnose/products?limit=200&vin=' + encodeURIComponent(a.vin)) : { kind: 'ok', data: {} }]).then(function (rs) {
        var ok = rs[0].kind === 'ok' && rs[1].kind === 'ok';
        var fresh = { failed: !ok, conns: ok ? rs[0].data.result || [] : [], prods: ok ? rs[1].data.products || [] : [],
          pre: ok ? rs[1].data.prerequisites || [] : [] };
        if (current && current.id === c.id) current.rdCat = fresh;
        if (current && current.id === c.id && screen === 'appointment') drawAppointment(true);
      });
    }
    if (cat.loading) return h('p', { class: 'sub', 'aria-live': 'polite', text: t('rdLoading') });
    if (cat.failed) return h('p', { class: 'errors', role: 'alert', text: t('rdUnavailable') });
    if (!cat.conns.length) return h('p', { class: 'sub', text: t('noConnectors') });
    if (!cat.prods.length) return h('p', { class: 'sub', text: t('noProducts') });
    if (!f.conn) f.conn = String(cat.conns[0].id);
    var conn = h('select', { id: 'rd-connector', onchange: function () { f.conn = conn.value; } }, cat.conns.map(function (k) {
      return h('option', { value: k.id, text: '#' + k.id + ' · ' + t(k.is_online ? 'connOnline' : 'connOffline'), selected: String(k.id) === f.conn });
    }));
    var pre = {};
    cat.pre.forEach(function (q) { pre[q.id] = q; });
    // The questions of the checked products, each once.
    var asked = function () {
      var seen = {}, out = [];
      cat.prods.forEach(function (p) {
        if (f.prods[p.id]) (p.prerequisite_ids || []).forEach(function (id) { if (pre[id] && !seen[id]) { seen[id] = true; out.push(pre[id]); } });
      });
      return out;
    };
    var questions = h('fieldset', { class: 'field', id: 'rd-questions' });
    var drawQuestions = function () {
      var qs = asked();
      questions.textContent = '';
      questions.hidden = !qs.length;
      if (!qs.length) return;
      add(questions, h('legend', { text: t('rdQuestions') }));
      qs.forEach(function (q) {
        var id = 'rd-q-' + q.id, label = q.question || q.name, el;
        var keep = function () { f.answers[q.id] = el.type === 'checkbox' ? (el.checked ? 'true' : 'false') : el.value; };
        if (q.type === 'boolean') {
          el = h('input', { id: id, type: 'checkbox', 'data-prerequisite': q.id, checked: f.answers[q.id] === 'true', onchange: function () { keep(); } });
          add(questions, h('div', { class: 'field' }, h('label', null, el, ' ', label)));
          return;
        }
        if (q.options && q.options.length) {
          el = h('select', { id: id, 'data-prerequisite': q.id, required: q.required, onchange: function () { keep(); } },
            [h('option', { value: '', text: t('choose') })].concat(q.options.map(function (o) { return h('option', { value: o, text: o, selected: f.answers[q.id] === o }); })));
        } else {
          el = h('input', { id: id, type: 'text', autocomplete: 'off', 'data-prerequisite': q.id, required: q.required, value: f.answers[q.id] || '', oninput: function () { keep(); } });
        }
        add(questions, h('div', { class: 'field' }, h('label', { for: id, text: label }), el));
      });
    };
    var products = h('fieldset', { class: 'field', id: 'rd-products' }, h('legend', { text: t('products') }), cat.prods.map(function (p) {
      var box = h('input', { type: 'checkbox', id: 'rd-p-' + p.id, 'data-product': p.id, checked: !!f.prods[p.id], onchange: function () {
        if (box.checked) f.prods[p.id] = true; else delete f.prods[p.id];
        drawQuestions();
      } });
      return h('div', null, h('label', null, box, ' ', p.name + ' · ' + money(p.net_price)));
    }));
    drawQuestions();
    var unatt = h('input', { id: 'rd-unattended', type: 'checkbox', checked: f.unattended, onchange: function () { f.unattended = unatt.checked; } });
    return [h('div', { class: 'field' }, h('label', { for: 'rd-connector', text: t('connector') }), conn), products, questions,
      h('div', { class: 'field' }, h('label', null, unatt, ' ', t('unattended'))),
      actionButton('rd-start', t('startTicket'), 'POST', base + '/remote_diagnose/tickets', function () {
        var ids = cat.prods.filter(function (p) { return f.prods[p.id]; }).map(function (p) { return p.id; });
        if (!ids.length || !f.conn) return null;
        return { connector_id: +f.conn, vin: a.vin || '', confirmed_unattended_service: !!f.unattended, product_ids: ids,
          prerequisites: asked().map(function (q) {
            return { definition_id: q.id, value: f.answers[q.id] || (q.type === 'boolean' ? 'false' : '') };
          }).filter(function (x) { return x.value !== ''; }) };
      })];
  }
  function money(m) {
    if (!m) return '';
    try { return new Intl.NumberFormat(lang, { style: 'currency', currency: m.currency || 'EUR' }).format(m.value); }
    catch (e) { return m.value + ' ' + (m.currency || ''); }
  }

  // The timeline: every record of the appointment in time order, in words.
  function timelinePanel(c) {
    var items = [], a = c.ap;
    // A receiver: its delivery, or when quiet hours send it (in the location's time).
    function sent(r, what) {
      var until = r.delivery_state === 'queued' && c.held[r.id];
      return { at: r.created_at, bad: r.status === 3, rid: r.id, held: !!until, text: (what ? what + ': ' : '') + t('ch' + r.communication_channel_id) + ' → ' + r.destination + ': ' +
        (until ? t('heldUntil', { at: stamp(until) }) : t('rs' + r.status) + (r.status === 3 && r.reason ? ' (' + r.reason + ')' : '')) };
    }
    c.events.forEach(function (e) {
      items.push({ at: e.created_at, text: t('ev' + e.type) });
      (e.receivers || []).forEach(function (r) { items.push(sent(r)); });
    });
    // Reminders and aftersales messages belong to no event.
    (c.reminders || []).forEach(function (r) { items.push(sent(r, t('rk_' + r.kind))); });
    c.lockers.forEach(function (k) {
      (k.events || []).forEach(function (e) { items.push({ at: e.created_at, text: t('kl' + e.type) }); });
    });
    [['key_dropped_at', 'keyDropped'], ['acses_key_dropped_at', 'keyDropped'], ['key_picked_up_at', 'keyPickedUp'], ['acses_key_picked_up_at', 'keyPickedUp'],
      ['key_dropped_back_at', 'keyDroppedBack'], ['acses_key_dropped_back_at', 'keyDroppedBack'], ['key_picked_up_back_at', 'keyPickedUpBack'],
      ['acses_key_picked_up_back_at', 'keyPickedUpBack']].forEach(function (k) { if (a[k[0]]) items.push({ at: a[k[0]], text: t(k[1]) }); });
    c.desks.forEach(function (d) {
      (d.events || []).forEach(function (e) {
        items.push({ at: e.created_at, text: t('deskEvent', { kind: t(d.is_checking_out ? 'deskOut' : 'deskIn', { id: d.id }), what: t('ds' + e.type) }) });
      });
    });
    c.tickets.forEach(function (tk) {
      items.push({ at: tk.created_at, text: t('ticketStarted') + ' (' + tk.request_id + ')' });
      if (tk.finished_at) items.push({ at: tk.finished_at, text: t('ticketEnded', { status: tk.status }) });
    });
    items = items.filter(function (x) { return x.at; }).sort(function (x, y) { return Date.parse(y.at) - Date.parse(x.at); });
    return panel('timeline', t('timeline'), items.length ? h('ol', { class: 'timeline', id: 'timeline-list' }, items.map(function (x) {
      return h('li', { 'data-receiver': x.rid ? String(x.rid) : null, 'data-held': x.held ? '1' : null },
        h('time', { datetime: x.at, text: stamp(x.at) }), h('span', { class: x.bad ? 'bad' : null, text: x.text }));
    })) : h('p', { class: 'sub', text: t('nothingYet') }));
  }

  function rerender() {
    if (screen === 'signin') signIn('');
    else if (screen === 'locations') chooseLocation();
    else if (screen === 'day') drawDay(true);
    else if (screen === 'appointment' && current) drawAppointment(true);
    else footer();
    liveStatus();
  }

  // ---- start -----------------------------------------------------------------
  setLang(st.lang || pickLang((navigator.languages || [])[0] || navigator.language) || 'en-GB');
  if (st.token && st.expires && Date.parse(st.expires) < Date.now()) st.token = '';
  if (st.token) start(); else signIn('');
})();

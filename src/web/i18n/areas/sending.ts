/** The desk's interface text for the sending pages, in English and in Spanish (typed as the English, so a missing key fails the build). */

import { formatNumber } from '../../format.js';
import type { Locale } from '../locale.js';

/** "1 journalist", "1,214 journalists" (the number as each language writes it). */
const counted = (locale: Locale) => (n: number, one: string, many: string) => `${formatNumber(locale, n)} ${n === 1 ? one : many}`;

/** What the final button does, in words: who gets it, and when. */
export interface SendAction {
  journalists: number;
  accounts: number;
  /** A time phrase (`SendTime`), or null for now. */
  when: string | null;
}

export interface SendTime {
  time: string;
  date: string;
  place: string;
}

const plural = counted('en');

export const en = {
  title: 'Send a release',
  back: 'Back to the release',
  draftTitle: 'Finalize the release first',
  draftDetail: 'This release is a draft. A release is frozen when it is finalized, and only then can it be sent.',
  draftLink: 'Go to the release to finalize it',
  embargo: 'Embargo',
  noEmbargo: 'None: it is public as soon as it is sent',
  embargoWords: (local: string, zone: string) => `Under embargo until ${local} (${zone})`,
  lists: 'Media lists to email',
  listsHint: 'Someone on two lists gets one email.',
  members: (n: number) => plural(n, 'journalist', 'journalists'),
  earlyAccess: 'early access: gets the embargoed copy',
  noLists: 'There are no media lists yet.',
  accounts: 'Social accounts to post from',
  accountsHint: 'Posts wait for the embargo to lift.',
  noAccounts: 'There are no social accounts yet.',
  when: 'When to send',
  now: 'Now',
  later: 'At a time',
  at: 'Date and time',
  atHint: 'For “At a time”: the time in the zone below.',
  zone: 'Time zone',
  check: 'Check before sending',
  viewerNote: 'Your role can check a send but not make one. Ask someone with the sender role to send it.',
  nothing: 'Choose at least one media list or social account',
  atMissing: 'Enter the date and time to send',
  zoneUnknown: 'Choose a time zone from the list',
  past: 'That time has passed: choose a later one, or send now',
  sendTime: (s: SendTime) => `at ${s.time} on ${s.date}, ${s.place} time`,
  /** "send to 214 journalists at 9:00 on Mar 10, 2031, Los Angeles time". */
  sendAction: (a: SendAction) => {
    const whom = [a.journalists ? `send to ${plural(a.journalists, 'journalist', 'journalists')}` : '', a.accounts ? `post from ${plural(a.accounts, 'social account', 'social accounts')}` : '']
      .filter(Boolean)
      .join(' and ');
    return `${whom} ${a.when ?? 'now'}`;
  },
  sendButton: (action: string, approval: boolean) => (approval ? `Request approval to ${action}` : action.charAt(0).toUpperCase() + action.slice(1)),
  panel: {
    title: 'Before you send',
    approverTitle: 'What this send would do',
    empty: 'Choose lists or social accounts, then check before sending.',
    problems: 'This cannot be sent yet',
    warnings: 'Check these first',
    emailed: 'Emailed',
    byLanguage: 'By language',
    skipped: 'Not emailed',
    nobodySkipped: 'Nobody',
    suppressed: {
      unsubscribed: (n: number) => `${plural(n, 'address', 'addresses')} unsubscribed`,
      bounced: (n: number) => `${plural(n, 'address', 'addresses')} bounced before`,
      complained: (n: number) => `${plural(n, 'address', 'addresses')} marked our mail as spam`,
      manual: (n: number) => `${plural(n, 'address', 'addresses')} suppressed by hand`,
    },
    noAddress: (n: number) => `${plural(n, 'contact', 'contacts')} without an email address (will fail)`,
    duplicate: (n: number) => `${plural(n, 'journalist', 'journalists')} on more than one list (emailed once)`,
    invalid: (n: number) => `${plural(n, 'address', 'addresses')} not valid (will fail)`,
    timing: 'Who gets it when',
    allAtStart: 'Everyone at the start',
    split: (early: number, atLift: number, lift: string) =>
      `${early ? `${plural(early, 'journalist', 'journalists')} with early access get the embargoed copy at the start; ` : ''}${plural(atLift, 'journalist gets', 'journalists get')} the public copy when the embargo lifts (${lift}). Social posts wait for the lift too.`,
    size: 'Email size',
    sizeOf: (variant: string, language: string, kb: string) => `${variant} copy in ${language}: ${kb} KB of HTML`,
    overGmail: 'over Gmail’s 102 KB: Gmail will cut it short',
    variants: { public: 'Public', embargoed: 'Embargoed', update: 'Update' } as Record<'public' | 'embargoed' | 'update', string>,
    social: 'Social posts',
    posts: (network: string, name: string, posts: number, longest: number, limit: number, unit: string) =>
      `${network} (${name}): ${posts === 1 ? 'one post' : `a thread of ${posts}`}, ${longest} of ${limit} ${unit}`,
    refused: (network: string, name: string) => `${network} (${name}) would refuse it`,
    approval: 'Your organisation asks a second person with the sender role to approve every send: pressing the button asks for approval.',
    issue: {
      draft: 'The release is a draft: finalize it first.',
      nothing_chosen: 'Choose at least one media list or social account.',
      nobody_to_email: 'Nobody on the chosen lists can be emailed.',
      html_over_gmail: 'An email is larger than Gmail’s 102 KB: Gmail shows only its start, with a link to the rest.',
      images_without_alt: (n: number) => `${plural(n, 'image', 'images')} in the email ${n === 1 ? 'has' : 'have'} no alt text: people who cannot see ${n === 1 ? 'it' : 'them'} hear nothing.`,
      invalid_addresses: (n: number) => `${plural(n, 'address is', 'addresses are')} not valid: ${n === 1 ? 'it' : 'they'} will fail. Fix ${n === 1 ? 'it' : 'them'} in the list.`,
      language_fallback: (n: number, language: string) => `${plural(n, 'journalist gets', 'journalists get')} the version in ${language}: there is none in their language.`,
      before_embargo_lift: 'It starts before the embargo lifts: see who gets it when.',
      insecure_links: (n: number) => `${plural(n, 'link uses', 'links use')} plain http: change ${n === 1 ? 'it' : 'them'} to https.`,
      unparseable_links: (n: number) => `${plural(n, 'link is', 'links are')} not a full web address (https://…): mail clients cannot open ${n === 1 ? 'it' : 'them'}.`,
      no_address: (n: number) => `${plural(n, 'contact has', 'contacts have')} no email address: add one in the list.`,
      no_dkim_key: (domain: string) => `No DKIM key signs mail from ${domain}: many inboxes treat unsigned mail as spam. Run "presswire dkim generate --selector <name>" and publish the DNS record it prints.`,
      dkim_other_domain: (keyDomain: string, domain: string) => `The DKIM key signs for ${keyDomain}, but mail is sent from ${domain}: generate a key for ${domain} ("presswire dkim generate --selector <name> --domain ${domain}").`,
    },
  },
  approval: {
    title: 'Approve a send',
    release: 'Release',
    askedBy: 'Asked by',
    status: 'Status',
    when: 'When',
    whenNow: 'As soon as it is approved',
    statuses: {
      awaiting_approval: 'Waiting for approval',
      scheduled: 'Scheduled',
      planning: 'Starting',
      sending: 'Sending',
      paused: 'Paused',
      completed: 'Sent',
      completed_with_failures: 'Sent, with failures',
      cancelled: 'Cancelled',
    } as Record<'awaiting_approval' | 'scheduled' | 'planning' | 'sending' | 'paused' | 'completed' | 'completed_with_failures' | 'cancelled', string>,
    approve: (action: string) => `Approve and ${action}`,
    declineTitle: 'Or decline it',
    note: 'Why you decline it',
    noteHint: 'The person who asked reads this.',
    noteMissing: 'Say why you decline it: the person who asked reads this',
    decline: 'Decline this send',
    ownRequest: 'You asked for this send: a second person with the sender role must approve it.',
    cannotApprove: 'Your role cannot approve sends. Someone with the sender role can.',
    approvedBy: (who: string, when: string) => `Approved by ${who} on ${when}.`,
    declinedBy: (who: string, when: string) => `Declined by ${who} on ${when}.`,
    seeSend: 'See the send',
  },
  approvals: {
    title: 'Approvals',
    waiting: 'Waiting for approval',
    empty: 'Nothing is waiting for approval.',
    caption: 'Sends waiting for a second person to approve them',
    release: 'Release',
    when: 'When',
    lists: 'Lists',
    open: 'Check and decide',
  },
};

const pluralEs = counted('es');

export const es: typeof en = {
  title: 'Enviar un comunicado',
  back: 'Volver al comunicado',
  draftTitle: 'Primero finalice el comunicado',
  draftDetail: 'Este comunicado es un borrador. Un comunicado queda fijado al finalizarlo, y solo entonces puede enviarse.',
  draftLink: 'Ir al comunicado para finalizarlo',
  embargo: 'Embargo',
  noEmbargo: 'Ninguno: es público en cuanto se envía',
  embargoWords: (local: string, zone: string) => `Bajo embargo hasta ${local} (${zone})`,
  lists: 'Listas de medios a las que enviar',
  listsHint: 'Quien esté en dos listas recibe un solo correo.',
  members: (n: number) => pluralEs(n, 'periodista', 'periodistas'),
  earlyAccess: 'acceso anticipado: recibe la copia embargada',
  noLists: 'Todavía no hay listas de medios.',
  accounts: 'Cuentas sociales desde las que publicar',
  accountsHint: 'Las publicaciones esperan a que se levante el embargo.',
  noAccounts: 'Todavía no hay cuentas sociales.',
  when: 'Cuándo enviar',
  now: 'Ahora',
  later: 'A una hora',
  at: 'Fecha y hora',
  atHint: 'Para «A una hora»: la hora en la zona de abajo.',
  zone: 'Zona horaria',
  check: 'Revisar antes de enviar',
  viewerNote: 'Su rol puede revisar un envío pero no hacerlo. Pida a alguien con el rol de remitente que lo envíe.',
  nothing: 'Elija al menos una lista de medios o una cuenta social',
  atMissing: 'Indique la fecha y la hora del envío',
  zoneUnknown: 'Elija una zona horaria de la lista',
  past: 'Esa hora ya pasó: elija una posterior o envíe ahora',
  sendTime: (s: SendTime) => `a las ${s.time} del ${s.date}, hora de ${s.place}`,
  sendAction: (a: SendAction) => {
    const whom = [a.journalists ? `enviar a ${pluralEs(a.journalists, 'periodista', 'periodistas')}` : '', a.accounts ? `publicar desde ${pluralEs(a.accounts, 'cuenta social', 'cuentas sociales')}` : '']
      .filter(Boolean)
      .join(' y ');
    return `${whom} ${a.when ?? 'ahora'}`;
  },
  sendButton: (action: string, approval: boolean) => (approval ? `Pedir aprobación para ${action}` : action.charAt(0).toUpperCase() + action.slice(1)),
  panel: {
    title: 'Antes de enviar',
    approverTitle: 'Qué haría este envío',
    empty: 'Elija listas o cuentas sociales y revise antes de enviar.',
    problems: 'Todavía no se puede enviar',
    warnings: 'Revise esto primero',
    emailed: 'Reciben el correo',
    byLanguage: 'Por idioma',
    skipped: 'No reciben el correo',
    nobodySkipped: 'Nadie',
    suppressed: {
      unsubscribed: (n: number) => pluralEs(n, 'dirección dada de baja', 'direcciones dadas de baja'),
      bounced: (n: number) => `${pluralEs(n, 'dirección', 'direcciones')} que ya ${n === 1 ? 'rebotó' : 'rebotaron'}`,
      complained: (n: number) => `${pluralEs(n, 'dirección', 'direcciones')} que ${n === 1 ? 'marcó' : 'marcaron'} nuestro correo como spam`,
      manual: (n: number) => `${pluralEs(n, 'dirección suprimida', 'direcciones suprimidas')} a mano`,
    },
    noAddress: (n: number) => `${pluralEs(n, 'contacto', 'contactos')} sin dirección de correo (fallará${n === 1 ? '' : 'n'})`,
    duplicate: (n: number) => `${pluralEs(n, 'periodista', 'periodistas')} en más de una lista (un solo correo)`,
    invalid: (n: number) => `${pluralEs(n, 'dirección no válida', 'direcciones no válidas')} (fallará${n === 1 ? '' : 'n'})`,
    timing: 'Quién lo recibe y cuándo',
    allAtStart: 'Todos al empezar',
    split: (early: number, atLift: number, lift: string) =>
      `${early ? `${pluralEs(early, 'periodista', 'periodistas')} con acceso anticipado ${early === 1 ? 'recibe' : 'reciben'} la copia embargada al empezar; ` : ''}${pluralEs(atLift, 'periodista recibe', 'periodistas reciben')} la copia pública cuando se levanta el embargo (${lift}). Las publicaciones sociales también esperan.`,
    size: 'Tamaño del correo',
    sizeOf: (variant: string, language: string, kb: string) => `copia ${variant.toLowerCase()} en ${language}: ${kb} KB de HTML`,
    overGmail: 'supera los 102 KB de Gmail: Gmail lo recortará',
    variants: { public: 'Pública', embargoed: 'Embargada', update: 'Actualización' },
    social: 'Publicaciones sociales',
    posts: (network: string, name: string, posts: number, longest: number, limit: number, unit: string) =>
      `${network} (${name}): ${posts === 1 ? 'una publicación' : `un hilo de ${posts}`}, ${longest} de ${limit} ${unit}`,
    refused: (network: string, name: string) => `${network} (${name}) lo rechazaría`,
    approval: 'Su organización pide que una segunda persona con el rol de remitente apruebe cada envío: el botón pide la aprobación.',
    issue: {
      draft: 'El comunicado es un borrador: finalícelo primero.',
      nothing_chosen: 'Elija al menos una lista de medios o una cuenta social.',
      nobody_to_email: 'No se puede enviar el correo a nadie de las listas elegidas.',
      html_over_gmail: 'Un correo supera los 102 KB de Gmail: Gmail muestra solo el principio, con un enlace al resto.',
      images_without_alt: (n: number) => `${pluralEs(n, 'imagen', 'imágenes')} del correo no ${n === 1 ? 'tiene' : 'tienen'} texto alternativo: quien no puede ver${n === 1 ? 'la' : 'las'} no oye nada.`,
      invalid_addresses: (n: number) => `${pluralEs(n, 'dirección no es válida', 'direcciones no son válidas')}: fallará${n === 1 ? '' : 'n'}. Corríja${n === 1 ? 'la' : 'las'} en la lista.`,
      language_fallback: (n: number, language: string) => `${pluralEs(n, 'periodista recibe', 'periodistas reciben')} la versión en ${language}: no hay ninguna en su idioma.`,
      before_embargo_lift: 'Empieza antes de que se levante el embargo: vea quién lo recibe y cuándo.',
      insecure_links: (n: number) => `${pluralEs(n, 'enlace usa', 'enlaces usan')} http sin cifrar: cámbie${n === 1 ? 'lo' : 'los'} a https.`,
      unparseable_links: (n: number) => `${pluralEs(n, 'enlace no es una dirección web completa', 'enlaces no son direcciones web completas')} (https://…): los clientes de correo no pueden abrir${n === 1 ? 'lo' : 'los'}.`,
      no_address: (n: number) => `${pluralEs(n, 'contacto no tiene', 'contactos no tienen')} dirección de correo: añádala en la lista.`,
      no_dkim_key: (domain: string) => `Ninguna clave DKIM firma el correo de ${domain}: muchos buzones tratan el correo sin firmar como spam. Ejecute "presswire dkim generate --selector <nombre>" y publique el registro DNS que muestra.`,
      dkim_other_domain: (keyDomain: string, domain: string) => `La clave DKIM firma para ${keyDomain}, pero el correo sale de ${domain}: genere una clave para ${domain} ("presswire dkim generate --selector <nombre> --domain ${domain}").`,
    },
  },
  approval: {
    title: 'Aprobar un envío',
    release: 'Comunicado',
    askedBy: 'Pedido por',
    status: 'Estado',
    when: 'Cuándo',
    whenNow: 'En cuanto se apruebe',
    statuses: {
      awaiting_approval: 'Esperando aprobación',
      scheduled: 'Programado',
      planning: 'Empezando',
      sending: 'Enviando',
      paused: 'En pausa',
      completed: 'Enviado',
      completed_with_failures: 'Enviado, con fallos',
      cancelled: 'Cancelado',
    },
    approve: (action: string) => `Aprobar y ${action}`,
    declineTitle: 'O rechácelo',
    note: 'Por qué lo rechaza',
    noteHint: 'Lo lee la persona que lo pidió.',
    noteMissing: 'Diga por qué lo rechaza: lo lee la persona que lo pidió',
    decline: 'Rechazar este envío',
    ownRequest: 'Usted pidió este envío: debe aprobarlo una segunda persona con el rol de remitente.',
    cannotApprove: 'Su rol no puede aprobar envíos. Puede hacerlo alguien con el rol de remitente.',
    approvedBy: (who: string, when: string) => `Aprobado por ${who} el ${when}.`,
    declinedBy: (who: string, when: string) => `Rechazado por ${who} el ${when}.`,
    seeSend: 'Ver el envío',
  },
  approvals: {
    title: 'Aprobaciones',
    waiting: 'Esperando aprobación',
    empty: 'No hay nada esperando aprobación.',
    caption: 'Envíos que esperan que una segunda persona los apruebe',
    release: 'Comunicado',
    when: 'Cuándo',
    lists: 'Listas',
    open: 'Revisar y decidir',
  },
};

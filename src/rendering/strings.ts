/**
 * Every fixed word Presswire writes around a release, in each template language.
 * Values are plain text: whoever puts them into HTML escapes them.
 */
import type { TemplateLanguage } from '../i18n/languages.js';
import { releaseKindLabels, type ReleaseKind } from '../releases/release.js';

export interface Strings {
  /** "EMBARGOED UNTIL Tuesday, March 10, 2026, 12:01 AM PDT" — banner and subject prefix. */
  embargoedUntil: (time: string) => string;
  embargoNotice: string;
  forImmediateRelease: string;
  kindLabels: Record<ReleaseKind, string>;
  mediaContacts: (count: number) => string;
  notesToEditors: string;
  links: string;
  openQuote: string;
  closeQuote: string;
  sentTo: string;
  reference: string;
  receivingBecause: (organization: string) => string;
  unsubscribe: string;
  readOnline: string;
  /** Subject prefix of a correction, and the public page's dated note. */
  correction: string;
  correctedOn: (date: string, note: string) => string;
  embargoUpdate: {
    moved: string;
    lifted: string;
    /** Times as formatEmbargoTime writes them, zone and UTC. */
    movedMessage: (headline: string, from: string, to: string) => string;
    liftedMessage: (headline: string, from: string) => string;
  };
  releasePage: {
    /** Follows the "EMBARGOED UNTIL …" line on the page's banner. */
    notBeforeThen: string;
    yourReference: string;
  };
  unsubscribePage: {
    title: string;
    confirm: (organization: string, email: string) => string;
    button: string;
    done: (organization: string, email: string) => string;
    invalidLink: string;
  };
}

const en: Strings = {
  embargoedUntil: (time) => `EMBARGOED UNTIL ${time}`,
  embargoNotice: 'Not for publication or broadcast before this time.',
  forImmediateRelease: 'FOR IMMEDIATE RELEASE',
  kindLabels: releaseKindLabels,
  mediaContacts: (count) => (count === 1 ? 'Media contact' : 'Media contacts'),
  notesToEditors: 'Notes to editors',
  links: 'Related links',
  openQuote: '“',
  closeQuote: '”',
  sentTo: 'Sent to',
  reference: 'Reference',
  receivingBecause: (organization) => `You are receiving this because you are on the media list of ${organization}.`,
  unsubscribe: 'Unsubscribe',
  readOnline: 'Read online',
  correction: 'CORRECTION',
  correctedOn: (date, note) => `Corrected on ${date}: ${note}`,
  embargoUpdate: {
    moved: 'Embargo update',
    lifted: 'Embargo lifted',
    movedMessage: (headline, from, to) =>
      `The embargo on “${headline}” has moved from ${from} to ${to}. Nothing else in the release has changed; please hold it until the new time.`,
    liftedMessage: (headline, from) => `The embargo on “${headline}”, set for ${from}, has been lifted: you may publish now.`,
  },
  releasePage: {
    notBeforeThen: 'not for publication before then',
    yourReference: 'Your reference',
  },
  unsubscribePage: {
    title: 'Unsubscribe',
    confirm: (organization, email) => `Stop sending press releases from ${organization} to ${email}?`,
    button: 'Unsubscribe',
    done: (organization, email) => `Done: ${email} will receive no more press releases from ${organization}.`,
    invalidLink: 'This unsubscribe link is not valid. Reply to any of our messages and we will remove you by hand.',
  },
};

const es: Strings = {
  embargoedUntil: (time) => `EMBARGO HASTA ${time}`,
  embargoNotice: 'No publicar ni difundir antes de esa hora.',
  forImmediateRelease: 'PARA PUBLICACIÓN INMEDIATA',
  kindLabels: { press_release: 'Comunicado de prensa', statement: 'Declaración', media_advisory: 'Aviso a los medios' },
  mediaContacts: (count) => (count === 1 ? 'Contacto de prensa' : 'Contactos de prensa'),
  notesToEditors: 'Notas para los editores',
  links: 'Enlaces relacionados',
  openQuote: '«',
  closeQuote: '»',
  sentTo: 'Enviado a',
  reference: 'Referencia',
  receivingBecause: (organization) => `Recibe este mensaje porque figura en la lista de medios de ${organization}.`,
  unsubscribe: 'Darse de baja',
  readOnline: 'Ver en línea',
  correction: 'CORRECCIÓN',
  correctedOn: (date, note) => `Corregido el ${date}: ${note}`,
  embargoUpdate: {
    moved: 'Actualización del embargo',
    lifted: 'Embargo levantado',
    movedMessage: (headline, from, to) =>
      `El embargo de «${headline}» se ha trasladado del ${from} al ${to}. El comunicado no cambia en nada más; no lo publique antes de la nueva hora.`,
    liftedMessage: (headline, from) => `Se ha levantado el embargo de «${headline}», previsto para el ${from}: ya puede publicarlo.`,
  },
  releasePage: {
    notBeforeThen: 'no publicar antes de esa hora',
    yourReference: 'Su referencia',
  },
  unsubscribePage: {
    title: 'Darse de baja',
    confirm: (organization, email) => `¿Dejar de enviar comunicados de ${organization} a ${email}?`,
    button: 'Darse de baja',
    done: (organization, email) => `Listo: ${email} no recibirá más comunicados de ${organization}.`,
    invalidLink: 'Este enlace para darse de baja no es válido. Responda a cualquiera de nuestros mensajes y le daremos de baja a mano.',
  },
};

const catalog: Record<TemplateLanguage, Strings> = { en, es };

export const stringsFor = (language: TemplateLanguage): Strings => catalog[language];

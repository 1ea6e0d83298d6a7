/** Telling a person's name ("Rosa Delgado", "Dr. Ana María de la Cruz") from a job title or an organisation. */

const roleWords =
  /\b(?:director|directora|president|presidenta|presidente|ceo|cfo|coo|cto|chief|officer|manager|attorney|lawyer|counsel|chair(?:man|woman|person)?|founder|fundador|fundadora|executive|ejecutiva|ejecutivo|senator|senadora?|representative|congress\w*|mayor|alcalde|alcaldesa|governor|gobernador|gobernadora|secretary|secretaria|secretario|coordinator|coordinadora?|organizer|organizadora?|advocate|spokes(?:person|man|woman)|vocer[oa]|portavoz|head|lead|professor|profesora?|dean|member|partner|vice|associate|assistant|specialist|analyst|editor|communications|comunicaciones|media|press|prensa|relations|publicist|consultant|strategist|adviser|advisor|aide|deputy|liaison|supervisor|administrator|producer|agent|asesora?|jef[ea]|gerente|responsable|encargad[oa])\b/iu;

const organizationWords =
  /\b(?:aid|legal|law|center|centre|foundation|fund|institute|association|coalition|alliance|network|council|project|society|group|inc|llc|ltd|corp|company|university|college|school|church|union|committee|league|services|defenders|organization|organisation|agency|bureau|campaign|city|county|state|national|department|office|team|health|hospital|clinic|board|community|library|museum|trust|collective|initiative|federation|bank|news|report)\b/iu;

const honorific = String.raw`(?:(?:Dr|Mr|Mrs|Ms|Mx|Rev|Prof|Sen|Rep|Gov|Hon|Sr|Sra|Dra)\.?\s+)?`;
const namePart = String.raw`\p{Lu}[\p{L}'’\-]*\.?`;
const particle = String.raw`(?:(?:de la|de los|de|del|la|las|los|da|do|dos|das|van|von|der|den|ter|bin|ibn|al|el|y|e)\s+)?`;
const personName = new RegExp(String.raw`^${honorific}${namePart}(?:\s+${particle}${namePart}){1,3}$`, 'u');

/** Two to four capitalised words (with particles such as "de la"), and no title or organisation words. */
export function looksLikePersonName(text: string): boolean {
  const t = text.trim();
  return personName.test(t) && !roleWords.test(t) && !organizationWords.test(t) && !/[@\d:]/.test(t);
}

/** "Press Secretary", "directora de comunicaciones": words of a job title. */
export const looksLikeRole = (text: string): boolean => roleWords.test(text);

/** "Executive Director Alicia Moreno" → the title and the name that ends it. */
export function splitTitleBeforeName(text: string): { title: string; name: string } | undefined {
  const words = text.trim().split(/\s+/);
  for (let size = Math.min(4, words.length - 1); size >= 2; size--) {
    const name = words.slice(-size).join(' ');
    const title = words.slice(0, -size).join(' ');
    if (roleWords.test(title) && looksLikePersonName(name)) return { title, name };
  }
  return undefined;
}

/**
 * DMARC identifier alignment: strict wants the very From domain; relaxed accepts a parent or
 * subdomain of it (we do not carry the Public Suffix List, so "same organisational domain" is
 * approximated by one name lying under the other).
 */
export type AlignmentMode = 'strict' | 'relaxed';

export function aligned(domain: string, fromDomain: string, mode: AlignmentMode): boolean {
  const [a, b] = [domain.toLowerCase(), fromDomain.toLowerCase()];
  if (a === b) return true;
  const under = (sub: string, parent: string) => parent.includes('.') && sub.endsWith(`.${parent}`);
  return mode === 'relaxed' && (under(a, b) || under(b, a));
}

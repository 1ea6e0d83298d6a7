/**
 * The media contact journalists answer: the release's first contact with a usable address.
 * Read from stored content, which was validated when the release was finalized.
 */
import { checkAddress } from '../contacts/address.js';

export function mediaContactOf(content: string): { name?: string; address: string } | undefined {
  const contacts = (JSON.parse(content) as { contacts?: { name?: string; email?: string }[] }).contacts ?? [];
  for (const contact of contacts) {
    const check = contact.email ? checkAddress(contact.email) : undefined;
    if (check?.ok) return { name: contact.name, address: check.address };
  }
  return undefined;
}

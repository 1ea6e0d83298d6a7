/**
 * The addresses our inbound endpoint answers to: a per-delivery VERP envelope sender,
 * `bounces+<token>@<domain>`, and a per-delivery reply address, `replies+<token>@<domain>`.
 * The token names the delivery (never the recipient's address) and is signed, so a report
 * can only act on the delivery whose message it answers.
 */
import type { TokenSigner } from './tokens.js';

export type InboundPurpose = 'bounce' | 'reply';

const localPrefix: Record<InboundPurpose, string> = { bounce: 'bounces', reply: 'replies' };

export const bounceAddress = (tokens: TokenSigner, deliveryId: string, domain: string): string => `${localPrefix.bounce}+${tokens.sign('bounce', deliveryId)}@${domain}`;

export const replyAddress = (tokens: TokenSigner, deliveryId: string, domain: string): string => `${localPrefix.reply}+${tokens.sign('reply', deliveryId)}@${domain}`;

export interface InboundAddress {
  purpose: InboundPurpose;
  /** The token as written in the address; verify it before trusting it. */
  token: string;
}

const shape = /^(bounces|replies)\+([^@\s]{1,64})@[^@\s]+$/i;

/** What an address on our endpoint is for, from its local part; undefined for any other address. */
export function inboundAddressOf(address: string): InboundAddress | undefined {
  const match = shape.exec(address.trim());
  if (!match) return undefined;
  return { purpose: match[1]!.toLowerCase() === 'bounces' ? 'bounce' : 'reply', token: match[2]! };
}

/** The delivery an address names, when its token is genuine. */
export function deliveryOfAddress(tokens: TokenSigner, address: InboundAddress): string | undefined {
  return tokens.verify(address.purpose, address.token);
}

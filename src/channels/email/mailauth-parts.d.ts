/**
 * The pieces of mailauth 4.x that the DKIM signer reuses: its relaxed body and header
 * canonicalisers and the DKIM-Signature formatter. mailauth ships no types for them.
 */
declare module 'mailauth/lib/dkim/body/relaxed.js' {
  export class RelaxedHash {
    constructor(algorithm?: string, maxBodyLength?: number);
    update(chunk: Buffer | null, final?: boolean): void;
    digest(encoding: 'base64'): string;
  }
}

declare module 'mailauth/lib/dkim/header/relaxed.js' {
  import type { SigningHeaderLines } from 'mailauth/lib/tools.js';
  export function relaxedHeaders(
    type: 'DKIM',
    signingHeaderLines: SigningHeaderLines,
    options: { signingDomain: string; selector: string; algorithm: string; canonicalization: string; bodyHash: string; signTime?: Date },
  ): { canonicalizedHeader: Buffer; signatureHeaderLine: string; dkimHeaderOpts: Record<string, string | number> };
}

declare module 'mailauth/lib/tools.js' {
  export interface HeaderLine {
    key: string | null;
    casedKey: string | undefined;
    line: Buffer;
  }
  export interface SigningHeaderLines {
    keys: string;
    headers: HeaderLine[];
  }
  export function parseHeaders(headers: Buffer): { parsed: HeaderLine[]; original: Buffer };
  /** The fields of `fieldNames` (colon-separated) that the message has, in mailauth's signing order. */
  export function getSigningHeaderLines(parsed: HeaderLine[], fieldNames: string): SigningHeaderLines;
  export function formatSignatureHeaderLine(type: 'DKIM', values: Record<string, string | number>, folded: boolean): string;
}

/**
 * The signature of an SNS message, checked by sns-payload-validator, wrapped:
 *
 * - The certificate URL is judged by our own rule (sns-hosts.ts) and the certificate is
 *   fetched by us, through the guarded fetch (never a private address, no redirect), and
 *   kept only when the answer is a 200 holding a certificate. The validator would cache
 *   whatever answered — an error page included — and then refuse every message signed
 *   with that certificate. It verifies against what we put in its cache, under a key of
 *   its own URL pattern (the certificate URL is not part of what SNS signs).
 * - "Invalid Signature" with a cached certificate drops it and tries once more with a fresh
 *   copy (SNS rotates certificates); that path fetches at most once a minute per URL, so
 *   forged messages cannot make us fetch on every request.
 */
import { createHash, X509Certificate } from 'node:crypto';
import SnsPayloadValidator from 'sns-payload-validator';
import { snsFetch, snsUrl, type SnsHosts, type SnsUrl } from './sns-hosts.js';

const refetchIntervalMs = 60_000;
const maxCertificateBytes = 64 * 1024;

export type SnsMessage = SnsPayloadValidator.SnsPayload;

/** The validator's certificate cache: an LRU it keeps on the instance, not in its types. */
interface CertificateCache {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  delete(key: string): void;
}

export class SnsSignatures {
  private readonly validator = new SnsPayloadValidator({ useCache: true, maxCerts: 100 });
  private readonly cache = (this.validator as unknown as { certCache: CertificateCache }).certCache;
  private readonly refetchedAt = new Map<string, number>();
  private readonly fetch = snsFetch();

  constructor(
    private readonly hosts: SnsHosts,
    private readonly clock: { now(): number },
  ) {}

  /** Undefined when the message is signed by SNS; otherwise why not. */
  async refusal(message: SnsMessage): Promise<string | undefined> {
    const certificate = snsUrl(message.SigningCertURL, this.hosts, 'certificate');
    if ('refused' in certificate) return certificate.refused;
    const key = cacheKey(certificate.url.href);
    const fetchedNow = this.cache.get(key) === undefined;
    if (fetchedNow) {
      const fetched = await this.fetchCertificate(certificate);
      if (typeof fetched !== 'string') return fetched.refused;
      this.cache.set(key, fetched);
    }
    const first = await this.check(message, key);
    if (first !== 'Invalid Signature' || fetchedNow || !this.mayRefetch(certificate.url.href)) return first;
    this.cache.delete(key);
    const fresh = await this.fetchCertificate(certificate);
    if (typeof fresh !== 'string') return fresh.refused;
    this.cache.set(key, fresh);
    return this.check(message, key);
  }

  /** The validator's verdict: undefined, or its reason ("Invalid Signature", "Invalid SignatureVersion"…). */
  private async check(message: SnsMessage, key: string): Promise<string | undefined> {
    try {
      await this.validator.validate({ ...message, SigningCertURL: key });
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  }

  private mayRefetch(url: string): boolean {
    const now = this.clock.now();
    if (now - (this.refetchedAt.get(url) ?? -Infinity) < refetchIntervalMs) return false;
    this.refetchedAt.set(url, now);
    return true;
  }

  private async fetchCertificate(target: SnsUrl): Promise<string | { refused: string }> {
    const { url } = target;
    try {
      const response = await this.fetch(target);
      const body = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200) return { refused: `The signing certificate could not be fetched: ${url.host} answered ${response.status}` };
      if (body.length > maxCertificateBytes) return { refused: 'The signing certificate is too large' };
      const pem = body.toString('utf8');
      new X509Certificate(pem); // throws unless it is a certificate
      return pem;
    } catch (err) {
      return { refused: `The signing certificate could not be fetched or read: ${(err as Error).message}` };
    }
  }
}

/** A key the validator's URL pattern accepts, one per certificate URL. */
const cacheKey = (url: string): string => `https://sns.cache.amazonaws.com/SimpleNotificationService-${createHash('sha256').update(url).digest('hex').slice(0, 32)}.pem`;

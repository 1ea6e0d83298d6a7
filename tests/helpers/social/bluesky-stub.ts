/**
 * A Bluesky PDS as Presswire's client uses it, over XRPC (HTTP): log in with an app password,
 * refresh and read the session, create and read post records, list the account's recent
 * records, upload a blob. Records keep their facets and reply references for inspection.
 */
import { createHash } from 'node:crypto';
import { json, StubServer, type RecordedRequest, type Reply, type Route } from './stub-server.js';

export const bskyAccount = { did: 'did:plc:presswiretest000000000000', handle: 'presswire.bsky.social' };
export const bskyCredentials = { identifier: bskyAccount.handle, appPassword: 'abcd-efgh-ijkl-mnop' };

const POST = 'app.bsky.feed.post';

export interface StoredRecord {
  uri: string;
  cid: string;
  value: {
    text: string;
    facets?: { index: { byteStart: number; byteEnd: number }; features: { $type: string; uri?: string }[] }[];
    reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } };
    embed?: { images: { image: { ref: { $link: string } }; alt: string }[] };
  };
}

const xrpc = (nsid: string) => new RegExp(`^/xrpc/${nsid.replaceAll('.', '\\.')}$`);
const error = (status: number, name: string, message: string, headers?: Record<string, string>): Reply => ({ status, headers, body: { error: name, message } });

export class BlueskyStub extends StubServer {
  readonly records: StoredRecord[] = [];
  private readonly accessTokens = new Set<string>();
  private readonly refreshTokens = new Set<string>();
  private sessions = 0;

  protected readonly routes: Route[] = [
    { name: 'login', method: 'POST', path: xrpc('com.atproto.server.createSession'), open: true, handle: (r) => this.createSession(r.body as { identifier: string; password: string }) },
    { name: 'refresh', method: 'POST', path: xrpc('com.atproto.server.refreshSession'), open: true, handle: (r) => this.refreshSession(r) },
    { name: 'verify', method: 'GET', path: xrpc('com.atproto.server.getSession'), handle: () => json({ ...bskyAccount, active: true }) },
    { name: 'post', method: 'POST', path: xrpc('com.atproto.repo.createRecord'), handle: (r) => this.createRecord(r.body as { collection: string; record: StoredRecord['value'] }) },
    { name: 'record', method: 'GET', path: xrpc('com.atproto.repo.getRecord'), handle: (r) => this.getRecord(r.query.get('rkey') ?? '') },
    { name: 'recent', method: 'GET', path: xrpc('com.atproto.repo.listRecords'), handle: (r) => this.listRecords(Number(r.query.get('limit') ?? 50)) },
    { name: 'media', method: 'POST', path: xrpc('com.atproto.repo.uploadBlob'), handle: (r) => this.uploadBlob(r) },
  ];

  protected authorized(request: RecordedRequest): boolean {
    return this.accessTokens.has(bearer(request));
  }

  unauthorized(): Reply {
    return error(401, 'InvalidToken', 'Token has been revoked');
  }

  rateLimited(resetEpochSeconds: number): Reply {
    const headers = { 'ratelimit-limit': '5000', 'ratelimit-remaining': '0', 'ratelimit-reset': String(resetEpochSeconds), 'ratelimit-policy': '5000;w=3600' };
    return error(429, 'RateLimitExceeded', 'Rate Limit Exceeded', headers);
  }

  /** Sessions opened with createSession: a client should log in once. */
  get logins(): number {
    return this.sessions;
  }

  private createSession(body: { identifier: string; password: string }): Reply {
    if (this.revoked || body.identifier !== bskyCredentials.identifier || body.password !== bskyCredentials.appPassword) {
      return error(401, 'AuthenticationRequired', 'Invalid identifier or password');
    }
    this.sessions++;
    return json({ ...bskyAccount, ...this.issueTokens(), active: true });
  }

  private refreshSession(request: RecordedRequest): Reply {
    if (this.revoked || !this.refreshTokens.has(bearer(request))) return error(400, 'ExpiredToken', 'Token has been revoked');
    return json({ ...bskyAccount, ...this.issueTokens(), active: true });
  }

  private issueTokens(): { accessJwt: string; refreshJwt: string } {
    const n = this.accessTokens.size + 1;
    this.accessTokens.add(`access-${n}`);
    this.refreshTokens.add(`refresh-${n}`);
    return { accessJwt: `access-${n}`, refreshJwt: `refresh-${n}` };
  }

  private createRecord({ collection, record }: { collection: string; record: StoredRecord['value'] }): Reply {
    if (collection !== POST) return error(400, 'InvalidRequest', `unexpected collection ${collection}`);
    if ([...new Intl.Segmenter().segment(record.text)].length > 300) {
      return error(400, 'InvalidRequest', 'Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes');
    }
    const rkey = `3lpress${String(this.records.length + 1).padStart(6, '0')}`;
    const stored = { uri: `at://${bskyAccount.did}/${POST}/${rkey}`, cid: cidOf(JSON.stringify(record)), value: record };
    this.records.push(stored);
    const media = (record.embed?.images ?? []).map((i) => ({ ...this.media.get(i.image.ref.$link)!, alt: i.alt }));
    this.posts.push({ id: stored.uri, text: record.text, media, ...(record.reply && { replyTo: record.reply.parent.uri }) });
    return json({ uri: stored.uri, cid: stored.cid, validationStatus: 'valid' });
  }

  private getRecord(rkey: string): Reply {
    const found = this.records.find((r) => r.uri.endsWith(`/${rkey}`));
    return found ? json(found) : error(400, 'RecordNotFound', `Could not locate record: ${rkey}`);
  }

  private listRecords(limit: number): Reply {
    return json({ records: [...this.records].reverse().slice(0, limit) });
  }

  private uploadBlob(request: RecordedRequest): Reply {
    const data = request.body as Buffer;
    const cid = cidOf(data, 0x55);
    const mimeType = request.headers['content-type'] ?? 'application/octet-stream';
    this.media.set(cid, { id: cid, mimeType, size: data.length });
    return json({ blob: { $type: 'blob', ref: { $link: cid }, mimeType, size: data.length } });
  }
}

const bearer = (request: RecordedRequest) => (request.headers.authorization ?? '').replace(/^Bearer /, '');

/** A real CIDv1 (sha-256; dag-cbor 0x71 or raw 0x55), because the SDK validates CID strings. */
function cidOf(content: string | Buffer, codec = 0x71): string {
  const bytes = Buffer.concat([Buffer.from([0x01, codec, 0x12, 0x20]), createHash('sha256').update(content).digest()]);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0;
  let value = 0;
  let out = 'b';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    for (; bits >= 5; bits -= 5) out += alphabet[(value >>> (bits - 5)) & 31];
  }
  return bits > 0 ? out + alphabet[(value << (5 - bits)) & 31] : out;
}

/**
 * A Mastodon instance as Presswire's client uses it (HTTP): post a status (honouring
 * `Idempotency-Key` as Mastodon does: the same key returns the status already made), who am
 * I, an account's recent statuses (content as Mastodon's HTML, links split into spans), and
 * the v2 media upload.
 */
import { json, StubServer, type FormFile, type RecordedRequest, type Reply, type Route } from './stub-server.js';

export const mastodonInstance = 'https://social.example';
export const mastodonAccount = { id: '109000000000000001', username: 'presswire', acct: 'presswire', url: `${mastodonInstance}/@presswire` };
export const mastodonToken = 'mastodon-token';

interface StatusBody {
  status: string;
  in_reply_to_id?: string;
  visibility?: string;
  media_ids?: string[];
}

interface Status {
  id: string;
  url: string;
  uri: string;
  content: string;
  in_reply_to_id: string | null;
  visibility: string;
  media_attachments: { id: string; type: 'image'; description: string | null }[];
}

export class MastodonStub extends StubServer {
  private readonly statuses: Status[] = [];
  private readonly byKey = new Map<string, Status>();
  private nextId = 110_000_000_000_000_000n;

  protected readonly routes: Route[] = [
    { name: 'post', method: 'POST', path: /^\/api\/v1\/statuses$/, handle: (r) => this.createStatus(r) },
    { name: 'verify', method: 'GET', path: /^\/api\/v1\/accounts\/verify_credentials$/, handle: () => json(mastodonAccount) },
    { name: 'recent', method: 'GET', path: /^\/api\/v1\/accounts\/([^/]+)\/statuses$/, handle: (r) => json([...this.statuses].reverse().slice(0, Number(r.query.get('limit') ?? 20))) },
    { name: 'media', method: 'POST', path: /^\/api\/v2\/media$/, handle: (r) => this.upload(r.body as { file: FormFile; description?: string }) },
  ];

  protected authorized(request: RecordedRequest): boolean {
    return request.headers.authorization === `Bearer ${mastodonToken}`;
  }

  unauthorized(): Reply {
    return { status: 401, body: { error: 'The access token is invalid' } };
  }

  rateLimited(resetEpochSeconds: number): Reply {
    const headers = { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': new Date(resetEpochSeconds * 1000).toISOString() };
    return { status: 429, headers, body: { error: 'Too many requests' } };
  }

  private createStatus(request: RecordedRequest): Reply {
    const key = request.headers['idempotency-key'];
    const again = typeof key === 'string' ? this.byKey.get(key) : undefined;
    if (again) return json(again);
    const body = request.body as StatusBody;
    const id = String(this.nextId++);
    const media = (body.media_ids ?? []).map((m) => this.media.get(m)!);
    const status: Status = {
      id,
      url: `${mastodonAccount.url}/${id}`,
      uri: `${mastodonInstance}/users/presswire/statuses/${id}`,
      content: toHtml(body.status),
      in_reply_to_id: body.in_reply_to_id ?? null,
      visibility: body.visibility ?? 'public',
      media_attachments: media.map((m) => ({ id: m.id, type: 'image', description: m.alt ?? null })),
    };
    this.statuses.push(status);
    if (typeof key === 'string') this.byKey.set(key, status);
    this.posts.push({ id, text: body.status, media, ...(body.in_reply_to_id && { replyTo: body.in_reply_to_id }) });
    return json(status);
  }

  private upload(body: { file: FormFile; description?: string }): Reply {
    const id = String(this.nextId++);
    this.media.set(id, { id, mimeType: body.file.type, size: body.file.size, ...(body.description && { alt: body.description }) });
    return json({ id, type: 'image', url: `${mastodonInstance}/media/${id}.png`, description: body.description ?? null });
  }
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** As Mastodon renders a link: the scheme and the tail hidden, the middle shown with an ellipsis. */
function linkHtml(url: string): string {
  const [, scheme, rest] = /^(https?:\/\/)(.*)$/.exec(url)!;
  const shown = rest!.slice(0, 30);
  return `<a href="${escapeHtml(url)}" rel="nofollow noopener" target="_blank"><span class="invisible">${scheme}</span><span class="ellipsis">${escapeHtml(shown)}</span><span class="invisible">${escapeHtml(rest!.slice(30))}</span></a>`;
}

/** As Mastodon renders a status: blank lines make paragraphs, single newlines line breaks. */
const toHtml = (text: string): string =>
  text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.split(/(https?:\/\/[^\s<>"]+)/).map((part, i) => (i % 2 ? linkHtml(part) : escapeHtml(part).replace(/\n/g, '<br />'))).join('')}</p>`)
    .join('');

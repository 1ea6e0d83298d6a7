/**
 * The X API v2 as Presswire uses it, over HTTPS (twitter-api-v2 only speaks https) with the
 * test CA: create a tweet, who am I, a user's recent tweets, and the v2 media upload. Like X,
 * it refuses a tweet whose text repeats one already posted (403 duplicate content) and
 * returns links as t.co with the original in `entities.urls`.
 */
import twitterText from 'twitter-text';
import { json, StubServer, type FormFile, type RecordedRequest, type Reply, type Route, type StubPost } from './stub-server.js';

export const xUser = { id: '1500000000000000001', name: 'Presswire', username: 'presswire' };
export const xCredentials = { appKey: 'app-key', appSecret: 'app-secret', accessToken: '1500000000000000001-token', accessSecret: 'access-secret' };

interface TweetBody {
  text: string;
  reply?: { in_reply_to_tweet_id: string };
  media?: { media_ids: string[] };
}

const problem = (status: number, title: string, detail: string, headers?: Record<string, string>): Reply => ({
  status,
  headers,
  body: { title, detail, type: 'about:blank', status },
});

export class XStub extends StubServer {
  private nextId = 1_900_000_000_000_000_000n;

  protected readonly routes: Route[] = [
    { name: 'post', method: 'POST', path: /^\/2\/tweets$/, handle: (r) => this.tweet(r.body as TweetBody) },
    { name: 'verify', method: 'GET', path: /^\/2\/users\/me$/, handle: () => json({ data: xUser }) },
    { name: 'recent', method: 'GET', path: /^\/2\/users\/([^/]+)\/tweets$/, handle: (r) => this.timeline(r) },
    { name: 'media', method: 'POST', path: /^\/2\/media\/upload\/initialize$/, handle: (r) => this.initUpload(r.body as { media_type: string }) },
    { name: 'media.append', method: 'POST', path: /^\/2\/media\/upload\/([^/]+)\/append$/, handle: (r, [id]) => this.append(id!, r.body as { media: FormFile }) },
    { name: 'media.finalize', method: 'POST', path: /^\/2\/media\/upload\/([^/]+)\/finalize$/, handle: (_r, [id]) => this.mediaReply(id!) },
    { name: 'media.metadata', method: 'POST', path: /^\/2\/media\/metadata$/, handle: (r) => this.altText(r.body as { id: string; metadata: { alt_text: { text: string } } }) },
  ];

  protected authorized(request: RecordedRequest): boolean {
    const auth = request.headers.authorization ?? '';
    return auth.startsWith('OAuth ') && auth.includes(`oauth_token="${encodeURIComponent(xCredentials.accessToken)}"`);
  }

  unauthorized(): Reply {
    return problem(401, 'Unauthorized', 'Unauthorized');
  }

  rateLimited(resetEpochSeconds: number): Reply {
    return problem(429, 'Too Many Requests', 'Too Many Requests', { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(resetEpochSeconds) });
  }

  /** The user's 24-hour window is the one used up; the 15-minute one resets sooner. */
  dailyLimited(resetEpochSeconds: number, windowResetEpochSeconds: number): Reply {
    const reply = this.rateLimited(windowResetEpochSeconds);
    const day = { 'x-user-limit-24hour-limit': '17', 'x-user-limit-24hour-remaining': '0', 'x-user-limit-24hour-reset': String(resetEpochSeconds) };
    return { ...reply, headers: { ...reply.headers, 'x-rate-limit-remaining': '99', ...day } };
  }

  duplicate(): Reply {
    return problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');
  }

  private tweet(body: TweetBody): Reply {
    if (this.posts.some((p) => p.text === body.text)) return this.duplicate();
    const id = String(this.nextId++);
    const media = (body.media?.media_ids ?? []).map((m) => this.media.get(m)!);
    this.posts.push({ id, text: body.text, media, ...(body.reply && { replyTo: body.reply.in_reply_to_tweet_id }) });
    return json({ data: { id, text: shortened(this.posts.at(-1)!).text, edit_history_tweet_ids: [id] } }, 201);
  }

  private timeline(request: RecordedRequest): Reply {
    const max = Number(request.query.get('max_results') ?? 10);
    const withEntities = (request.query.get('tweet.fields') ?? '').split(',').includes('entities');
    const tweets = [...this.posts]
      .reverse()
      .slice(0, max)
      .map((p) => {
        const { text, urls } = shortened(p);
        return { id: p.id, text, edit_history_tweet_ids: [p.id], ...(withEntities && urls.length && { entities: { urls } }) };
      });
    if (!tweets.length) return json({ meta: { result_count: 0 } });
    return json({ data: tweets, meta: { result_count: tweets.length, newest_id: tweets[0]!.id, oldest_id: tweets.at(-1)!.id } });
  }

  private initUpload(body: { media_type: string }): Reply {
    const id = String(this.nextId++);
    this.media.set(id, { id, mimeType: body.media_type, size: 0 });
    return json({ data: { id, media_key: `3_${id}`, expires_after_secs: 86400 } });
  }

  private append(id: string, body: { media: FormFile }): Reply {
    this.media.get(id)!.size += body.media.size;
    return { status: 204 };
  }

  private mediaReply(id: string): Reply {
    return json({ data: { id, media_key: `3_${id}`, size: this.media.get(id)!.size, expires_after_secs: 86400 } });
  }

  private altText(body: { id: string; metadata: { alt_text: { text: string } } }): Reply {
    this.media.get(body.id)!.alt = body.metadata.alt_text.text;
    return json({ data: { id: body.id, associated_metadata: body.metadata } });
  }
}

/** The text as X returns it: links as t.co (the originals in `entities.urls`), and &, <, > escaped. */
function shortened(post: StubPost): { text: string; urls: { start: number; end: number; url: string; expanded_url: string; display_url: string }[] } {
  let text = post.text;
  const urls = twitterText.extractUrlsWithIndices(post.text).map((u, i) => {
    const short = `https://t.co/${post.id.slice(-6)}${i}`;
    const start = text.indexOf(u.url);
    text = text.replace(u.url, short);
    const expanded = /^https?:\/\//.test(u.url) ? u.url : `http://${u.url}`;
    return { start, end: start + short.length, url: short, expanded_url: expanded, display_url: u.url.replace(/^https?:\/\//, '') };
  });
  return { text: text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'), urls };
}

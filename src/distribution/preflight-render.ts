/**
 * The preflight's look at each email as a journalist receives it: rendered as preview
 * renders it, then measured against Gmail's clipping limit and read for images without alt
 * text and links a reader cannot follow safely (no scheme to parse, or plain http:).
 */
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Variant } from '../db/schema.js';
import { identityFor, type InstallIdentity } from '../organisations/identity.js';
import { previewRelease } from '../releases/preview.js';
import type { ReleaseGroup } from '../releases/releases.repo.js';

export interface RenderDeps {
  db: Db;
  config: InstallIdentity & Pick<Config, 'templatesDir' | 'publicUrl'>;
}

/** Gmail clips a message whose HTML is larger than this, hiding the rest behind a link. */
export const gmailClipBytes = 102 * 1024;

export interface RenderCheck {
  variant: Variant;
  language: string;
  /** Recipients who get this rendering. */
  recipients: number;
  htmlBytes: number;
  overGmail: boolean;
  /** The `src` of each image with no (or empty) alt text. */
  imagesWithoutAlt: string[];
  /** Links sent over plain http:. */
  insecureLinks: string[];
  /** Links that are not a URL a mail client can open (relative, malformed). */
  unparseableLinks: string[];
}

const imgTag = /<img\b[^>]*>/gi;
const anchorTag = /<a\b[^>]*>/gi;
const attribute = (name: string) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i');
const altAttribute = attribute('alt');
const srcAttribute = attribute('src');
const hrefAttribute = attribute('href');
const valueOf = (tag: string, pattern: RegExp): string | undefined => {
  const match = pattern.exec(tag);
  return match ? (match[1] ?? match[2] ?? '') : undefined;
};
const decodeEntities = (value: string): string =>
  value.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" })[name] ?? '');

/** Images a screen reader cannot describe: no alt attribute, or an empty one. */
export function imagesWithoutAlt(html: string): string[] {
  return (html.match(imgTag) ?? []).filter((tag) => !valueOf(tag, altAttribute)?.trim()).map((tag) => valueOf(tag, srcAttribute) ?? '');
}

/** The links of an email a reader could not follow safely; `own` (the installation's links) are left out. */
export function linkProblems(html: string, own: string): { insecure: string[]; unparseable: string[] } {
  const base = own.replace(/\/+$/, '');
  const isOwn = (href: string) => base !== '' && (href === base || href.startsWith(`${base}/`));
  const insecure = new Set<string>();
  const unparseable = new Set<string>();
  for (const tag of html.match(anchorTag) ?? []) {
    const raw = valueOf(tag, hrefAttribute);
    if (raw === undefined) continue;
    const href = decodeEntities(raw).trim();
    if (isOwn(href)) continue;
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      unparseable.add(href);
      continue;
    }
    if (url.protocol === 'http:') insecure.add(href);
  }
  return { insecure: [...insecure], unparseable: [...unparseable] };
}

/** Each rendering some recipient gets (by variant and language), checked. */
export async function renderChecks(deps: RenderDeps, orgId: string, group: ReleaseGroup, recipients: { variant: Variant; language: string }[]): Promise<RenderCheck[]> {
  const counts = new Map<string, { variant: Variant; language: string; recipients: number }>();
  for (const r of recipients) {
    const key = `${r.variant}/${r.language}`;
    const entry = counts.get(key) ?? { variant: r.variant, language: r.language, recipients: 0 };
    entry.recipients++;
    counts.set(key, entry);
  }
  if (counts.size === 0) return [];
  const identity = await identityFor(deps, orgId);
  const checks: RenderCheck[] = [];
  for (const c of [...counts.values()].sort((a, b) => `${a.variant}/${a.language}`.localeCompare(`${b.variant}/${b.language}`))) {
    const release = group.byLanguage.get(c.language) ?? group.primary;
    const preview = await previewRelease(deps, identity, release, c.variant === 'embargoed' ? 'embargoed' : 'public', group.primary.embargo);
    const links = linkProblems(preview.html, deps.config.publicUrl);
    checks.push({
      ...c,
      htmlBytes: preview.htmlBytes,
      overGmail: preview.htmlBytes > gmailClipBytes,
      imagesWithoutAlt: imagesWithoutAlt(preview.html),
      insecureLinks: links.insecure,
      unparseableLinks: links.unparseable,
    });
  }
  return checks;
}

/**
 * Which organisation's newsroom a request asks for, and where that newsroom lives: `/newsroom`
 * (the install's first organisation), `/newsroom/<slug>`, or `/` on a host of its own.
 */
import type { Db } from '../db/client.js';
import type { OrganisationRow } from '../db/schema.js';
import { templateLanguageFor, type TemplateLanguage } from '../i18n/languages.js';
import { identityOf, type InstallIdentity } from '../organisations/identity.js';
import { firstOrganisation } from '../organisations/organisations.service.js';
import type { ThemeOverrides } from '../rendering/theme.js';
import { firstReleasedLanguage } from './released.js';

export type NewsroomRef = { kind: 'first' } | { kind: 'slug'; slug: string } | { kind: 'host'; host: string };

export interface NewsroomSite {
  orgId: string;
  slug: string;
  name: string;
  postalAddress: string;
  theme: ThemeOverrides;
  /** The newsroom's own words: the language the organisation first released in, else English. */
  language: TemplateLanguage;
  /** The index's absolute address, without a trailing slash; feeds and the sitemap sit under it. */
  home: string;
  /** The index's path on the host it is served from ("" on a host of its own): pages link by path, so they work under any name of this server. */
  path: string;
}

async function organisationFor(db: Db, ref: NewsroomRef): Promise<OrganisationRow | undefined> {
  if (ref.kind === 'first') return firstOrganisation(db);
  const query = db.kysely.selectFrom('organisations').selectAll();
  return (ref.kind === 'slug' ? query.where('slug', '=', ref.slug) : query.where('newsroom_host', '=', ref.host)).executeTakeFirst();
}

/** The host a newsroom host's pages are addressed by: PUBLIC_URL's scheme, the organisation's host. */
const hostHome = (publicUrl: string, host: string) => `${new URL(publicUrl).protocol}//${host}`;

export async function findNewsroom(deps: { db: Db; config: InstallIdentity & { publicUrl: string } }, ref: NewsroomRef, now: number): Promise<NewsroomSite | undefined> {
  const org = await organisationFor(deps.db, ref);
  if (!org) return undefined;
  const identity = identityOf(org, deps.config);
  const publicUrl = deps.config.publicUrl;
  const path = ref.kind === 'host' ? '' : ref.kind === 'slug' ? `/newsroom/${org.slug}` : '/newsroom';
  const home = ref.kind === 'host' ? hostHome(publicUrl, ref.host) : `${publicUrl}${path}`;
  return {
    orgId: org.id,
    slug: org.slug,
    name: identity.organization.name,
    postalAddress: identity.organization.postalAddress,
    theme: identity.theme,
    language: templateLanguageFor(await firstReleasedLanguage(deps.db, org.id, now)),
    home,
    path,
  };
}

/** Whether some organisation serves its newsroom on this host (lower-case, without port). */
export async function isNewsroomHost(db: Db, host: string): Promise<boolean> {
  return (await db.kysely.selectFrom('organisations').select('id').where('newsroom_host', '=', host).executeTakeFirst()) !== undefined;
}

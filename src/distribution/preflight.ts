/**
 * The preflight: what a send would do, worked out before anyone presses the button — and
 * shown again to the person asked to approve it. Who gets the email comes from the very
 * query planning inserts deliveries from (`emailRecipientsSql`), so the counts here are
 * what planning then does; the email is rendered as preview renders it, and each social
 * account's posts are composed as planning composes them.
 *
 * Problems block the send (nothing to send, a draft, a post its network refuses); warnings
 * are for a person to weigh (an email Gmail will clip, images without alt text, journalists
 * without a version in their language, a time before the embargo lifts).
 */
import { sql } from 'kysely';
import { findAccount } from '../accounts/accounts.service.js';
import { authorize, type Actor } from '../auth/actor.js';
import { networkById } from '../channels/social/registry.js';
import { checkAddress } from '../contacts/address.js';
import { resolveLists } from '../contacts/contacts.service.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { SocialAccountsTable, Variant } from '../db/schema.js';
import { AppError } from '../errors.js';
import { emailRecipientsSql } from '../ledger/new-deliveries.js';
import { identityFor, type InstallIdentity } from '../organisations/identity.js';
import { getOrganisation } from '../organisations/organisations.service.js';
import { previewRelease } from '../releases/preview.js';
import { getReleaseGroup, type ReleaseGroup } from '../releases/releases.repo.js';
import { audienceOf } from './audience.js';
import { getDistribution } from './distributions.repo.js';
import { scheduledTime, type SendRequest } from './distributions.service.js';
import { postsFor, resolveSocialChannels, socialSourceOf } from './social-plan.js';

export interface PreflightDeps {
  db: Db;
  clock: { now(): number };
  config: InstallIdentity & Pick<Config, 'templatesDir' | 'publicUrl'>;
}

/** Gmail clips a message whose HTML is larger than this, hiding the rest behind a link. */
export const gmailClipBytes = 102 * 1024;

export type PreflightCode =
  | 'draft'
  | 'nothing_chosen'
  | 'nobody_to_email'
  | 'social_refused'
  | 'html_over_gmail'
  | 'images_without_alt'
  | 'invalid_addresses'
  | 'language_fallback'
  | 'before_embargo_lift';

export interface PreflightIssue {
  code: PreflightCode;
  message: string;
}

export interface RenderCheck {
  variant: Variant;
  language: string;
  /** Recipients who get this rendering. */
  recipients: number;
  htmlBytes: number;
  overGmail: boolean;
  /** The `src` of each image with no (or empty) alt text. */
  imagesWithoutAlt: string[];
}

export interface SocialCheck {
  accountId: string;
  network: string;
  networkName: string;
  name: string;
  /** Items posted: 1, or a thread; 0 when the network would refuse the text. */
  posts: number;
  /** The longest item, measured as the network measures it. */
  longest: number;
  limit: number;
  unit: string;
  /** Why the network would refuse it. */
  refused: string | null;
}

export interface Preflight {
  release: { id: string; headline: string; language: string; status: 'draft' | 'finalized'; embargo: { until: string; zone: string } | null };
  /** When it would start; null for now. */
  sendAt: string | null;
  approvalRequired: boolean;
  lists: { id: string; name: string; members: number }[];
  email: {
    wouldSend: number;
    skipped: { suppressed: number; duplicate: number; invalidAddress: number };
    /** Journalists whose language has no version of the release: they get the release's own. */
    languageFallback: number;
    byLanguage: Record<string, number>;
    /** Recipients who get the embargoed copy at the start (early access, or embargoes accepted). */
    embargoed: number;
    /** Recipients whose public copy waits for the embargo to lift (0 when it starts after the lift). */
    atLift: number;
  };
  renders: RenderCheck[];
  social: SocialCheck[];
  problems: PreflightIssue[];
  warnings: PreflightIssue[];
}

interface Choice {
  group: ReleaseGroup;
  lists: { id: string; name: string }[];
  accounts: SocialAccountsTable[];
  sendAt: number | null;
}

/** The preflight of a send request, as `createDistribution` would take it. */
export async function preflight(deps: PreflightDeps, actor: Actor, request: SendRequest): Promise<Preflight> {
  authorize(actor, 'read');
  const group = await getReleaseGroup(deps.db, actor.orgId, request.releaseId);
  if (group.primary.translationOf) {
    throw new AppError('INVALID_STATE', `Release ${group.primary.id} is a translation; check the release it translates (${group.primary.translationOf}).`);
  }
  const lists = request.lists.length ? await resolveLists(deps.db, actor.orgId, request.lists) : [];
  const accounts = await resolveSocialChannels(deps.db, actor.orgId, request.channels ?? []);
  const sendAt = request.at === undefined ? null : scheduledTime(request.at, deps.clock.now());
  return assess(deps, actor, { group, lists, accounts, sendAt });
}

/** The preflight of a distribution already asked for: what its approver sees. */
export async function preflightOf(deps: PreflightDeps, actor: Actor, id: string): Promise<Preflight> {
  authorize(actor, 'read');
  const distribution = await getDistribution(deps.db, actor.orgId, id);
  const audience = audienceOf(distribution);
  const group = await getReleaseGroup(deps.db, actor.orgId, distribution.release_id);
  const lists = audience.lists.length ? await deps.db.kysely.selectFrom('lists').select(['id', 'name']).where('id', 'in', audience.lists).orderBy('name').execute() : [];
  const accounts = await Promise.all(audience.accounts.map((a) => findAccount(deps.db, actor.orgId, a)));
  return assess(deps, actor, { group, lists, accounts, sendAt: distribution.send_at });
}

interface Recipient {
  email: string;
  preferred_language: string | null;
  language: string;
  variant: Variant;
}

async function recipientsOf(db: Db, choice: Choice, at: number): Promise<Recipient[]> {
  if (choice.lists.length === 0) return [];
  const { primary, byLanguage } = choice.group;
  const recipients = emailRecipientsSql({
    listIds: choice.lists.map((l) => l.id),
    languages: [...byLanguage.keys()],
    primaryLanguage: primary.content.language,
    publicFrom: primary.embargo ? Date.parse(primary.embargo.until) : 0,
    at,
  });
  // Four short columns a recipient: the addresses must pass the same check the sender applies.
  const { rows } = await sql<Recipient>`select r.email, r.preferred_language, r.language, r.variant from (${recipients}) r`.execute(db.kysely);
  return rows;
}

async function listCounts(db: Db, lists: Choice['lists']): Promise<{ members: Map<string, number>; memberships: number; contacts: number }> {
  if (lists.length === 0) return { members: new Map(), memberships: 0, contacts: 0 };
  const ids = lists.map((l) => l.id);
  const perList = await db.kysely
    .selectFrom('list_members')
    .select(['list_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('list_id', 'in', ids)
    .groupBy('list_id')
    .execute();
  const distinct = await db.kysely
    .selectFrom('list_members')
    .select((eb) => eb.fn.count<number>('contact_id').distinct().as('n'))
    .where('list_id', 'in', ids)
    .executeTakeFirstOrThrow();
  const members = new Map(perList.map((r) => [r.list_id, Number(r.n)]));
  return { members, memberships: [...members.values()].reduce((a, b) => a + b, 0), contacts: Number(distinct.n) };
}

const imgTag = /<img\b[^>]*>/gi;
const altAttribute = /\balt\s*=\s*(?:"([^"]*)"|'([^']*)')/i;
const srcAttribute = /\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)')/i;

/** Images a screen reader cannot describe: no alt attribute, or an empty one. */
export function imagesWithoutAlt(html: string): string[] {
  return (html.match(imgTag) ?? [])
    .filter((tag) => {
      const alt = altAttribute.exec(tag);
      return !alt || !(alt[1] ?? alt[2] ?? '').trim();
    })
    .map((tag) => {
      const src = srcAttribute.exec(tag);
      return src ? (src[1] ?? src[2] ?? '') : '';
    });
}

async function renderChecks(deps: PreflightDeps, orgId: string, group: ReleaseGroup, recipients: Recipient[]): Promise<RenderCheck[]> {
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
    checks.push({ ...c, htmlBytes: preview.htmlBytes, overGmail: preview.htmlBytes > gmailClipBytes, imagesWithoutAlt: imagesWithoutAlt(preview.html) });
  }
  return checks;
}

async function socialChecks(deps: PreflightDeps, group: ReleaseGroup, accounts: SocialAccountsTable[]): Promise<SocialCheck[]> {
  if (accounts.length === 0) return [];
  const source = await socialSourceOf(deps.db, deps.config.publicUrl, group.primary);
  return accounts.map((account) => {
    const network = networkById(account.network);
    const base = { accountId: account.id, network: account.network, networkName: network.name, name: account.name, limit: network.limits.maxLength, unit: network.limits.unit };
    try {
      const posts = postsFor(account, source);
      return { ...base, posts: posts.length, longest: Math.max(...posts.map((p) => network.measure(p))), refused: null };
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
      return { ...base, posts: 0, longest: 0, refused: err.issues[0]?.message ?? err.message };
    }
  });
}

async function assess(deps: PreflightDeps, actor: Actor, choice: Choice): Promise<Preflight> {
  const { primary } = choice.group;
  // A send whose time has passed while it waited for approval starts as soon as it is approved.
  const start = Math.max(choice.sendAt ?? 0, deps.clock.now());
  const [recipients, counts, social, org] = await Promise.all([
    recipientsOf(deps.db, choice, start),
    listCounts(deps.db, choice.lists),
    socialChecks(deps, choice.group, choice.accounts),
    getOrganisation(deps.db, actor.orgId),
  ]);
  const invalidAddress = recipients.filter((r) => !checkAddress(r.email).ok).length;
  const lift = primary.embargo ? Date.parse(primary.embargo.until) : 0;
  const embargoed = recipients.filter((r) => r.variant === 'embargoed').length;
  const email: Preflight['email'] = {
    wouldSend: recipients.length - invalidAddress,
    skipped: { suppressed: counts.contacts - recipients.length, duplicate: counts.memberships - counts.contacts, invalidAddress },
    languageFallback: recipients.filter((r) => r.preferred_language !== null && r.preferred_language !== r.language).length,
    byLanguage: recipients.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.language]: (acc[r.language] ?? 0) + 1 }), {}),
    embargoed,
    atLift: lift > start ? recipients.length - embargoed : 0,
  };
  const renders = await renderChecks(deps, actor.orgId, choice.group, recipients);

  const problems: PreflightIssue[] = [];
  const warnings: PreflightIssue[] = [];
  if (primary.status !== 'finalized') problems.push({ code: 'draft', message: `Release ${primary.id} is a draft; finalize it before sending.` });
  if (choice.lists.length === 0 && choice.accounts.length === 0) problems.push({ code: 'nothing_chosen', message: 'Choose at least one list or social account.' });
  else if (choice.lists.length > 0 && email.wouldSend === 0) problems.push({ code: 'nobody_to_email', message: 'Nobody on the chosen lists can be emailed.' });
  for (const s of social.filter((s) => s.refused !== null)) problems.push({ code: 'social_refused', message: `${s.networkName} (${s.name}): ${s.refused}` });
  for (const r of renders.filter((r) => r.overGmail)) {
    warnings.push({ code: 'html_over_gmail', message: `The ${r.variant} email in ${r.language} is ${r.htmlBytes} bytes of HTML; Gmail clips messages over ${gmailClipBytes}.` });
  }
  const withoutAlt = [...new Set(renders.flatMap((r) => r.imagesWithoutAlt))];
  if (withoutAlt.length) warnings.push({ code: 'images_without_alt', message: `${withoutAlt.length} image(s) in the email have no alt text: ${withoutAlt.join(', ')}` });
  if (invalidAddress) warnings.push({ code: 'invalid_addresses', message: `${invalidAddress} address(es) are not valid and will fail.` });
  if (email.languageFallback) warnings.push({ code: 'language_fallback', message: `${email.languageFallback} journalist(s) get the ${primary.content.language} version: there is none in their language.` });
  if (lift > start) {
    warnings.push({
      code: 'before_embargo_lift',
      message: `It starts before the embargo lifts (${primary.embargo!.until}): ${embargoed} early recipient(s) get the embargoed copy at the start; ${email.atLift} public copies and every social post wait for the lift.`,
    });
  }
  return {
    release: { id: primary.id, headline: primary.content.headline, language: primary.content.language, status: primary.status, embargo: primary.embargo ? { until: primary.embargo.until, zone: primary.embargo.zone } : null },
    sendAt: choice.sendAt === null ? null : new Date(choice.sendAt).toISOString(),
    approvalRequired: org.approval === 'required' && !actor.approvedSends,
    lists: choice.lists.map((l) => ({ ...l, members: counts.members.get(l.id) ?? 0 })),
    email,
    renders,
    social,
    problems,
    warnings,
  };
}

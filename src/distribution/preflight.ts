/**
 * The preflight: what a send would do, worked out before anyone presses the button — and
 * shown again to the person asked to approve it. Who gets the email comes from the very
 * query planning inserts deliveries from (`emailRecipientsSql`), so the counts here are
 * what planning then does; the email is rendered as preview renders it, and each social
 * account's posts are composed as planning composes them.
 *
 * Problems block the send (nothing to send, a draft, a post its network refuses); warnings
 * are for a person to weigh (an email Gmail will clip, images without alt text, http: or
 * unparseable links, journalists without a version in their language, a time before the
 * embargo lifts, a sending domain no DKIM key signs). API, CLI (`send --dry-run`) and the
 * desk all answer this one preflight.
 */
import { findAccount } from '../accounts/accounts.service.js';
import { authorize, type Actor } from '../auth/actor.js';
import { networkById } from '../channels/social/registry.js';
import { resolveLists } from '../contacts/contacts.service.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { SocialAccountsTable } from '../db/schema.js';
import { domainOf } from '../channels/email/mime.js';
import { signingKeyOf } from '../dkim/dkim.service.js';
import { AppError } from '../errors.js';
import { senderOf, type InstallIdentity } from '../organisations/identity.js';
import { getOrganisation } from '../organisations/organisations.service.js';
import { getReleaseGroup, type ReleaseGroup } from '../releases/releases.repo.js';
import { audienceOf } from './audience.js';
import { getDistribution } from './distributions.repo.js';
import { scheduledTime, type SendRequest } from './distributions.service.js';
import { preflightAudience, type Skipped } from './preflight-audience.js';
import { gmailClipBytes, renderChecks, type RenderCheck } from './preflight-render.js';
import { postsFor, resolveSocialChannels, socialSourceOf } from './social-plan.js';

export interface PreflightDeps {
  db: Db;
  clock: { now(): number };
  config: InstallIdentity & Pick<Config, 'templatesDir' | 'publicUrl'>;
}

export { gmailClipBytes, imagesWithoutAlt, linkProblems, type RenderCheck } from './preflight-render.js';

export type PreflightCode =
  | 'draft'
  | 'nothing_chosen'
  | 'nobody_to_email'
  | 'social_refused'
  | 'html_over_gmail'
  | 'images_without_alt'
  | 'invalid_addresses'
  | 'language_fallback'
  | 'before_embargo_lift'
  | 'insecure_links'
  | 'unparseable_links'
  | 'no_address'
  | 'no_dkim_key'
  | 'dkim_other_domain';

export interface PreflightIssue {
  code: PreflightCode;
  message: string;
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
    skipped: Skipped;
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
  /** The sending domain and the DKIM key that signs its mail (null: mail goes out unsigned). */
  dkim: { domain: string; selector: string | null; keyDomain: string | null };
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

/** Who signs the organisation's mail: a missing key, or one for another domain, is a warning with its fix. */
async function dkimCheck(deps: PreflightDeps, orgId: string): Promise<{ dkim: Preflight['dkim']; warning?: PreflightIssue }> {
  const [org, key] = await Promise.all([getOrganisation(deps.db, orgId), signingKeyOf(deps.db, orgId)]);
  const domain = domainOf(senderOf(org, deps.config.mailFrom)).toLowerCase();
  const dkim = { domain, selector: key?.selector ?? null, keyDomain: key?.domain ?? null };
  if (!key) {
    return { dkim, warning: { code: 'no_dkim_key', message: `No DKIM key signs mail from ${domain}: many inboxes file unsigned mail as spam. Fix: presswire dkim generate --selector <name>, then publish the DNS record it prints.` } };
  }
  if (key.domain !== domain) {
    return { dkim, warning: { code: 'dkim_other_domain', message: `The DKIM key "${key.selector}" signs for ${key.domain}, but mail is sent from ${domain}. Fix: presswire dkim generate --selector <name> --domain ${domain}.` } };
  }
  return { dkim };
}

const list = (items: string[]) => items.join(', ');

function contentWarnings(renders: RenderCheck[]): PreflightIssue[] {
  const warnings: PreflightIssue[] = [];
  for (const r of renders.filter((r) => r.overGmail)) {
    warnings.push({ code: 'html_over_gmail', message: `The ${r.variant} email in ${r.language} is ${r.htmlBytes} bytes of HTML; Gmail clips messages over ${gmailClipBytes}.` });
  }
  const all = (pick: (r: RenderCheck) => string[]) => [...new Set(renders.flatMap(pick))];
  const withoutAlt = all((r) => r.imagesWithoutAlt);
  if (withoutAlt.length) warnings.push({ code: 'images_without_alt', message: `${withoutAlt.length} image(s) in the email have no alt text: ${list(withoutAlt)}` });
  const insecure = all((r) => r.insecureLinks);
  if (insecure.length) warnings.push({ code: 'insecure_links', message: `${insecure.length} link(s) use plain http:, use https: ${list(insecure)}` });
  const unparseable = all((r) => r.unparseableLinks);
  if (unparseable.length) warnings.push({ code: 'unparseable_links', message: `${unparseable.length} link(s) are not full URLs a mail client can open: ${list(unparseable)}` });
  return warnings;
}

async function assess(deps: PreflightDeps, actor: Actor, choice: Choice): Promise<Preflight> {
  const { primary } = choice.group;
  // A send whose time has passed while it waited for approval starts as soon as it is approved.
  const start = Math.max(choice.sendAt ?? 0, deps.clock.now());
  const listIds = choice.lists.map((l) => l.id);
  const [audience, social, org, signing] = await Promise.all([
    preflightAudience(deps.db, actor.orgId, choice.group, listIds, start),
    socialChecks(deps, choice.group, choice.accounts),
    getOrganisation(deps.db, actor.orgId),
    dkimCheck(deps, actor.orgId),
  ]);
  const { recipients, sendable, skipped } = audience;
  const lift = primary.embargo ? Date.parse(primary.embargo.until) : 0;
  // Counts by language and variant are of the rows planning inserts (a refused address among them).
  const embargoed = recipients.filter((r) => r.variant === 'embargoed').length;
  const email: Preflight['email'] = {
    wouldSend: sendable.length,
    skipped,
    languageFallback: recipients.filter((r) => r.preferred_language !== null && r.preferred_language !== r.language).length,
    byLanguage: recipients.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.language]: (acc[r.language] ?? 0) + 1 }), {}),
    embargoed,
    atLift: lift > start ? recipients.length - embargoed : 0,
  };
  const renders = await renderChecks(deps, actor.orgId, choice.group, recipients);

  const problems: PreflightIssue[] = [];
  if (primary.status !== 'finalized') problems.push({ code: 'draft', message: `Release ${primary.id} is a draft; finalize it before sending.` });
  if (choice.lists.length === 0 && choice.accounts.length === 0) problems.push({ code: 'nothing_chosen', message: 'Choose at least one list or social account.' });
  else if (choice.lists.length > 0 && email.wouldSend === 0) problems.push({ code: 'nobody_to_email', message: 'Nobody on the chosen lists can be emailed.' });
  for (const s of social.filter((s) => s.refused !== null)) problems.push({ code: 'social_refused', message: `${s.networkName} (${s.name}): ${s.refused}` });

  const warnings = contentWarnings(renders);
  if (skipped.invalidAddress) warnings.push({ code: 'invalid_addresses', message: `${skipped.invalidAddress} address(es) are not valid and will fail.` });
  if (skipped.noAddress) warnings.push({ code: 'no_address', message: `${skipped.noAddress} contact(s) have no email address and will fail.` });
  if (email.languageFallback) warnings.push({ code: 'language_fallback', message: `${email.languageFallback} journalist(s) get the ${primary.content.language} version: there is none in their language.` });
  if (lift > start) {
    warnings.push({
      code: 'before_embargo_lift',
      message: `It starts before the embargo lifts (${primary.embargo!.until}): ${embargoed} early recipient(s) get the embargoed copy at the start; ${email.atLift} public copies and every social post wait for the lift.`,
    });
  }
  if (choice.lists.length > 0 && signing.warning) warnings.push(signing.warning);
  return {
    release: { id: primary.id, headline: primary.content.headline, language: primary.content.language, status: primary.status, embargo: primary.embargo ? { until: primary.embargo.until, zone: primary.embargo.zone } : null },
    sendAt: choice.sendAt === null ? null : new Date(choice.sendAt).toISOString(),
    approvalRequired: org.approval === 'required' && !actor.approvedSends,
    lists: choice.lists.map((l) => ({ ...l, members: audience.members.get(l.id) ?? 0 })),
    email,
    renders,
    social,
    dkim: signing.dkim,
    problems,
    warnings,
  };
}

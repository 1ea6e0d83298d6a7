/** `presswire send --dry-run`: the preflight of a send, as a person reads it in a terminal. */
import type { distributions as operations } from '../../contract/distributions.js';
import type { Answer } from '../../contract/operation.js';

type Preflight = Answer<typeof operations.preflight>;

const counted = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function skippedLines(p: Preflight): string[] {
  const s = p.email.skipped;
  return [
    ...Object.entries(s.suppressedByReason).map(([reason, n]) => (n ? `${n} suppressed (${reason})` : '')),
    s.duplicate ? `${counted(s.duplicate, 'duplicate')} (on more than one list, emailed once)` : '',
    s.noAddress ? `${s.noAddress} without an address (would fail)` : '',
    s.invalidAddress ? `${counted(s.invalidAddress, 'invalid address', 'invalid addresses')} (would fail)` : '',
  ].filter(Boolean);
}

function emailLines(p: Preflight): string[] {
  if (p.lists.length === 0) return [];
  const { email } = p;
  const skipped = skippedLines(p);
  return [
    `Lists: ${p.lists.map((l) => `${l.name} (${l.members})`).join(', ')}`,
    `Would email ${counted(email.wouldSend, 'journalist')}${Object.keys(email.byLanguage).length ? `: ${Object.entries(email.byLanguage).map(([l, n]) => `${l} ${n}`).join(', ')}` : ''}`,
    `Would skip ${skipped.length ? skipped.join('; ') : 'nobody'}`,
    ...(email.atLift ? [`Embargo: ${email.embargoed} early copies at the start, ${email.atLift} public copies at the lift (${p.release.embargo?.until})`] : []),
    ...p.renders.map((r) => `Email ${r.variant}/${r.language}: ${(r.htmlBytes / 1024).toFixed(1)} KB of HTML${r.overGmail ? ' (over Gmail’s 102 KB: clipped)' : ''}`),
    `DKIM: ${p.dkim.selector ? `signed with "${p.dkim.selector}" for ${p.dkim.keyDomain}` : `unsigned (no key for ${p.dkim.domain})`}`,
  ];
}

const socialLine = (s: Preflight['social'][number]) =>
  `${s.networkName} (${s.name}): ${s.refused ? `refused: ${s.refused}` : `${counted(s.posts, 'post')}, longest ${s.longest} of ${s.limit} ${s.unit}`}`;

const issueLines = (title: string, issues: Preflight['problems']) => (issues.length ? ['', title, ...issues.map((i) => `  - [${i.code}] ${i.message}`)] : []);

/** The readable summary; the caller sets the exit code from `problems`. */
export function preflightSummary(p: Preflight): string {
  return [
    `Dry run: nothing was sent. ${p.release.id} "${p.release.headline}" (${p.release.status})`,
    `Starts: ${p.sendAt ?? 'now'}${p.approvalRequired ? ' (needs approval by a second sender)' : ''}`,
    ...emailLines(p),
    ...p.social.map(socialLine),
    ...issueLines('Blocks the send:', p.problems),
    ...issueLines('Warnings (do not block):', p.warnings),
    '',
    p.problems.length ? `Blocked: ${counted(p.problems.length, 'problem')} to fix before sending.` : 'Nothing blocks this send.',
  ].join('\n');
}

/**
 * DMARC: a policy is published for the From domain (or, as receivers look it up, for a
 * parent), and our two identifiers can align with it: the DKIM signing domain (adkim) and the
 * VERP envelope domain that SPF checks (aspf). DMARC passes when either aligns.
 */
import { aligned, type AlignmentMode } from './alignment.js';
import { fail, pass, warn, type Finding } from './findings.js';
import { recordTags, txtRecords, type DnsResolver } from './resolver.js';

export interface DmarcInput {
  fromDomain: string;
  /** d= of the key that signs, when there is one. */
  signingDomain: string | undefined;
  /** The domain of the envelope sender (bounces+<token>@…). */
  bounceDomain: string;
}

interface Policy {
  at: string;
  record: string;
  tags: Map<string, string>;
}

/** The From domain's record, else the nearest parent's (down to two labels). */
async function findPolicy(resolver: DnsResolver, domain: string): Promise<Policy | undefined> {
  const labels = domain.split('.');
  for (let i = 0; i <= labels.length - 2; i++) {
    const at = `_dmarc.${labels.slice(i).join('.')}`;
    const record = (await txtRecords(resolver, at)).find((r) => /^v=DMARC1\s*(;|$)/i.test(r));
    if (record) return { at, record, tags: recordTags(record) };
  }
  return undefined;
}

const modeOf = (value: string | undefined): AlignmentMode => (value?.toLowerCase() === 's' ? 'strict' : 'relaxed');

export async function checkDmarc(resolver: DnsResolver, input: DmarcInput): Promise<Finding[]> {
  const { fromDomain } = input;
  const policy = await findPolicy(resolver, fromDomain);
  if (!policy) {
    return [fail('dmarc', `no DMARC record at _dmarc.${fromDomain}: Gmail and Yahoo require one of bulk senders, and receivers have no policy for mail that fails`, `publish TXT _dmarc.${fromDomain} "v=DMARC1; p=none; rua=mailto:dmarc-reports@${fromDomain}" (move to p=quarantine once reports show your mail aligns)`)];
  }
  const p = policy.tags.get('p')?.toLowerCase();
  const stance =
    p === 'reject' || p === 'quarantine'
      ? pass('dmarc', `${policy.at} publishes "${policy.record}": mail that fails is ${p === 'reject' ? 'refused' : 'quarantined'}`)
      : p === 'none'
        ? pass('dmarc', `${policy.at} publishes "${policy.record}" (p=none: receivers only report, enough for Gmail's and Yahoo's sender rules)`)
        : fail('dmarc', `${policy.at} publishes "${policy.record}" without a valid policy (p=none, quarantine or reject), so receivers ignore it`, `add p=none (or quarantine or reject) to the record at ${policy.at}`);
  return [stance, alignmentFinding(policy, input)];
}

function alignmentFinding(policy: Policy, { fromDomain, signingDomain, bounceDomain }: DmarcInput): Finding {
  const adkim = modeOf(policy.tags.get('adkim'));
  const aspf = modeOf(policy.tags.get('aspf'));
  const dkimOk = signingDomain !== undefined && aligned(signingDomain, fromDomain, adkim);
  const spfOk = aligned(bounceDomain, fromDomain, aspf);
  const dkimNote = signingDomain ? `DKIM d=${signingDomain} ${dkimOk ? 'aligns' : 'does not align'} (adkim=${adkim})` : 'no DKIM key signs';
  const spfNote = `the bounce domain ${bounceDomain} ${spfOk ? 'aligns' : 'does not align'} (aspf=${aspf})`;
  const detail = `with From ${fromDomain}: ${dkimNote}; ${spfNote}`;
  const spfFix = aspf === 'strict' ? `set BOUNCE_DOMAIN to ${fromDomain} (aspf=s wants the very From domain) or relax aspf` : `set BOUNCE_DOMAIN to ${fromDomain} or a subdomain of it`;
  const dkimFix = signingDomain ? `sign as ${fromDomain}: presswire dkim generate --selector <name> --domain ${fromDomain}` : 'run presswire dkim generate --selector <name>';
  if (dkimOk && spfOk) return pass('dmarc-alignment', detail);
  if (!dkimOk && !spfOk) return fail('dmarc-alignment', `${detail}: DMARC fails for every message`, `${dkimFix}; and ${spfFix}`);
  return warn('dmarc-alignment', `${detail}: DMARC rests on ${dkimOk ? 'DKIM' : 'SPF'} alone`, dkimOk ? spfFix : dkimFix);
}

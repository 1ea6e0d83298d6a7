/**
 * The signing path's view of DKIM keys: each organisation's active key, opened once and kept
 * for a few seconds (one small query per organisation and interval, while a new or removed key
 * takes effect in every worker within them), and which organisation a distribution belongs
 * to (that never changes).
 */
import type { SecretBox } from '../accounts/secret-box.js';
import { signMessage, type DkimSigningKey } from '../channels/email/dkim-signer.js';
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { openPrivateKey } from './key-material.js';
import { sealedKeyBinding } from './dkim.service.js';

export const KEY_TTL_MS = 5_000;
const DISTRIBUTIONS_KEPT = 256;

export class DkimKeys {
  private readonly keys = new Map<string, { until: number; key: Promise<DkimSigningKey | undefined> }>();
  private readonly orgOfDistribution = new Map<string, Promise<string>>();

  constructor(
    private readonly deps: { db: Db; secretBox: SecretBox },
    private readonly now: () => number = Date.now,
  ) {}

  /** The message signed with the organisation's active key; unchanged when it has none. */
  async sign(orgId: string, raw: Buffer): Promise<Buffer> {
    const key = await this.keyOf(orgId);
    return key ? signMessage(raw, key) : raw;
  }

  async signForDistribution(distributionId: string, raw: Buffer): Promise<Buffer> {
    return this.sign(await this.orgOf(distributionId), raw);
  }

  private keyOf(orgId: string): Promise<DkimSigningKey | undefined> {
    const cached = this.keys.get(orgId);
    if (cached && cached.until > this.now()) return cached.key;
    const key = this.load(orgId);
    key.catch(() => this.keys.delete(orgId));
    this.keys.set(orgId, { until: this.now() + KEY_TTL_MS, key });
    return key;
  }

  private async load(orgId: string): Promise<DkimSigningKey | undefined> {
    const row = await this.deps.db.kysely.selectFrom('dkim_keys').selectAll().where('org_id', '=', orgId).where('active', '=', 1).executeTakeFirst();
    if (!row) return undefined;
    const pem = this.deps.secretBox.open(row.private_key, sealedKeyBinding(row));
    if (typeof pem !== 'string') throw new AppError('CONFIG', `The DKIM key "${row.selector}" is not stored as a key`);
    return { domain: row.domain, selector: row.selector, algorithm: row.algorithm, privateKey: openPrivateKey(pem) };
  }

  private orgOf(distributionId: string): Promise<string> {
    let org = this.orgOfDistribution.get(distributionId);
    if (!org) {
      org = this.deps.db.kysely.selectFrom('distributions').select('org_id').where('id', '=', distributionId).executeTakeFirstOrThrow().then((d) => d.org_id);
      org.catch(() => this.orgOfDistribution.delete(distributionId));
      this.orgOfDistribution.set(distributionId, org);
      if (this.orgOfDistribution.size > DISTRIBUTIONS_KEPT) this.orgOfDistribution.delete(this.orgOfDistribution.keys().next().value!);
    }
    return org;
  }
}

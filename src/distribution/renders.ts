/**
 * Rendered variants of a distribution, stored once and read by every worker: rendering
 * is slow (MJML), so it happens once per (variant, language), never per recipient. A
 * render, once stored, is what everyone of that variant gets, however often planning runs.
 */
import type { Db } from '../db/client.js';
import type { Variant } from '../db/schema.js';
import { newId } from '../ids.js';
import type { RenderedEmail } from '../rendering/slots.js';

export async function ensureRender(db: Db, distributionId: string, variant: Variant, language: string, render: () => Promise<RenderedEmail>, now: number): Promise<void> {
  const existing = await db.kysely
    .selectFrom('renders')
    .select('id')
    .where('distribution_id', '=', distributionId)
    .where('variant', '=', variant)
    .where('language', '=', language)
    .executeTakeFirst();
  if (existing) return;
  await db.kysely
    .insertInto('renders')
    .values({ id: newId('rnd'), distribution_id: distributionId, variant, language, content: JSON.stringify(await render()), created_at: now })
    .onConflict((oc) => oc.columns(['distribution_id', 'variant', 'language']).doNothing())
    .execute();
}

/** The (variant, language) pairs a distribution's email deliveries need. */
export async function neededRenders(db: Db, distributionId: string): Promise<{ variant: Variant; language: string }[]> {
  return db.kysely.selectFrom('deliveries').select(['variant', 'language']).distinct().where('distribution_id', '=', distributionId).where('channel', 'like', 'email%').execute();
}

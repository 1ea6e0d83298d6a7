/**
 * Rendered variants of a distribution, stored once and read by every worker: rendering
 * is slow (MJML), so it happens once per (variant, language), never per recipient. A
 * render, once stored, is what everyone of that variant gets, however often planning runs.
 */
import type { Db } from '../db/client.js';
import type { Variant } from '../db/schema.js';
import { newId } from '../ids.js';
import type { RenderedEmail } from '../rendering/slots.js';

/** One rendered message of a distribution: a variant (with the embargo revision an update announces) in a language. */
export interface RenderKey {
  distributionId: string;
  variant: Variant;
  revision: number;
  language: string;
}

export async function findRender(db: Db, key: RenderKey): Promise<string | undefined> {
  const row = await db.kysely
    .selectFrom('renders')
    .select('content')
    .where('distribution_id', '=', key.distributionId)
    .where('variant', '=', key.variant)
    .where('revision', '=', key.revision)
    .where('language', '=', key.language)
    .executeTakeFirst();
  return row?.content;
}

export async function ensureRender(db: Db, key: RenderKey, render: () => Promise<RenderedEmail>, now: number): Promise<void> {
  if ((await findRender(db, key)) !== undefined) return;
  await db.kysely
    .insertInto('renders')
    .values({ id: newId('rnd'), distribution_id: key.distributionId, variant: key.variant, revision: key.revision, language: key.language, content: JSON.stringify(await render()), created_at: now })
    .onConflict((oc) => oc.columns(['distribution_id', 'variant', 'revision', 'language']).doNothing())
    .execute();
}

/** The (variant, language) pairs a distribution's release emails need. */
export async function neededRenders(db: Db, distributionId: string): Promise<{ variant: Variant; language: string }[]> {
  return db.kysely.selectFrom('deliveries').select(['variant', 'language']).distinct().where('distribution_id', '=', distributionId).where('kind', '=', 'email').execute();
}

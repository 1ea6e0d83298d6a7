/**
 * A release's image: posted with the first item on every social network, with its alt text.
 *
 * It is set on a draft and frozen with it: the finalized content hash covers the image's
 * hash and alt text. The type is read from the bytes, never from a name or a claimed type,
 * and networks' own size limits are checked when a send names their accounts.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { ReleaseImagesTable } from '../db/schema.js';
import { AppError, invalid } from '../errors.js';
import { lineText } from '../text/control-characters.js';
import { getRelease, refuseFinalized } from './releases.repo.js';

/** The largest image any network we post to accepts (X: 5 MB). */
export const maxImageBytes = 5 * 1024 * 1024;

export type ImageType = ReleaseImagesTable['mime_type'];

export interface ReleaseImageMeta {
  mimeType: ImageType;
  alt: string;
  bytes: number;
  sha256: string;
}

export const ImageUpload = z.object({
  /** The image file, base64. */
  data: z.string().min(1, 'is empty').max(Math.ceil(maxImageBytes / 3) * 4 + 4, `is larger than ${maxImageBytes / 1024 / 1024} MB`),
  /** What the image shows, for people who cannot see it (X allows 1,000 characters). */
  alt: lineText().trim().min(1, 'is required: describe the image for people who cannot see it').max(1000),
});
export type ImageUpload = z.infer<typeof ImageUpload>;

const signatures: [ImageType, (b: Buffer) => boolean][] = [
  ['image/png', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/gif', (b) => ['GIF87a', 'GIF89a'].includes(b.toString('latin1', 0, 6))],
  ['image/webp', (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP'],
];

export const imageTypeOf = (data: Buffer): ImageType | undefined => signatures.find(([, matches]) => matches(data))?.[0];

function decode(base64: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) throw invalid('The image is not valid', [{ field: 'data', message: 'is not base64' }]);
  return Buffer.from(base64, 'base64');
}

/** Set (or replace) a draft's image. */
export async function setReleaseImage(db: Db, orgId: string, releaseId: string, upload: ImageUpload, now: number): Promise<ReleaseImageMeta> {
  const data = decode(upload.data);
  const mimeType = imageTypeOf(data);
  if (!mimeType) throw invalid('The image is not valid', [{ field: 'data', message: 'is not a PNG, JPEG, GIF or WebP image' }]);
  if (data.length > maxImageBytes) throw invalid('The image is too large', [{ field: 'data', message: `is ${data.length} bytes; the limit is ${maxImageBytes} (5 MB)` }]);
  const meta: ReleaseImageMeta = { mimeType, alt: upload.alt, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
  await whileDraft(db, orgId, releaseId, now, async (trx) => {
    await trx.kysely.deleteFrom('release_images').where('release_id', '=', releaseId).execute();
    await trx.kysely
      .insertInto('release_images')
      .values({ release_id: releaseId, mime_type: mimeType, alt: meta.alt, bytes: meta.bytes, sha256: meta.sha256, data: upload.data, created_at: now })
      .execute();
  });
  return meta;
}

export async function removeReleaseImage(db: Db, orgId: string, releaseId: string, now: number): Promise<void> {
  await whileDraft(db, orgId, releaseId, now, (trx) => trx.kysely.deleteFrom('release_images').where('release_id', '=', releaseId).execute());
}

/**
 * Change a draft's image in a transaction that first touches the release row as a draft:
 * the row lock orders it against finalization, so an image never slips in after the hash.
 */
async function whileDraft(db: Db, orgId: string, releaseId: string, now: number, change: (trx: Db) => Promise<unknown>): Promise<void> {
  const release = await getRelease(db, orgId, releaseId);
  if (release.translationOf) {
    throw new AppError('INVALID_STATE', `Release ${releaseId} is a translation: its image is the one of the release it translates (${release.translationOf}).`);
  }
  const changed = await db.kysely.transaction().execute(async (trx) => {
    const touched = await trx.updateTable('releases').set({ updated_at: now }).where('id', '=', releaseId).where('status', '=', 'draft').executeTakeFirst();
    if (Number(touched.numUpdatedRows) !== 1) return false;
    await change({ ...db, kysely: trx });
    return true;
  });
  if (!changed) throw refuseFinalized(release.status === 'finalized' ? release : await getRelease(db, orgId, releaseId));
}

export async function findImageMeta(db: Db, releaseId: string): Promise<ReleaseImageMeta | undefined> {
  const row = await db.kysely.selectFrom('release_images').select(['mime_type', 'alt', 'bytes', 'sha256']).where('release_id', '=', releaseId).executeTakeFirst();
  return row && { mimeType: row.mime_type, alt: row.alt, bytes: Number(row.bytes), sha256: row.sha256 };
}

/** The image's bytes, checked against the hash it was frozen with. */
export async function loadImage(db: Db, releaseId: string): Promise<{ data: Buffer; mimeType: ImageType; alt: string } | undefined> {
  const row = await db.kysely.selectFrom('release_images').selectAll().where('release_id', '=', releaseId).executeTakeFirst();
  if (!row) return undefined;
  const data = Buffer.from(row.data, 'base64');
  if (createHash('sha256').update(data).digest('hex') !== row.sha256) throw new AppError('INVALID_STATE', `The stored image of release ${releaseId} does not match its hash`);
  return { data, mimeType: row.mime_type, alt: row.alt };
}

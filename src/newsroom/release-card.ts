/** What a released release's public page tells link previews: its address, when it became public, its image. */
import type { Db } from '../db/client.js';
import { findImageMeta } from '../releases/release-image.js';
import type { Release } from '../releases/releases.repo.js';
import { publicPage } from '../releases/public-page.js';

/** The public address of the image of a release's page (its original's image, for a translation). */
export const publicImage = (publicUrl: string, releaseId: string) => `${publicPage(publicUrl, releaseId)}/image`;

/** When a release became public: its embargo's lift, or its finalization when that came later. */
export function publishedAtOf(primary: Release): number {
  return Math.max(Date.parse(primary.finalizedAt ?? primary.createdAt), primary.embargo ? Date.parse(primary.embargo.until) : 0);
}

export async function publicCard(deps: { db: Db; config: { publicUrl: string } }, release: Release, primary: Release) {
  const image = await findImageMeta(deps.db, primary.id);
  return {
    url: publicPage(deps.config.publicUrl, release.id),
    publishedTime: new Date(publishedAtOf(primary)).toISOString(),
    ...(image ? { image: { url: publicImage(deps.config.publicUrl, release.id), alt: image.alt } } : {}),
  };
}

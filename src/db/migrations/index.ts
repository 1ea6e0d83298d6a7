import type { Migration } from 'kysely';
import { initial } from './001-initial.js';
import { releaseImages } from './002-release-images.js';

/** Every migration, in order. Names sort lexically; never rename or edit a released one. */
export const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-release-images': releaseImages,
};

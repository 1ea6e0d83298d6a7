import type { Migration } from 'kysely';
import { initial } from './001-initial.js';
import { releaseImages } from './002-release-images.js';
import { deliveryKinds } from './003-delivery-kinds.js';
import { organisations } from './004-organisations.js';
import { userLocale } from './005-user-locale.js';
import { afterAcceptance } from './006-after-acceptance.js';
import { dkimKeys } from './007-dkim-keys.js';
import { organisationSlugs } from './008-organisation-slugs.js';
import { deliveryRelay } from './009-delivery-relay.js';
import { corrections } from './010-corrections.js';

/** Every migration, in order. Names sort lexically; never rename or edit a released one. */
export const migrationsFor = (dialect: 'sqlite' | 'postgres'): Record<string, Migration> => ({
  '001-initial': initial,
  '002-release-images': releaseImages,
  '003-delivery-kinds': deliveryKinds(dialect),
  '004-organisations': organisations(dialect),
  '005-user-locale': userLocale,
  '006-after-acceptance': afterAcceptance,
  '007-dkim-keys': dkimKeys,
  '008-organisation-slugs': organisationSlugs,
  '009-delivery-relay': deliveryRelay,
  '010-corrections': corrections,
});

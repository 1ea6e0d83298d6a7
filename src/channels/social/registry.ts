/** Every network Presswire posts to. Adding one is a file next to this and a line here. */
import { AppError } from '../../errors.js';
import { bluesky } from './bluesky.network.js';
import { mastodon } from './mastodon.network.js';
import type { NetworkId, SocialNetwork } from './network.js';
import { x } from './x.network.js';

export const networks = {
  x,
  bluesky,
  mastodon,
} satisfies Record<NetworkId, SocialNetwork>;

const isNetworkId = (id: string): id is NetworkId => Object.hasOwn(networks, id);

/** The network named `id`; an unknown name is the caller's input error. */
export function networkById(id: string): SocialNetwork {
  if (isNetworkId(id)) return networks[id];
  const known = Object.keys(networks).join(', ');
  throw new AppError('VALIDATION', `Unknown social network "${id}"`, { issues: [{ field: 'network', message: `must be one of ${known}` }] });
}

/** What every desk page is rendered with: the interface text, the form token and who is signed in. */
import type { Role } from '../auth/roles.js';
import type { NetworkId } from '../channels/social/network.js';
import type { Messages } from './i18n/en.js';
import type { Locale } from './i18n/locale.js';

export interface Viewer {
  label: string;
  role: Role;
  /** The development outbox is running and this person may read it. */
  outbox: boolean;
  /** The organisation the page acts for. */
  orgId: string;
  /** Every organisation the person is a member of (more than one: the masthead offers to switch). */
  organisations: { id: string; name: string }[];
}

export interface PageContext {
  t: Messages;
  locale: Locale;
  csrf: string;
  /** Absent on pages for people not signed in, which have no navigation. */
  viewer?: Viewer;
  /** Social accounts whose network refused their credentials: a banner on every page until they are reconnected. */
  reconnect?: { network: NetworkId; name: string }[];
}

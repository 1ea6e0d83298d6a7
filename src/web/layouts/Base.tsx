/**
 * The frame of every desk page: language, title ("Error: " first when a form failed, so a
 * screen reader hears it at once), skip link, navigation, one stylesheet and htmx, all
 * from this origin (the CSP allows nothing else).
 */
import type { Children } from '@kitajs/html';
import { roleAllows, type Permission } from '../../auth/roles.js';
import type { PageContext, Viewer } from '../page-context.js';

export type Section = 'releases' | 'lists' | 'distributions' | 'accounts' | 'trace' | 'audit' | 'settings' | 'people' | 'outbox' | 'account';

type NavSection = Exclude<Section, 'outbox' | 'account'>;

/** Where each section lives and the least role that sees it (the use cases check again). */
const sections: { section: NavSection; href: string; permission: Permission }[] = [
  { section: 'releases', href: '/releases', permission: 'read' },
  { section: 'lists', href: '/lists', permission: 'read' },
  { section: 'distributions', href: '/distributions', permission: 'read' },
  { section: 'accounts', href: '/accounts', permission: 'read' },
  { section: 'trace', href: '/trace', permission: 'read' },
  // Admins only, as the API's /audit: the log names people, addresses and IPs.
  { section: 'audit', href: '/audit', permission: 'admin' },
  { section: 'settings', href: '/settings', permission: 'admin' },
  { section: 'people', href: '/people', permission: 'admin' },
];

export interface BaseProps {
  ctx: PageContext;
  title: string;
  failed?: boolean;
  section?: Section;
  /** Vendor scripts one page needs besides htmx (an htmx extension), from this origin. */
  scripts?: string[];
  children: Children;
}

function NavLink(props: { href: string; current: boolean; children: Children }) {
  return (
    <li>
      <a href={props.href} aria-current={props.current ? 'page' : undefined}>
        {props.children}
      </a>
    </li>
  );
}

/** For people in several organisations: a plain form (no script needed) that moves the session to another. */
function OrgSwitcher({ ctx, viewer }: { ctx: PageContext; viewer: Viewer }) {
  const { t } = ctx;
  if (viewer.organisations.length < 2) return '';
  return (
    <form method="post" action="/account/organisation" class="org-switcher">
      <input type="hidden" name="_csrf" value={ctx.csrf} />
      <label for="switch-organisation" safe>
        {t.people.switcher.label}
      </label>
      <select id="switch-organisation" name="org">
        {viewer.organisations.map((o) => (
          <option value={o.id} selected={o.id === viewer.orgId} safe>
            {o.name}
          </option>
        ))}
      </select>
      <button type="submit" class="button button-secondary" safe>
        {t.people.switcher.submit}
      </button>
    </form>
  );
}

function Nav({ ctx, viewer, section }: { ctx: PageContext; viewer: Viewer; section: Section | undefined }) {
  const { t } = ctx;
  return (
    <nav aria-label={t.nav.label}>
      <ul>
        {sections
          .filter((s) => roleAllows(viewer.role, s.permission))
          .map((s) => (
            <NavLink href={s.href} current={section === s.section}>
              <span safe>{t.nav[s.section]}</span>
            </NavLink>
          ))}
        {viewer.outbox ? (
          <NavLink href="/outbox" current={section === 'outbox'}>
            <span safe>{t.nav.outbox}</span>
          </NavLink>
        ) : (
          ''
        )}
        <NavLink href="/account" current={section === 'account'}>
          <span safe>{viewer.label}</span>
        </NavLink>
      </ul>
      <form method="post" action="/sign-out" class="sign-out">
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <button type="submit" class="link-button" safe>
          {t.nav.signOut}
        </button>
      </form>
    </nav>
  );
}

/** Posts to an account its network refused are paused until someone reconnects it: said on every page, not only on /accounts. */
function ReconnectBanner({ ctx, accounts }: { ctx: PageContext; accounts: NonNullable<PageContext['reconnect']> }) {
  const { settings } = ctx.t;
  return (
    <div class="reconnect-banner" role="region" aria-label={settings.reconnectLabel}>
      <ul class="plain">
        {accounts.map((a) => (
          <li>
            <a href="/accounts" safe>
              {settings.reconnectBanner(settings.networks[a.network], a.name)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Base({ ctx, title, failed, section, scripts = [], children }: BaseProps) {
  const { t, viewer } = ctx;
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title safe>{`${failed ? t.errorPrefix : ''}${title} · ${t.appName}`}</title>
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/app.css" />
        {/* Not deferred: extensions added later must find htmx registered (see the dashboard research).
            Only for the signed-in: the sign-in and unsubscribe pages run no script at all. */}
        {viewer ? <script src="/assets/vendor/htmx.min.js"></script> : ''}
        {scripts.map((src) => (
          <script src={src}></script>
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main" safe>
          {t.skipToContent}
        </a>
        <header class="masthead">
          <a class="brand" href="/releases" safe>
            {t.appName}
          </a>
          {viewer ? <OrgSwitcher ctx={ctx} viewer={viewer} /> : ''}
          {viewer ? <Nav ctx={ctx} viewer={viewer} section={section} /> : ''}
        </header>
        {ctx.reconnect?.length ? <ReconnectBanner ctx={ctx} accounts={ctx.reconnect} /> : ''}
        <main id="main" tabindex="-1">
          {children}
        </main>
      </body>
    </html>
  );
}

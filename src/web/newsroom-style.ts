/**
 * The newsroom's stylesheet, served from this origin (its CSP allows no inline style). The
 * organisation's theme sets the colours and fonts: theme values are validated hex colours
 * and plain font names, so they cannot break out of a declaration.
 */
import type { Theme } from '../rendering/theme.js';

export function newsroomStylesheet(theme: Theme): string {
  const c = theme.colors;
  return `:root { --background: ${c.background}; --surface: ${c.surface}; --text: ${c.text}; --heading: ${c.heading}; --muted: ${c.muted}; --accent: ${c.accent}; --rule: ${c.rule};
  --font: ${theme.fontFamily}; --heading-font: ${theme.headingFontFamily}; }
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--background); color: var(--text); font: 17px/1.6 var(--font); overflow-wrap: break-word; }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip-link { position: absolute; left: 8px; top: -48px; padding: 8px 12px; background: var(--surface); }
.skip-link:focus { top: 8px; }
.wrap { max-width: 760px; margin: 0 auto; padding: 0 24px; }
.masthead { padding: 24px 0 8px; }
.masthead .org { margin: 0; font-weight: 700; font-size: 15px; color: var(--heading); }
.masthead .logo { display: block; height: auto; max-width: 100%; }
h1, h2 { font-family: var(--heading-font); color: var(--heading); }
h1 { margin: 8px 0 24px; font-size: 32px; line-height: 1.2; }
main { outline: none; }
.releases { margin: 0; padding: 0; list-style: none; }
.releases li { margin: 0 0 16px; padding: 24px 28px; background: var(--surface); border-radius: 8px; border-top: 4px solid var(--accent); }
.releases h2 { margin: 0; font-size: 22px; line-height: 1.3; }
.releases .kicker { margin: 0 0 8px; font-size: 12px; font-weight: 700; letter-spacing: 0.12em; text-transform: uppercase; color: var(--muted); }
.releases .summary { margin: 10px 0 0; }
.releases .date { margin: 10px 0 0; font-size: 14px; color: var(--muted); }
.pager { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 12px; margin: 24px 0; }
.feeds { margin: 32px 0; padding-top: 16px; border-top: 1px solid var(--rule); }
.feeds h2 { font-size: 16px; margin: 0 0 8px; }
.feeds ul { display: flex; flex-wrap: wrap; gap: 8px 20px; margin: 0; padding: 0; list-style: none; }
.site-footer { padding: 24px 0 48px; font-size: 14px; color: var(--muted); white-space: pre-line; }
@media (max-width: 600px) { body { font-size: 16px; } .wrap { padding: 0 16px; } .releases li { padding: 18px 16px; } h1 { font-size: 26px; } }
`;
}

/**
 * The release page's stylesheet, sent inline in a <style> element (the page's CSP allows
 * inline styles and nothing else). Colours follow templates/theme.json's defaults so the page
 * and the email look like one organisation.
 */
export const releasePageStyle = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #f2f3f5; color: #1f2933; font: 17px/1.65 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.wrap { max-width: 720px; margin: 0 auto; padding: 0 24px; }
.embargo { background: #8a2c0d; color: #fff; }
.correction { border-left: 4px solid #8a2c0d; padding: .5em 1em; background: #fbf3ef; }
.embargo .wrap { padding-top: 16px; padding-bottom: 16px; }
.embargo p { margin: 0; font-size: 15px; line-height: 1.5; }
.embargo strong { letter-spacing: 0.02em; }
.embargo .reference { margin-top: 6px; font-size: 14px; }
.embargo .reference span { font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: 700; letter-spacing: 0.05em; }
.masthead { padding: 22px 0 18px; font-size: 15px; font-weight: 700; color: #111827; }
.masthead a { color: inherit; text-decoration: none; }
article { overflow-wrap: break-word; background: #fff; border-radius: 8px; padding: 44px 48px 36px; box-shadow: 0 1px 3px rgba(17, 24, 39, 0.08); }
.kicker { margin: 0 0 14px; font-size: 12px; font-weight: 700; letter-spacing: 0.12em; color: #1f4e8c; }
h1, h2, h3, h4, blockquote { font-family: Georgia, "Times New Roman", Times, serif; color: #111827; }
h1 { margin: 0; font-size: 34px; line-height: 1.2; }
.subheadline { margin: 16px 0 0; font-size: 19px; line-height: 1.5; font-style: italic; color: #52606d; }
.date { margin: 18px 0 0; font-size: 14px; color: #52606d; }
.body { margin-top: 28px; padding-top: 28px; border-top: 1px solid #d9dde3; }
p, ul, ol, pre { margin: 0 0 18px; }
ul, ol { padding-left: 24px; }
li { margin-bottom: 8px; }
a { color: #1f4e8c; }
.body h2 { margin: 32px 0 12px; font-size: 24px; line-height: 1.3; }
.body h3 { margin: 28px 0 10px; font-size: 20px; line-height: 1.3; }
.body h4 { margin: 24px 0 8px; font-size: 18px; line-height: 1.3; }
blockquote { margin: 28px 0; padding: 2px 0 2px 22px; border-left: 4px solid #1f4e8c; font-size: 20px; line-height: 1.5; font-style: italic; }
blockquote p:last-child { margin-bottom: 0; }
.quotes blockquote p + p { margin-top: 10px; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 15px; font-style: normal; color: #52606d; }
hr { margin: 28px 0; border: 0; border-top: 1px solid #d9dde3; }
pre { padding: 14px; overflow-x: auto; white-space: pre-wrap; background: #f2f3f5; border-radius: 4px; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 15px; }
.end { margin: 32px 0 0; text-align: center; color: #52606d; }
article section { margin-top: 32px; padding-top: 24px; border-top: 1px solid #d9dde3; }
article section h2 { margin: 0 0 12px; font-family: inherit; font-size: 12px; font-weight: 700; letter-spacing: 0.12em; text-transform: uppercase; color: #1f4e8c; }
.contacts { font-size: 16px; line-height: 1.55; }
.contacts p { margin-bottom: 14px; }
.about h2 { font-family: Georgia, "Times New Roman", Times, serif; font-size: 18px; letter-spacing: 0; text-transform: none; color: #111827; }
.about, .notes { font-size: 15px; color: #52606d; }
.site-footer { padding: 28px 24px 48px; text-align: center; font-size: 13px; line-height: 1.6; color: #52606d; }
@media (max-width: 600px) {
  body { font-size: 16px; }
  .wrap { padding: 0 16px; }
  article { margin: 0 -16px; border-radius: 0; padding: 28px 20px; }
  h1 { font-size: 27px; }
  .subheadline { font-size: 17px; }
  blockquote { font-size: 18px; }
}
@media print {
  body { background: #fff; }
  article { box-shadow: none; padding: 0; }
  .embargo { color: #000; background: none; border: 2px solid #000; }
}
`;

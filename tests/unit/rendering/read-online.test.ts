import { describe, expect, it } from 'vitest';
import { personalize, slotValues, type Recipient } from '../../../src/rendering/personalize.js';
import { renderRelease, type RenderOptions } from '../../../src/rendering/render-release.js';
import { emailParts } from '../../../src/rendering/slots.js';
import { validationError } from '../../helpers/errors.js';
import { harborEmbargo, harborOrganization, harborRelease, harborReleaseEs } from './harbor-release.js';

const embargoed: RenderOptions = { variant: 'embargoed', embargo: harborEmbargo, organization: harborOrganization, readOnline: true };
const ana: Recipient = {
  name: 'Ana Ruiz',
  email: 'ana@newsroom.example',
  unsubscribeUrl: 'https://presswire.example/u/t1',
  referenceCode: 'PW-7F3K',
  readOnlineUrl: 'https://presswire.example/e/PW-7F3K?lang=en&via=email',
};

describe('the per-recipient "Read online" link', () => {
  it('links the header to the recipient’s own URL, escaped for HTML', async () => {
    const { html } = personalize(await renderRelease(harborRelease, embargoed), ana);
    expect(html).toMatch(/<a href="https:\/\/presswire\.example\/e\/PW-7F3K\?lang=en&amp;via=email" style="[^"]*">Read online<\/a>/);
    expect(html).not.toContain('?lang=en&via');
  });

  it('puts "Read online: <url>" in the text part, after the embargo notice', async () => {
    const { text } = personalize(await renderRelease(harborRelease, embargoed), ana);
    expect(text).toContain('Not for publication or broadcast before this time.\n\nRead online: https://presswire.example/e/PW-7F3K?lang=en&via=email\n\nPRESS RELEASE');
  });

  it('says "Ver en línea" in a Spanish release', async () => {
    const { html, text } = personalize(await renderRelease(harborReleaseEs, embargoed), ana);
    expect(html).toContain('>Ver en línea</a>');
    expect(text).toContain('Ver en línea: https://presswire.example/e/PW-7F3K?lang=en&via=email');
  });

  it('leaves both the reference code and the URL in an embargoed text part, so a pasted copy still names its recipient', async () => {
    const { text } = personalize(await renderRelease(harborRelease, embargoed), ana);
    expect(text).toContain('Sent to Ana Ruiz (ana@newsroom.example) · Reference: PW-7F3K');
    expect(text).toContain(ana.readOnlineUrl);
  });

  it('is absent unless asked for, and then needs no URL', async () => {
    const { html, text } = personalize(await renderRelease(harborRelease, { ...embargoed, readOnline: undefined }), { ...ana, readOnlineUrl: undefined });
    expect(html).not.toContain('Read online');
    expect(text).not.toContain('Read online');
  });

  it('fills the same in the MIME builder’s segments as in personalize()', async () => {
    const rendered = await renderRelease(harborRelease, embargoed);
    const values = slotValues(rendered.language, ana);
    const slots = emailParts(rendered).parts.map((p) => p.segments.flatMap((s) => (typeof s === 'string' ? [] : [s.slot])));
    expect(slots.every((names) => names.includes('readOnlineUrl'))).toBe(true);
    const text = emailParts(rendered).parts[0]!.segments.map((s) => (typeof s === 'string' ? s : values[s.slot])).join('');
    expect(text).toBe(personalize(rendered, ana).text);
  });
});

describe('the read-online URL is checked like the unsubscribe URL', () => {
  it('is refused when the render has the link and the recipient has no URL, by personalize() and by slot lookup', async () => {
    const rendered = await renderRelease(harborRelease, embargoed);
    const withoutUrl = { ...ana, readOnlineUrl: undefined };
    expect(validationError(() => personalize(rendered, withoutUrl)).issues[0]?.field).toBe('readOnlineUrl');
    const values = slotValues(rendered.language, withoutUrl);
    expect(values.unsubscribeUrl).toBe(ana.unsubscribeUrl);
    expect(validationError(() => values.readOnlineUrl).message).toMatch(/"Read online" link/);
  });

  it('must be an absolute http(s) URL of bounded length', () => {
    for (const readOnlineUrl of ['javascript:alert(1)', '/e/PW-7F3K', 'https://x.example/"><script>', `https://x.example/${'a'.repeat(900)}`]) {
      expect(validationError(() => slotValues('en', { ...ana, readOnlineUrl })).issues[0]?.field).toBe('readOnlineUrl');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import type { Embargo } from '../../../src/releases/release.js';
import { mjmlCompileCount } from '../../../src/rendering/mjml-template.js';
import { personalize } from '../../../src/rendering/personalize.js';
import { renderEmbargoUpdate, type EmbargoUpdateOptions } from '../../../src/rendering/render-embargo-update.js';
import { harborEmbargo, harborOrganization, harborRelease, harborReleaseEs } from './harbor-release.js';
import { hostileOrganizationName, sanitizerTags, tagsOf, unsafeUrls } from './xss-corpus.js';

const later: Embargo = { until: '2026-03-12T13:00:00.000Z', zone: 'America/Los_Angeles' };
const moved: EmbargoUpdateOptions = { organization: harborOrganization, previous: harborEmbargo, next: later };
const lifted: EmbargoUpdateOptions = { ...moved, next: 'lifted' };
const ana = { name: 'Ana Ruiz', email: 'ana@newsroom.example', unsubscribeUrl: 'https://presswire.example/u/t1?d=1&s=2', referenceCode: 'PW-7F3K' };

/** Visible text of an HTML fragment, roughly: tags dropped, the entities we write decoded. */
const visible = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const oneLine = (text: string) => text.replace(/\s+/g, ' ');

async function update(content = harborRelease, options = moved) {
  const rendered = await renderEmbargoUpdate(content, options);
  return { rendered, ...personalize(rendered, ana) };
}

describe('the embargo update, in English', () => {
  it('says the embargo moved, naming the release and both times in its zone and in UTC', async () => {
    const { subject, html, text } = await update();
    expect(subject).toBe(`Embargo update: ${harborRelease.headline}`);
    const sentence =
      `The embargo on “${harborRelease.headline}” has moved from Tuesday, March 10, 2026, 12:01 AM PDT (07:01 UTC) ` +
      'to Thursday, March 12, 2026, 6:00 AM PDT (13:00 UTC).';
    expect(visible(html)).toContain(sentence);
    expect(oneLine(text)).toContain(sentence);
    expect(text.startsWith('EMBARGO UPDATE\n\nNew Report Finds')).toBe(true);
  });

  it('says the embargo was lifted, naming the time it was set for', async () => {
    const { subject, html, text } = await update(harborRelease, lifted);
    expect(subject).toBe(`Embargo lifted: ${harborRelease.headline}`);
    const sentence = `The embargo on “${harborRelease.headline}”, set for Tuesday, March 10, 2026, 12:01 AM PDT (07:01 UTC), has been lifted: you may publish now.`;
    expect(visible(html)).toContain(sentence);
    expect(oneLine(text)).toContain(sentence);
  });

  it('adds the UTC date when it falls on another day than in the release’s zone', async () => {
    const { text } = await update(harborRelease, { ...moved, next: { until: '2026-03-11T00:30:00.000Z', zone: 'America/Los_Angeles' } });
    expect(oneLine(text)).toContain('to Tuesday, March 10, 2026, 5:30 PM PDT (00:30 UTC, March 11, 2026).');
  });
});

describe('the embargo update, in Spanish', () => {
  it('says the embargo moved, with Spanish dates', async () => {
    const { subject, html, text } = await update(harborReleaseEs);
    expect(subject).toBe(`Actualización del embargo: ${harborReleaseEs.headline}`);
    const sentence =
      `El embargo de «${harborReleaseEs.headline}» se ha trasladado del martes 10 de marzo de 2026, 00:01 PDT (07:01 UTC) ` +
      'al jueves 12 de marzo de 2026, 06:00 PDT (13:00 UTC).';
    expect(visible(html)).toContain(sentence);
    expect(oneLine(text)).toContain(sentence);
    expect(html).toContain('<html lang="es"');
  });

  it('says the embargo was lifted', async () => {
    const { subject, html, text } = await update(harborReleaseEs, lifted);
    expect(subject).toBe(`Embargo levantado: ${harborReleaseEs.headline}`);
    const sentence = `Se ha levantado el embargo de «${harborReleaseEs.headline}», previsto para el martes 10 de marzo de 2026, 00:01 PDT (07:01 UTC): ya puede publicarlo.`;
    expect(visible(html)).toContain(sentence);
    expect(oneLine(text)).toContain(sentence);
    expect(text).toContain('Enviado a Ana Ruiz (ana@newsroom.example) · Referencia: PW-7F3K');
  });
});

describe('the update’s footer', () => {
  it('is the release’s: recipient, reference, unsubscribe link, organisation and postal address', async () => {
    const { html, text } = await update();
    expect(html).toContain('Sent to Ana Ruiz (ana@newsroom.example) · Reference: PW-7F3K');
    expect(html).toContain('<a href="https://presswire.example/u/t1?d=1&amp;s=2"');
    expect(html).toContain('1450 Harbor Drive, Suite 300<br />San Diego, CA 92101');
    expect(html).toContain('href="https://harborlegalaid.example.org"');
    expect(text).toMatch(/\n-- \nSent to Ana Ruiz \(ana@newsroom\.example\) · Reference: PW-7F3K\n/);
    expect(text).toContain('Unsubscribe: https://presswire.example/u/t1?d=1&s=2');
    expect(text).toContain('Harbor Legal Aid\n1450 Harbor Drive, Suite 300\nSan Diego, CA 92101\nhttps://harborlegalaid.example.org');
  });

  it('leaves no token or placeholder behind, and has no read-online slot to fill', async () => {
    const { rendered, subject, html, text } = await update();
    expect(rendered.html).not.toContain(`${rendered.slot}:readOnlineUrl`);
    for (const part of [subject, html, text]) {
      expect(part).not.toContain(rendered.slot);
      expect(part).not.toMatch(/\[\[@?\w+\]\]|\[\[slot:|\{\{/);
    }
  });

  it('keeps the text part readable: prose wrapped near 76 columns', async () => {
    const { text } = await update();
    expect(Math.max(...text.split('\n').filter((l) => !l.includes('https://')).map((l) => [...l].length))).toBeLessThanOrEqual(76);
  });
});

describe('safety', () => {
  it('never compiles user text: MJML runs once per template and conditions, whatever the headline', async () => {
    await update();
    const compiled = mjmlCompileCount();
    await update({ ...harborRelease, headline: '<mj-include path="/etc/passwd" /> [[@recipient]] {{colors.accent}}' });
    await update(harborRelease, { ...moved, next: { until: '2026-04-01T16:00:00.000Z', zone: 'Europe/Madrid' } });
    expect(mjmlCompileCount()).toBe(compiled);
  });

  it('escapes a hostile headline and organisation name', async () => {
    const headline = '<script>alert("h")</script><mj-include path="/etc/passwd" /> [[@recipient]]';
    const { html, text } = await update({ ...harborRelease, headline }, { ...moved, organization: { ...harborOrganization, name: hostileOrganizationName } });
    const template = ['html', 'head', 'title', 'meta', 'style', 'body', 'div', 'table', 'tbody', 'tr', 'td', 'h1', 'a', 'br', 'strong', 'o:officedocumentsettings', 'o:allowpng', 'o:pixelsperinch', 'noscript', 'xml'];
    const allowed = new Set([...template, ...sanitizerTags]);
    expect([...tagsOf(html)].filter((t) => !allowed.has(t))).toEqual([]);
    expect(html).not.toMatch(/<script|<mj-|root:.*:0:0:/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;h&quot;)&lt;/script&gt;&lt;mj-include path=&quot;/etc/passwd&quot; /&gt; [[@recipient]]');
    expect(unsafeUrls(html)).toEqual([]);
    expect(text).toContain('[[@recipient]]'); // the release's text, not a slot
  });

  it('refuses an unknown zone and an organisation without a postal address', async () => {
    const error = await renderEmbargoUpdate(harborRelease, {
      ...moved,
      organization: { ...harborOrganization, postalAddress: ' ' },
      next: { ...later, zone: 'Mars/Olympus' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).issues.map((i) => i.field).sort()).toEqual(['next.zone', 'organization.postalAddress']);
  });
});

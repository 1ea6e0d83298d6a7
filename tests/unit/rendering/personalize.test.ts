import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { personalize, slotValues } from '../../../src/rendering/personalize.js';
import { renderRelease, type RenderedEmail } from '../../../src/rendering/render-release.js';
import { emailParts, RenderedEmail as RenderedEmailSchema } from '../../../src/rendering/slots.js';
import { harborEmbargo, harborOrganization, harborRelease } from './harbor-release.js';

const render = (content = harborRelease): Promise<RenderedEmail> =>
  renderRelease(content, { variant: 'embargoed', embargo: harborEmbargo, organization: harborOrganization });

const jim = {
  name: 'Jim "JB" <Baker> & Co',
  email: 'jim@paper.example',
  unsubscribeUrl: 'https://presswire.example/u/tok?d=dlv_1&s=2',
  referenceCode: 'PW-7F3K',
};

describe('personalize', () => {
  it('fills name, email, reference and unsubscribe URL, escaped for HTML and raw in text', async () => {
    const { subject, html, text } = personalize(await render(), jim);
    expect(subject).toContain(harborRelease.headline);
    expect(html).toContain('Sent to Jim &quot;JB&quot; &lt;Baker&gt; &amp; Co (jim@paper.example) · Reference: PW-7F3K');
    expect(html).toContain('<a href="https://presswire.example/u/tok?d=dlv_1&amp;s=2"');
    expect(html).not.toContain('<Baker>');
    expect(text).toContain('Sent to Jim "JB" <Baker> & Co (jim@paper.example) · Reference: PW-7F3K');
    expect(text).toContain('Unsubscribe: https://presswire.example/u/tok?d=dlv_1&s=2');
  });

  it('leaves no slot token behind', async () => {
    const rendered = await render();
    const { subject, html, text } = personalize(rendered, jim);
    for (const part of [subject, html, text]) {
      expect(part).not.toContain(rendered.slot);
      expect(part).not.toMatch(/\[\[@?\w+\]\]|\[\[slot:/);
    }
  });

  it('still reads well without a name or a reference code', async () => {
    const { html, text } = personalize(await render(), { email: 'desk@paper.example', unsubscribeUrl: 'https://presswire.example/u/t' });
    expect(text).toContain('Sent to desk@paper.example\n');
    expect(html).toContain('Sent to desk@paper.example<br />');
  });

  it('keeps a name to one line', async () => {
    const { text } = personalize(await render(), { ...jim, name: 'Jim\r\nBcc: evil@example.org' });
    expect(text).toContain('Sent to Jim Bcc: evil@example.org (jim@paper.example)');
  });

  it('leaves look-alike tokens written in the release alone', async () => {
    const body = 'Try [[headline]], [[@recipient]] and [[slot:0123456789abcdef01234567:unsubscribeUrl]] here.';
    const { html, text } = personalize(await render({ ...harborRelease, body }), jim);
    expect(html).toContain(body);
    expect(text.replace(/\s+/g, ' ')).toContain(body);
  });

  it('refuses an unsubscribe URL that is not http(s)', async () => {
    const rendered = await render();
    expect(() => personalize(rendered, { ...jim, unsubscribeUrl: 'javascript:alert(1)' })).toThrow(AppError);
    expect(() => personalize(rendered, { ...jim, unsubscribeUrl: 'https://x.example/"><script>' })).toThrow(AppError);
  });

  it('personalizes a 20 KB message in microseconds', async () => {
    const rendered = await render();
    const runs = 2000;
    const started = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) personalize(rendered, { ...jim, email: `r${i}@paper.example` });
    const microseconds = Number(process.hrtime.bigint() - started) / 1000 / runs;
    console.info(`personalize: ${microseconds.toFixed(1)} µs per recipient`);
    expect(microseconds).toBeLessThan(1000); // generous: a CI box under load must not flake
  });
});

describe('the stored render', () => {
  it('is plain JSON that parses back into the same render', async () => {
    const rendered = await render();
    expect(RenderedEmailSchema.parse(JSON.parse(JSON.stringify(rendered)))).toEqual(rendered);
  });

  it('cuts into segments at its slots, which fill to the same message as personalize()', async () => {
    const rendered = await render();
    const { subject, parts } = emailParts(rendered);
    const values = slotValues(rendered.language, jim);
    const escape = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const fill = (i: number, esc: (v: string) => string) =>
      parts[i]!.segments.map((s) => (typeof s === 'string' ? s : esc(values[s.slot]))).join('');
    const expected = personalize(rendered, jim);
    expect(subject).toBe(expected.subject);
    expect(parts.map((p) => p.contentType)).toEqual(['text/plain', 'text/html']);
    expect(fill(0, (v) => v)).toBe(expected.text);
    expect(fill(1, escape)).toBe(expected.html);
  });
});

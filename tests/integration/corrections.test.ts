/**
 * Corrections, for real: a finalized release corrected into a new version reaches exactly those
 * whose copy of the original was accepted — not a copy that failed or bounced, not an address
 * suppressed since, not a contact added to the list later — threaded to their original, with
 * "CORRECTION:" in their language; the public page shows the new version with a dated note.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { recordDeliveryEvent } from '../../src/tracking/delivery-events.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { fastTimings } from '../helpers/scenario.js';
import { csrfTokenIn } from '../helpers/forms.js';
import { runCli } from '../helpers/processes.js';
import { firstAdmin } from '../helpers/sign-in.js';
import { appWithSink } from '../helpers/suite.js';
import { testToken, waitForDistribution } from '../helpers/test-app.js';

const originalBody = 'Asylum seekers held in detention waited a median of 79 days before meeting a lawyer.';
const correctedBody = 'Asylum seekers held in detention waited a median of 97 days before meeting a lawyer.';

describe.each(testDatabaseKinds())('corrections (%s)', (database) => {
  const s = appWithSink({ database, env: fastTimings });
  const { sink } = s;
  let run = 0;

  const csvOf = (rows: [string, string][]) => ['Name,Email,Preferred Language', ...rows.map(([email, language]) => `Reporter ${email.split('@')[0]},${email},${language}`)].join('\n');
  const mailsTo = (address: string): Promise<ParsedMail[]> => Promise.all(sink.received.filter((r) => r.rcptTo[0] === address).map((r) => simpleParser(r.raw)));
  const deliveryOf = (distributionId: string, address: string) =>
    s.t.ctx.db.kysely.selectFrom('deliveries').selectAll().where('distribution_id', '=', distributionId).where('address', '=', address).executeTakeFirstOrThrow();

  /** A finalized release sent to `rows` ([address, language]) and finished; its id, list and distribution. */
  async function sentRelease(content: Record<string, unknown>, rows: [string, string][]) {
    run++;
    const list = `corrections-${run}`;
    expect((await s.t.api('POST', `/api/v1/lists/${list}/import`, { body: csvOf(rows) })).status).toBe(200);
    const created = await s.t.api<{ id: string }>('POST', '/api/v1/releases', { json: { content: { dateline: 'SAN DIEGO', ...content } } });
    expect(created.status).toBe(201);
    await s.t.api('POST', `/api/v1/releases/${created.body.id}/finalize`);
    const sent = await s.t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId: created.body.id, lists: [list] } });
    await waitForDistribution(s.t, sent.body.id);
    return { releaseId: created.body.id, list, distributionId: sent.body.id };
  }

  async function sendCorrection(releaseId: string, note: string, content: Record<string, unknown>) {
    const corrected = await s.t.api<{ id: string; corrects: string; status: string; correctionNote: string }>('POST', `/api/v1/releases/${releaseId}/correct`, { json: { content, note } });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
    expect(corrected.body).toMatchObject({ corrects: releaseId, status: 'draft', correctionNote: note });
    await s.t.api('POST', `/api/v1/releases/${corrected.body.id}/finalize`);
    const sent = await s.t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId: corrected.body.id, correction: true } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    await waitForDistribution(s.t, sent.body.id);
    return { correctionId: corrected.body.id, distributionId: sent.body.id };
  }

  it('reaches exactly the accepted recipients of the original, each threaded to their own copy', async () => {
    const domain = `wire${database}.example.org`;
    const [ok1, ok2, failed, bounced, unsubscribed, late] = ['ana', 'wei', 'gone', 'bounce', 'quit', 'late'].map((n) => `${n}@${domain}`) as [string, string, string, string, string, string];
    sink.script = { rcpt: (address) => (address === failed ? { code: 550, message: '5.1.1 no such user' } : undefined) };
    const original = await sentRelease({ headline: `Detention report ${database}`, body: originalBody }, [ok1, ok2, failed, bounced, unsubscribed].map((a) => [a, 'en']));
    sink.script = {};
    expect(['failed', 'bounced']).toContain((await deliveryOf(original.distributionId, failed)).status);

    // After the send: one copy bounces, one journalist unsubscribes, and a contact joins the list.
    const bouncedCopy = await deliveryOf(original.distributionId, bounced);
    await recordDeliveryEvent({ ...s.t.ctx, noticeComplaint: async () => {} }, {
      deliveryId: bouncedCopy.id, type: 'bounce', source: 'smtp', eventKey: `corr-${database}`, bounceKind: 'hard', statusCode: '5.1.1', detail: 'smtp; 550 5.1.1 user unknown', occurredAt: Date.now(),
    });
    expect((await deliveryOf(original.distributionId, bounced)).status).toBe('bounced');
    const quitCopy = await deliveryOf(original.distributionId, unsubscribed);
    expect((await s.t.app.inject({ method: 'POST', url: `/u/${s.t.ctx.tokens.sign('unsubscribe', quitCopy.id)}` })).statusCode).toBeLessThan(400);
    await s.t.api('POST', `/api/v1/lists/${original.list}/import`, { body: csvOf([[late, 'en']]) });

    const sentBefore = sink.received.length;
    const { distributionId } = await sendCorrection(original.releaseId, 'The median wait was 97 days, not 79.', { body: correctedBody });
    const correctionMails = sink.received.slice(sentBefore);
    expect(correctionMails.map((r) => r.rcptTo[0]).sort()).toEqual([ok1, ok2].sort());
    for (const address of [ok1, ok2]) {
      const [first, correction] = await mailsTo(address);
      expect(correction!.subject).toBe(`CORRECTION: Detention report ${database}`);
      expect(correction!.inReplyTo).toBe(first!.messageId);
      expect(correction!.inReplyTo).toBe((await deliveryOf(original.distributionId, address)).message_id);
      expect(correction!.references).toBe(first!.messageId);
      expect(correction!.text).toContain('97 days');
    }
    const rows = await s.t.ctx.db.kysely.selectFrom('deliveries').select(['address', 'status']).where('distribution_id', '=', distributionId).execute();
    expect(rows.map((r) => r.address).sort()).toEqual([ok1, ok2].sort());
    expect(rows.every((r) => r.status === 'accepted')).toBe(true);
  });

  it('says CORRECCIÓN in Spanish, and the public page shows the new version with a dated note', async () => {
    const address = `lucia@prensa${database}.example.com`;
    const original = await sentRelease({ language: 'es', headline: 'Informe sobre detención', body: 'Los solicitantes esperaron 79 días.' }, [[address, 'es']]);
    const note = 'La espera media fue de 97 días, no de 79 <b>días</b>.';
    const { correctionId } = await sendCorrection(original.releaseId, note, { body: 'Los solicitantes esperaron 97 días.' });
    const [, correction] = await mailsTo(address);
    expect(correction!.subject).toBe('CORRECCIÓN: Informe sobre detención');

    for (const id of [original.releaseId, correctionId]) {
      const page = await s.t.app.inject({ method: 'GET', url: `/r/${id}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('esperaron 97 días');
      expect(page.body).not.toContain('esperaron 79 días');
      expect(page.body).toMatch(/<p class="correction" role="note">Corregido el \d{1,2} de [a-z]+ de \d{4}: La espera media fue de 97 días, no de 79 &lt;b&gt;días&lt;\/b&gt;\.<\/p>/);
    }

    // The newsroom lists the release once, under the original's address, in its corrected words with the note.
    const feed = JSON.parse((await s.t.app.inject({ method: 'GET', url: '/newsroom/feed.json' })).body) as { items: { id: string; content_html: string }[] };
    const items = feed.items.filter((i) => i.content_html.includes('Los solicitantes esperaron'));
    expect(items.map((i) => i.id)).toEqual([`https://press.example.org/r/${original.releaseId}`]);
    expect(items[0]!.content_html).toContain('esperaron 97 días');
    expect(items[0]!.content_html).toMatch(/<p class="correction">Corregido el .*: La espera media fue de 97 días, no de 79 &lt;b&gt;días&lt;\/b&gt;\.<\/p>/);
    expect(feed.items.some((i) => i.id.endsWith(correctionId))).toBe(false);
  });

  it('previews the correction with its subject and a line diff against the original', async () => {
    const original = await sentRelease({ headline: `Preview report ${database}`, body: originalBody }, [[`dana@preview${database}.example.org`, 'en']]);
    const corrected = await s.t.api<{ id: string }>('POST', `/api/v1/releases/${original.releaseId}/correct`, { json: { content: { body: correctedBody }, note: 'Fixed the median.' } });
    const preview = await s.t.api<{ subject: string; text: string; diff: { change: string; line: string }[] }>('GET', `/api/v1/releases/${corrected.body.id}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.body.subject).toBe(`CORRECTION: Preview report ${database}`);
    const changed = preview.body.diff.filter((d) => d.change !== 'same');
    expect(changed.filter((d) => d.change === 'removed').map((d) => d.line).join(' ')).toContain('79 days');
    expect(changed.filter((d) => d.change === 'added').map((d) => d.line).join(' ')).toContain('97 days');
    expect(preview.body.diff.filter((d) => d.change === 'same').map((d) => d.line)).toContain('###');
    // A draft correction is not sent, and the page still shows the original.
    const early = await s.t.api<{ title: string }>('POST', '/api/v1/distributions', { json: { releaseId: corrected.body.id, correction: true } });
    expect(early.status).toBe(409);
    expect((await s.t.app.inject({ method: 'GET', url: `/r/${original.releaseId}` })).body).not.toContain('class="correction"');
  });

  it('refuses what is not a correction, a note that is missing, and lists for a correction', async () => {
    const original = await sentRelease({ headline: `Refusals ${database}`, body: originalBody }, [[`ed@refuse${database}.example.org`, 'en']]);
    const noNote = await s.t.api<{ issues: { field: string }[] }>('POST', `/api/v1/releases/${original.releaseId}/correct`, { json: { content: { body: correctedBody }, note: '  ' } });
    expect(noNote.status).toBe(400);
    expect(noNote.body.issues.map((i) => i.field)).toContain('note');
    const notCorrection = await s.t.api('POST', '/api/v1/distributions', { json: { releaseId: original.releaseId, correction: true } });
    expect(notCorrection.status).toBe(409);
    const draft = await s.t.api<{ id: string }>('POST', '/api/v1/releases', { json: { content: { headline: 'Draft', body: 'Text.' } } });
    expect((await s.t.api('POST', `/api/v1/releases/${draft.body.id}/correct`, { json: { note: 'x' } })).status).toBe(409);

    const { correctionId } = await sendCorrection(original.releaseId, 'Fixed the median.', { body: correctedBody });
    const withLists = await s.t.api<{ issues: { field: string }[] }>('POST', '/api/v1/distributions', { json: { releaseId: correctionId, correction: true, lists: [original.list] } });
    expect(withLists.status).toBe(400);
    expect(withLists.body.issues.map((i) => i.field)).toContain('lists');
    // The original is corrected once; the next correction corrects the correction.
    expect((await s.t.api('POST', `/api/v1/releases/${original.releaseId}/correct`, { json: { note: 'Again.' } })).status).toBe(409);
    expect((await s.t.api('POST', `/api/v1/releases/${correctionId}/correct`, { json: { note: 'Again.', content: { headline: `Refusals ${database}, corrected twice` } } })).status).toBe(201);
  });

  it('offers "Correct this release" on a finalized release, with the form prefilled and the note asked', async () => {
    const original = await sentRelease({ headline: `Desk report ${database}`, body: originalBody }, [[`kim@desk${database}.example.org`, 'en']]);
    const desk = await firstAdmin(s.t);
    const page = await desk.get(`/releases/${original.releaseId}`);
    expect(page.body).toContain(`href="/releases/${original.releaseId}/correct"`);
    expect(page.body).toContain('Correct this release');
    const form = await desk.get(`/releases/${original.releaseId}/correct`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="Desk report ${database}"`);
    expect(form.body).toContain(originalBody);
    expect(form.body).toMatch(/<textarea id="note" name="note"/);

    const fields = { kind: 'press_release', language: 'en', headline: `Desk report ${database}`, dateline: 'SAN DIEGO', body: correctedBody };
    const missingNote = await desk.post(`/releases/${original.releaseId}/correct`, { ...fields, note: '' }, csrfTokenIn(form.body));
    expect(missingNote.statusCode).toBe(400);
    expect(missingNote.body).toContain('What the correction changes is required');
    const saved = await desk.post(`/releases/${original.releaseId}/correct`, { ...fields, note: 'Fixed the median.' }, csrfTokenIn(form.body));
    expect(saved.statusCode).toBe(303);
    const correctionId = /^\/releases\/(rel_[0-9a-z]{25})$/.exec(String(saved.headers.location))?.[1];
    const stored = await s.t.api<{ corrects: string; correctionNote: string; status: string; content: { body: string } }>('GET', `/api/v1/releases/${correctionId}`);
    expect(stored.body).toMatchObject({ corrects: original.releaseId, correctionNote: 'Fixed the median.', status: 'draft', content: { body: correctedBody } });

    // Finalized, the correction's page sends it with one button: to the original's recipients, once however often pressed.
    await s.t.api('POST', `/api/v1/releases/${correctionId}/finalize`);
    const finalized = await desk.get(`/releases/${correctionId}`);
    expect(finalized.body).toContain(`action="/releases/${correctionId}/send-correction"`);
    const pressed = await desk.post(`/releases/${correctionId}/send-correction`, {}, csrfTokenIn(finalized.body));
    expect(pressed.statusCode).toBe(303);
    const again = await desk.post(`/releases/${correctionId}/send-correction`, {}, csrfTokenIn(finalized.body));
    expect(again.headers.location).toBe(pressed.headers.location);
    await waitForDistribution(s.t, String(pressed.headers.location).split('/').pop()!);
    const mails = await mailsTo(`kim@desk${database}.example.org`);
    expect(mails.map((m) => m.subject)).toEqual([`Desk report ${database}`, `CORRECTION: Desk report ${database}`]);
  });

  it('corrects from a file and sends the correction with the CLI, no list named', async () => {
    const address = `omar@cli${database}.example.org`;
    const original = await sentRelease({ headline: `CLI report ${database}`, body: originalBody }, [[address, 'en']]);
    const env = { PRESSWIRE_URL: await s.t.app.listen({ host: '127.0.0.1', port: 0 }), PRESSWIRE_TOKEN: testToken };
    const file = join(mkdtempSync(join(tmpdir(), 'presswire-correction-')), 'corrected.md');
    writeFileSync(file, ['---', `headline: CLI report ${database}`, 'dateline: SAN DIEGO', '---', correctedBody].join('\n'));
    const corrected = await runCli(['releases', 'correct', original.releaseId, '--file', file, '--note', 'The median wait was 97 days.', '--json'], env);
    expect(corrected.code, corrected.stderr).toBe(0);
    const { id, corrects } = JSON.parse(corrected.stdout) as { id: string; corrects: string };
    expect(corrects).toBe(original.releaseId);
    expect((await runCli(['releases', 'finalize', id], env)).code).toBe(0);
    const sent = await runCli(['send', id, '--wait', '--json'], env);
    expect(sent.code, sent.stderr).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ total: 1, counts: { accepted: 1 } });
    const [first, correction] = await mailsTo(address);
    expect(correction!.subject).toBe(`CORRECTION: CLI report ${database}`);
    expect(correction!.inReplyTo).toBe(first!.messageId);
  });
});

/**
 * One release in English and Spanish, sent to a mixed-language list: each journalist gets
 * their language (or the release's own when theirs is missing or unknown), with the fixed
 * text and dates in that language, rendered once per variant and language.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { appWithSink } from '../helpers/suite.js';
import { readFixture } from '../helpers/fixtures.js';
import { fastTimings } from '../helpers/scenario.js';
import { waitForDistribution } from '../helpers/test-app.js';

const list = [
  'Name,Email,Preferred Language,Embargo OK',
  'Ana Morales,ana@ledger.example.com,English,no',
  'Luis Ortega,luis@telediario.example.org,Spanish,yes',
  'Sofía Reyes,sofia@radiofrontera.example.org,es-MX,no',
  'Wei Zhang,wei@pacificpost.example.org,Klingon,no',
  'Tom Neill,tom@kxla7.example.com,,no',
].join('\n');

const englishHeadline = 'New Report Finds Detained Asylum Seekers in Southern California Wait Months Without Counsel';
const spanishHeadline = 'Nuevo informe: solicitantes de asilo detenidos en el sur de California esperan meses sin abogado';

describe.each(testDatabaseKinds())('languages (%s)', (database) => {
  const s = appWithSink({ database, env: fastTimings });
  const { sink } = s;
  let releaseId: string;

  beforeAll(async () => {
    const en = await s.t.api<{ id: string; warnings: string[] }>('POST', '/api/v1/releases', { json: { source: readFixture('releases/harbor-legal-aid-detention-report-embargoed.txt') } });
    releaseId = en.body.id;
    const es = await s.t.api<{ id: string; release: { translationOf: string } }>('POST', '/api/v1/releases', {
      json: { source: readFixture('releases/harbor-legal-aid-detention-report-embargoed.es.txt'), translationOf: releaseId },
    });
    expect(es.status).toBe(201);
    expect(es.body.release.translationOf).toBe(releaseId);
    await s.t.api('POST', '/api/v1/lists/mixed/import', { body: list });
  });

  const mailTo = async (address: string): Promise<ParsedMail[]> => Promise.all(sink.received.filter((r) => r.rcptTo[0] === address).map((r) => simpleParser(r.raw)));

  it('freezes the translations with the release, and refuses to finalize or send a translation alone', async () => {
    const shown = await s.t.api<{ translations: { id: string; language: string }[] }>('GET', `/api/v1/releases/${releaseId}`);
    const [spanish] = shown.body.translations;
    expect(spanish).toMatchObject({ language: 'es' });
    expect((await s.t.api<{ code: string }>('POST', `/api/v1/releases/${spanish!.id}/finalize`)).status).toBe(409);
    await s.t.api('POST', `/api/v1/releases/${releaseId}/finalize`);
    expect((await s.t.api<{ status: string }>('GET', `/api/v1/releases/${spanish!.id}`)).body.status).toBe('finalized');
    expect((await s.t.api('POST', '/api/v1/releases', { json: { source: readFixture('releases/harbor-legal-aid-detention-report-embargoed.es.txt'), translationOf: releaseId } })).status).toBe(409);
    expect((await s.t.api<{ code: string }>('POST', '/api/v1/distributions', { json: { releaseId: spanish!.id, lists: ['mixed'] } })).status).toBe(409);
  });

  it('sends each journalist their language, rendered once per language', async () => {
    const { body } = await s.t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId, lists: ['mixed'] } });
    await waitForDistribution(s.t, body.id);
    for (const address of ['ana@ledger.example.com', 'wei@pacificpost.example.org', 'tom@kxla7.example.com']) {
      const [mail] = await mailTo(address);
      expect(mail!.subject).toBe(englishHeadline);
      expect(mail!.text).toContain('Media contact');
      expect(mail!.text).toContain('March 10, 2026');
    }
    for (const address of ['luis@telediario.example.org', 'sofia@radiofrontera.example.org']) {
      const [mail] = await mailTo(address);
      expect(mail!.subject).toBe(spanishHeadline);
      expect(mail!.text).toContain('Contacto de prensa');
      expect(mail!.text).toContain('10 de marzo de 2026');
      expect(mail!.text).toContain('Enviado a');
      expect(mail!.text).toContain('Darse de baja');
      expect(mail!.html).toContain('lang="es"');
    }
    const renders = await s.t.ctx.db.kysely.selectFrom('renders').select(['variant', 'language']).where('distribution_id', '=', body.id).orderBy('language').execute();
    expect(renders).toEqual([{ variant: 'public', language: 'en' }, { variant: 'public', language: 'es' }]);
  });

  it('writes the embargo banner and dates in Spanish for Spanish early recipients', async () => {
    await s.t.api('PUT', `/api/v1/releases/${releaseId}/embargo`, { json: { until: '2027-03-10 00:01 America/Los_Angeles' } });
    const { body } = await s.t.api<{ id: string }>('POST', '/api/v1/distributions', { json: { releaseId, lists: ['mixed'] } });
    await sink.waitFor(() => sink.received.filter((r) => r.rcptTo[0] === 'luis@telediario.example.org').length === 2);
    const latest = (await mailTo('luis@telediario.example.org')).at(-1)!;
    expect(latest.subject).toBe(`EMBARGO HASTA miércoles 10 de marzo de 2027, 00:01 PST: ${spanishHeadline}`);
    expect(latest.text).toContain('miércoles 10 de marzo de 2027, 00:01 PST');
    expect(latest.text).toContain('08:01 UTC');
    expect(latest.text).toMatch(/Referencia: [0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}/);
    await s.t.api('POST', `/api/v1/distributions/${body.id}/cancel`);
  });
});

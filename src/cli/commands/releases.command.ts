import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import type { Answer } from '../../contract/operation.js';
import type { Release, ReleaseImage, releases as operations } from '../../contract/releases.js';
import type { ApiClient } from '../client.js';
import { emit, note, table, type JsonFlag } from '../output.js';

function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new AppError('VALIDATION', `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

const size = (bytes: number) => (bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(0)} KB`);
const describeImage = (i: ReleaseImage) => `${i.mimeType}, ${size(i.bytes)}, alt "${i.alt}"`;

const describe = (r: Release & { image?: ReleaseImage | null }) =>
  [
    `${r.id}  ${r.status}${r.contentHash ? `  sha256:${r.contentHash.slice(0, 12)}` : ''}`,
    `  ${r.content.headline}`,
    r.content.subheadline ? `  ${r.content.subheadline}` : '',
    `  kind ${r.content.kind}, language ${r.content.language}${r.content.releaseDate ? `, dated ${r.content.releaseDate}` : ''}${r.content.dateline ? `, dateline ${r.content.dateline}` : ''}`,
    r.embargo ? `  embargoed until ${r.embargo.until} (${r.embargo.zone})` : '',
    r.content.contacts.length ? `  contact: ${r.content.contacts.map((c) => [c.name, c.email, c.phone].filter(Boolean).join(', ')).join('; ')}` : '',
    r.content.quotes.length ? `  quotes: ${r.content.quotes.map((q) => q.speaker).join(', ')}` : '',
    r.content.boilerplate ? `  ${r.content.boilerplate.heading}` : '',
    r.image ? `  image: ${describeImage(r.image)}` : '',
  ]
    .filter(Boolean)
    .join('\n');

export function registerReleaseCommands(program: Command, client: () => ApiClient): void {
  const releases = program.command('releases').description('write, import, preview and finalize releases');

  releases
    .command('import <file>')
    .description('import a release: Markdown with front matter, or plain text as pasted from a page')
    .option('--translation-of <release-id>', 'import the file as a translation of that (draft) release')
    .option('--json', 'print JSON')
    .action(async (file: string, flags: JsonFlag & { translationOf?: string }) => {
      const result = await client().request<Answer<typeof operations.create>>('POST', '/releases', {
        json: { source: readInput(file).toString('utf8'), filename: basename(file), translationOf: flags.translationOf },
      });
      for (const w of result.warnings) note(`warning: ${w}`);
      emit(flags, { id: result.id, warnings: result.warnings }, () => `imported ${describe(result.release)}`);
    });

  releases
    .command('list')
    .description('list releases, newest first')
    .option('--json', 'print JSON')
    .action(async (flags: JsonFlag) => {
      const { releases: rows } = await client().request<Answer<typeof operations.list>>('GET', '/releases');
      emit(flags, rows, () => (rows.length ? table(rows.map((r) => [r.id, r.status, r.headline])) : 'no releases yet'));
    });

  releases
    .command('show <id>')
    .description('show a release')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: JsonFlag) => {
      const release = await client().request<Answer<typeof operations.read>>('GET', `/releases/${encodeURIComponent(id)}`);
      emit(flags, release, () => describe(release));
    });

  releases
    .command('preview <id>')
    .description('render the email a journalist would get, into email.html and email.txt')
    .requiredOption('--out <dir>', 'directory to write email.html and email.txt into')
    .option('--embargoed', 'render the embargoed variant')
    .option('--language <code>', 'render the translation in this language')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: JsonFlag & { out: string; embargoed?: boolean; language?: string }) => {
      const query = new URLSearchParams({ variant: flags.embargoed ? 'embargoed' : 'public', ...(flags.language ? { language: flags.language } : {}) });
      const preview = await client().request<Answer<typeof operations.preview>>('GET', `/releases/${encodeURIComponent(id)}/preview?${query}`);
      const dir = resolve(flags.out);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'email.html'), preview.html);
      writeFileSync(join(dir, 'email.txt'), preview.text);
      const files = { html: join(dir, 'email.html'), text: join(dir, 'email.txt') };
      emit(flags, { subject: preview.subject, htmlBytes: preview.htmlBytes, files }, () =>
        [`subject: ${preview.subject}`, `wrote ${files.html} (HTML ${(preview.htmlBytes / 1024).toFixed(1)} KB; Gmail clips above 102 KB)`, `wrote ${files.text}`].join('\n'),
      );
    });

  releases
    .command('embargo <id>')
    .description('move an embargo, or lift it now; pending sends follow, and early recipients get an update')
    .option('--until <time>', 'ISO instant or local time with zone: "2026-03-10 00:01 America/Los_Angeles"')
    .option('--lift-now', 'lift the embargo now')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: JsonFlag & { until?: string; liftNow?: boolean }) => {
      if (!flags.until === !flags.liftNow) throw new AppError('VALIDATION', 'Give either --until <time> or --lift-now', { issues: [{ field: 'until', message: 'give exactly one of --until and --lift-now' }] });
      const result = await client().request<Answer<typeof operations.changeEmbargo>>('PUT', `/releases/${encodeURIComponent(id)}/embargo`, {
        json: flags.liftNow ? { liftNow: true } : { until: flags.until },
      });
      emit(flags, { id: result.release.id, embargo: result.release.embargo ?? null, distributions: result.distributions, updates: result.updates }, () =>
        [
          flags.liftNow ? `embargo lifted on ${result.release.id}` : `embargoed until ${result.release.embargo?.until} (${result.release.embargo?.zone})`,
          `  ${result.distributions} distribution(s) re-timed, ${result.updates} update message(s) queued for early recipients`,
        ].join('\n'),
      );
    });

  releases
    .command('image <id> [file]')
    .description("set the image posted with the release on social networks (PNG, JPEG, GIF or WebP, up to 5 MB), or remove it")
    .option('--alt <text>', 'what the image shows, for people who cannot see it (required with a file)')
    .option('--remove', 'remove the image')
    .option('--json', 'print JSON')
    .action(async (id: string, file: string | undefined, flags: JsonFlag & { alt?: string; remove?: boolean }) => {
      const path = `/releases/${encodeURIComponent(id)}/image`;
      if (flags.remove) {
        if (file) throw new AppError('VALIDATION', 'Give either a file or --remove', { issues: [{ field: 'file', message: 'not allowed with --remove' }] });
        await client().request('DELETE', path);
        emit(flags, { id, image: null }, () => `removed the image of ${id}`);
        return;
      }
      if (!file) throw new AppError('VALIDATION', 'Give the image file, or --remove', { issues: [{ field: 'file', message: 'is required' }] });
      const image = await client().request<Answer<typeof operations.setImage>>('PUT', path, { json: { data: readInput(file).toString('base64'), alt: flags.alt ?? '' } });
      emit(flags, { id, image }, () => `image of ${id}: ${describeImage(image)}`);
    });

  releases
    .command('finalize <id>')
    .description('validate and freeze a release; it can be sent from then on and never changes')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: JsonFlag) => {
      const release = await client().request<Answer<typeof operations.finalize>>('POST', `/releases/${encodeURIComponent(id)}/finalize`);
      emit(flags, { id: release.id, status: release.status, contentHash: release.contentHash }, () => `finalized ${release.id} (sha256:${release.contentHash})`);
    });

  releases
    .command('correct <id>')
    .description('correct a finalized release: a new draft linked to it; finalize it, then `presswire send <new id>` reaches those who received the original')
    .requiredOption('--file <file>', 'the corrected release: Markdown with front matter, or plain text')
    .requiredOption('--note <text>', 'what the correction changes (shown, dated, on the public page)')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: JsonFlag & { file: string; note: string }) => {
      const release = await client().request<Answer<typeof operations.correct>>('POST', `/releases/${encodeURIComponent(id)}/correct`, {
        json: { source: readInput(flags.file).toString('utf8'), filename: basename(flags.file), note: flags.note },
      });
      emit(flags, { id: release.id, corrects: release.corrects, status: release.status }, () => `correction of ${id}: ${describe(release)}`);
    });
}

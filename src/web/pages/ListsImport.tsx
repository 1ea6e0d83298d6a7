/**
 * Import a media-list export: a file or pasted CSV text into a named list. A plain
 * multipart form, so it works without JavaScript; a file Presswire cannot read comes back
 * here with its problems.
 */
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.js';
import { CsrfInput, FileField, TextArea, TextField } from '../components/Fields.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export function ListsImport({ ctx, list, text, existing, errors = [] }: { ctx: PageContext; list?: string; text?: string; existing: string[]; errors?: FieldError[] }) {
  const { t } = ctx;
  const f = t.lists.importForm;
  const hint = existing.length > 0 ? `${f.listHint} ${f.existing(existing.join(', '))}` : f.listHint;
  return (
    <Base ctx={ctx} title={f.title} failed={errors.length > 0} section="lists">
      <ErrorSummary t={t} errors={errors} />
      <h1 safe>{f.title}</h1>
      <p safe>{f.intro}</p>
      <form method="post" action="/lists/import" enctype="multipart/form-data" novalidate>
        <CsrfInput token={ctx.csrf} />
        <TextField id="list" label={f.list} hint={hint} value={list} errors={errors} autocomplete="off" />
        <FileField id="file" label={f.file} hint={f.fileHint} accept=".csv,.tsv,.txt,text/csv,text/plain" errors={errors} />
        <TextArea id="text" label={f.text} value={text} rows={8} errors={errors} />
        <button type="submit" class="button" safe>
          {f.submit}
        </button>
      </form>
    </Base>
  );
}

/**
 * What the last import into a list did, row by row: the counts, what is worth checking,
 * and every duplicate and rejected row with its row number (as a spreadsheet numbers it)
 * and why. Read from the import's audit row, so it is the same after a reload.
 */
import type { Children } from '@kitajs/html';
import type { ImportRecord } from '../../contacts/import-record.js';
import { Table } from '../components/Table.js';
import { SummaryList, TextRow } from '../components/SummaryList.js';
import { formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';
import { listHref } from './ListsIndex.js';

export const reportHref = (list: string): string => `${listHref(list)}/last-import`;

/** One kind of row the report lists (rejected, duplicate, worth checking): a heading, a few words, the rows, and whether some were left out. */
function RowsSection(props: { ctx: PageContext; id: string; title: string; intro?: string; caption: string; headings: string[]; rows: (string | number)[][]; total: number; children?: Children }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id} safe>
        {props.title}
      </h2>
      {props.intro ? <p safe>{props.intro}</p> : ''}
      {props.children ?? ''}
      <Table caption={props.caption} columns={props.headings}>
        {props.rows.map((cells) => (
          <tr>
            {cells.map((cell) => (
              <td safe>{String(cell)}</td>
            ))}
          </tr>
        ))}
      </Table>
      {props.rows.length < props.total ? <p class="muted" safe>{props.ctx.t.lists.report.cut(props.rows.length, props.total)}</p> : ''}
    </section>
  );
}

interface LastImport {
  by: string;
  at: string;
  record: ImportRecord;
}

function Report({ ctx, list, last }: { ctx: PageContext; list: string; last: LastImport }) {
  const { t, locale } = ctx;
  const r = t.lists.report;
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  const { record } = last;
  const withCells = record.rejected.filter((row) => row.cells).length;
  const download = (
    <>
      <p>
        <a class="button" href={`${reportHref(list)}/rejected.csv`} safe>
          {r.download}
        </a>
      </p>
      {withCells < record.totals.rejected ? <p class="muted" safe>{r.downloadCut(withCells, record.totals.rejected)}</p> : ''}
    </>
  );
  const sections = [
    { id: 'rejected-title', title: r.rejectedTitle, intro: r.rejectedIntro, caption: r.rejectedCaption, headings: [r.row, r.reason], rows: record.rejected.map((row) => [row.row, row.reason]), total: record.totals.rejected, children: download },
    { id: 'duplicates-title', title: r.duplicatesTitle, intro: r.duplicatesIntro, caption: r.duplicatesCaption, headings: [r.row, r.address, r.firstRow], rows: record.duplicates.map((d) => [d.row, d.email, d.firstRow]), total: record.totals.duplicates },
    { id: 'warnings-title', title: r.warnings, caption: r.warningsCaption, headings: [r.row, r.message], rows: record.warnings.map((w) => [w.row, w.message]), total: record.totals.warnings },
  ];
  return (
    <>
      <p safe>{r.by(last.by, formatInstant(locale, last.at))}</p>
      <h2 safe>{r.counts}</h2>
      <SummaryList>
        <TextRow label={r.imported} text={count(record.imported)} />
        <TextRow label={r.updated} text={count(record.updated)} />
        <TextRow label={r.unchanged} text={count(record.unchanged)} />
        <TextRow label={r.duplicates} text={count(record.totals.duplicates)} />
        <TextRow label={r.rejected} text={count(record.totals.rejected)} />
        <TextRow label={r.ignoredColumns} text={record.ignoredColumns.join(', ')} />
      </SummaryList>

      {sections.filter((section) => section.rows.length > 0).map((section) => (
        <RowsSection ctx={ctx} {...section} />
      ))}
    </>
  );
}

export function ListsImportReport({ ctx, list, last }: { ctx: PageContext; list: string; last: LastImport | undefined }) {
  const r = ctx.t.lists.report;
  return (
    <Base ctx={ctx} title={r.title(list)} section="lists">
      <h1 safe>{r.title(list)}</h1>
      {last ? <Report ctx={ctx} list={list} last={last} /> : <p safe>{r.none}</p>}
      <p>
        <a href={listHref(list)} safe>
          {r.seeList}
        </a>
      </p>
    </Base>
  );
}

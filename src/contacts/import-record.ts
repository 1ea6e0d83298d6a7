/**
 * What the audit row of an import keeps of its report, so the report can be read again
 * after the page that showed it is gone: the counts, every duplicate and rejected row with
 * its reason, and the rejected rows' own cells to hand back for fixing. Bounded, since an
 * audit row is forever: a file of nothing but bad rows keeps only its first rows' cells.
 */
import { z } from 'zod';
import type { ContactsCsv } from './csv-import.js';

const KEPT_ENTRIES = 1000;
/** Characters of rejected rows' cells kept in one audit row. */
const CELL_BUDGET = 512 * 1024;

const Counts = z.object({ imported: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

export const ImportRecord = Counts.extend({
  name: z.string(),
  header: z.array(z.string()),
  ignoredColumns: z.array(z.string()),
  duplicates: z.array(z.object({ row: z.number().int(), email: z.string(), firstRow: z.number().int() })),
  rejected: z.array(z.object({ row: z.number().int(), reason: z.string(), cells: z.array(z.string()).optional() })),
  warnings: z.array(z.object({ row: z.number().int(), message: z.string() })),
  /** How many of each were found in all, when more than were kept. */
  totals: z.object({ duplicates: z.number().int(), rejected: z.number().int(), warnings: z.number().int() }),
});
export type ImportRecord = z.infer<typeof ImportRecord>;

function withCells(parsed: ContactsCsv): ImportRecord['rejected'] {
  const cellsByRow = new Map(parsed.rejectedCells.map((r) => [r.row, r.cells]));
  let budget = CELL_BUDGET;
  return parsed.rejected.slice(0, KEPT_ENTRIES).map(({ row, reason }) => {
    const cells = cellsByRow.get(row);
    const size = cells?.reduce((n, c) => n + c.length, 0) ?? 0;
    if (!cells || size > budget) return { row, reason };
    budget -= size;
    return { row, reason, cells };
  });
}

/** The audit detail of an import; `rejected` stays the count it always was. */
export function importDetail(name: string, counts: z.infer<typeof Counts>, parsed: ContactsCsv): Record<string, unknown> {
  const record: ImportRecord = {
    name,
    ...counts,
    header: parsed.header,
    ignoredColumns: parsed.ignoredColumns,
    duplicates: parsed.duplicates.slice(0, KEPT_ENTRIES),
    rejected: withCells(parsed),
    warnings: parsed.warnings.slice(0, KEPT_ENTRIES),
    totals: { duplicates: parsed.duplicates.length, rejected: parsed.rejected.length, warnings: parsed.warnings.length },
  };
  return { name, ...counts, rejected: parsed.rejected.length, report: record };
}

/** The report kept in an import's audit detail; undefined for imports made before it was kept. */
export function importRecordIn(detail: Record<string, unknown> | null): ImportRecord | undefined {
  const parsed = ImportRecord.safeParse(detail?.report);
  return parsed.success ? parsed.data : undefined;
}

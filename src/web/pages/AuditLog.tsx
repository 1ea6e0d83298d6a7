/**
 * The organisation's audit log, newest first, a page at a time: each action in words, the
 * release or send it was about as a link, and the few facts the row keeps (never the state
 * itself, which the log holds only as a hash). Filters are a GET form, so a filtered view is
 * a link.
 */
import type { readAuditLog } from '../../auth/audit.js';
import { SelectField, TextField } from '../components/Fields.js';
import { Table } from '../components/Table.js';
import { formatInstant } from '../format.js';
import { Base } from '../layouts/Base.js';
import type { PageContext } from '../page-context.js';

export type AuditEntry = Awaited<ReturnType<typeof readAuditLog>>[number];
export interface AuditFilter {
  action?: string;
  target?: string;
}

/** Where an object of the log has a page of its own. */
const pageOf: Record<string, (id: string) => string> = { release: (id) => `/releases/${id}`, distribution: (id) => `/distributions/${id}` };

/** A fact of the row's detail as a line of text: scalars and short lists only, long text cut. */
function facts(detail: Record<string, unknown> | null): string[] {
  const shown = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v.length > 80 ? `${v.slice(0, 79)}…` : v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return shown(v.join(', '));
    return undefined;
  };
  return Object.entries(detail ?? {})
    .map(([key, value]) => [key, shown(value)] as const)
    .filter(([, value]) => value !== undefined && value !== '')
    .slice(0, 6)
    .map(([key, value]) => `${key}: ${value}`);
}

function About({ ctx, object }: { ctx: PageContext; object: AuditEntry['object'] }) {
  if (!object?.id) return '';
  const label = `${ctx.t.settings.audit.types[object.type] ?? object.type} ${object.id}`;
  const href = pageOf[object.type]?.(object.id);
  return href ? (
    <a href={href} safe>
      {label}
    </a>
  ) : (
    <span safe>{label}</span>
  );
}

export function AuditLogPage({ ctx, entries, filter, next }: { ctx: PageContext; entries: AuditEntry[]; filter: AuditFilter; next?: string }) {
  const { t, locale } = ctx;
  const au = t.settings.audit;
  const actions = Object.entries(au.actions).map(([value, label]) => ({ value, label }));
  const older = next ? `/audit?${new URLSearchParams({ ...filter, after: next }).toString()}` : undefined;
  return (
    <Base ctx={ctx} title={au.title} section="audit">
      <h1 safe>{au.title}</h1>
      <p safe>{au.intro}</p>
      <form method="get" action="/audit" class="filter-form">
        <fieldset>
          <legend safe>{au.filter}</legend>
          <SelectField id="action" label={au.action} options={[{ value: '', label: au.anyAction }, ...actions]} value={filter.action ?? ''} />
          <TextField id="target" label={au.target} hint={au.targetHint} value={filter.target} autocomplete="off" />
          <button type="submit" class="button button-secondary" safe>
            {au.apply}
          </button>{' '}
          {filter.action || filter.target ? (
            <a href="/audit" safe>
              {au.showAll}
            </a>
          ) : (
            ''
          )}
        </fieldset>
      </form>
      {entries.length === 0 ? (
        <p safe>{au.empty}</p>
      ) : (
        <Table caption={au.caption} columns={[au.when, au.who, au.what, au.about, au.detail]}>
          {entries.map((e) => (
            <tr>
              <td safe>{formatInstant(locale, e.at)}</td>
              <td safe>{e.actor.label ?? e.actor.type}</td>
              <td safe>{au.actions[e.action] ?? e.action}</td>
              <td>
                <About ctx={ctx} object={e.object} />
              </td>
              <td>
                <ul class="plain">
                  {facts(e.detail).map((fact) => (
                    <li safe>{fact}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {older ? (
        <p>
          <a href={older} safe>
            {au.older}
          </a>
        </p>
      ) : (
        ''
      )}
    </Base>
  );
}

/**
 * The GOV.UK error summary: at the top of a failed form, each problem a link to its field,
 * in the same words as the message beside the field. role=alert makes screen readers
 * announce it at once.
 */
import type { Messages } from '../i18n/en.js';

/** A problem with one field of a form, by the field's id. */
export interface FieldError {
  field: string;
  message: string;
}

export function ErrorSummary(props: { t: Messages; errors: FieldError[] }) {
  if (props.errors.length === 0) return '';
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
      <h2 id="error-summary-title" safe>
        {props.t.problem.title}
      </h2>
      <ul>
        {props.errors.map((e) => (
          <li>
            <a href={`#${e.field}`} safe>
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The inline message of one field, if it has one. */
export function FieldMessage(props: { id: string; errors: FieldError[] }) {
  const message = props.errors.find((e) => e.field === props.id)?.message;
  return message ? (
    <p class="field-error" id={`${props.id}-error`}>
      <span class="visually-hidden">Error: </span>
      <span safe>{message}</span>
    </p>
  ) : (
    ''
  );
}

/** aria-describedby of a field: its hint and, when it failed, its message. */
export const describedBy = (id: string, errors: FieldError[], hint?: string): string | undefined =>
  [hint, errors.some((e) => e.field === id) ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined;

/**
 * GOV.UK-style form fields: a visible label on every field, an optional hint, the field's
 * own error (the same words as the error summary) and aria-describedby tying them together.
 * Every desk form is built from these, so a field looks and reads the same on every page.
 */
import type { Children } from '@kitajs/html';
import { describedBy, FieldMessage, type FieldError } from './ErrorSummary.js';

interface FieldBase {
  id: string;
  /** Defaults to the id. */
  name?: string;
  label: string;
  hint?: string;
  errors?: FieldError[];
}

function Frame(props: FieldBase & { children: Children }) {
  const errors = props.errors ?? [];
  return (
    <div class={errors.some((e) => e.field === props.id) ? 'field field-failed' : 'field'}>
      <label for={props.id} safe>
        {props.label}
      </label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`} safe>
          {props.hint}
        </p>
      ) : (
        ''
      )}
      <FieldMessage id={props.id} errors={errors} />
      {props.children}
    </div>
  );
}

const describe = (p: FieldBase) => describedBy(p.id, p.errors ?? [], p.hint ? `${p.id}-hint` : undefined);

export function TextField(
  props: FieldBase & { value?: string; type?: 'text' | 'email' | 'password' | 'search' | 'datetime-local' | 'number' | 'url' | 'color'; autocomplete?: string; required?: boolean; width?: 'short' | 'full' },
) {
  return (
    <Frame {...props}>
      <input
        id={props.id}
        name={props.name ?? props.id}
        type={props.type ?? 'text'}
        value={props.value}
        autocomplete={props.autocomplete}
        required={props.required}
        class={props.width === 'short' ? 'input input-short' : 'input'}
        aria-describedby={describe(props)}
      />
    </Frame>
  );
}

export function TextArea(props: FieldBase & { value?: string; rows?: number }) {
  return (
    <Frame {...props}>
      <textarea id={props.id} name={props.name ?? props.id} rows={String(props.rows ?? 6)} aria-describedby={describe(props)} safe>
        {props.value ?? ''}
      </textarea>
    </Frame>
  );
}

/** A file to upload; `accept` names the types the picker offers (the server checks again). */
export function FileField(props: FieldBase & { accept: string }) {
  return (
    <Frame {...props}>
      <input id={props.id} name={props.name ?? props.id} type="file" accept={props.accept} aria-describedby={describe(props)} />
    </Frame>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(props: FieldBase & { options: Option[]; value?: string }) {
  return (
    <Frame {...props}>
      <select id={props.id} name={props.name ?? props.id} class="input" aria-describedby={describe(props)}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value} safe>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** A group of checkboxes (or radios) under one legend, each with its own label. */
export function Choices(props: FieldBase & { type: 'checkbox' | 'radio'; options: (Option & { hint?: string })[]; checked: string[] }) {
  const errors = props.errors ?? [];
  const name = props.name ?? props.id;
  return (
    <fieldset class={errors.some((e) => e.field === props.id) ? 'field field-failed' : 'field'} id={props.id} aria-describedby={describe(props)}>
      <legend safe>{props.label}</legend>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`} safe>
          {props.hint}
        </p>
      ) : (
        ''
      )}
      <FieldMessage id={props.id} errors={errors} />
      {props.options.map((o, i) => (
        <div class="choice">
          <input type={props.type} id={`${props.id}-${i}`} name={name} value={o.value} checked={props.checked.includes(o.value)} />
          <label for={`${props.id}-${i}`}>
            <span safe>{o.label}</span>
            {o.hint ? (
              <span class="hint choice-hint" safe>
                {o.hint}
              </span>
            ) : (
              ''
            )}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** One checkbox that stands alone (sends "on" when ticked). */
export function Checkbox(props: { id: string; name?: string; label: string; checked?: boolean; hint?: string }) {
  return (
    <div class="field choice">
      <input type="checkbox" id={props.id} name={props.name ?? props.id} checked={props.checked} aria-describedby={props.hint ? `${props.id}-hint` : undefined} />
      <label for={props.id}>
        <span safe>{props.label}</span>
        {props.hint ? (
          <span class="hint choice-hint" id={`${props.id}-hint`} safe>
            {props.hint}
          </span>
        ) : (
          ''
        )}
      </label>
    </div>
  );
}

export function CsrfInput(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/** An action that changes something: a form with one button (links never change state). */
export function ActionButton(props: { action: string; csrf: string; label: string; kind?: 'primary' | 'secondary' | 'warning'; hidden?: Record<string, string> }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfInput token={props.csrf} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={`button button-${props.kind ?? 'primary'}`} safe>
        {props.label}
      </button>
    </form>
  );
}

/**
 * The header-like fields of a report part (RFC 3464 `message/delivery-status`, RFC 5965
 * `message/feedback-report`): groups separated by blank lines, each a set of `Name: value`
 * fields with folded continuation lines. Names are lower-cased; a value's `type;` prefix
 * (`rfc822; a@b.example`, `smtp; 550 …`) is left for the caller.
 */
export type FieldGroup = Map<string, string>;

export function fieldGroups(text: string): FieldGroup[] {
  const groups: FieldGroup[] = [];
  for (const block of text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    const fields: FieldGroup = new Map();
    let last: string | undefined;
    for (const line of block.split('\n')) {
      if (/^[ \t]/.test(line) && last) {
        fields.set(last, `${fields.get(last)} ${line.trim()}`);
        continue;
      }
      const match = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line);
      if (!match) continue;
      last = match[1]!.toLowerCase();
      // The first occurrence wins: a repeated field adds nothing we act on.
      if (!fields.has(last)) fields.set(last, match[2]!.trim());
    }
    if (fields.size > 0) groups.push(fields);
  }
  return groups;
}

/** The value after a `type;` prefix: `rfc822; a@b.example` → `a@b.example`. */
export const typedValue = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  const semi = value.indexOf(';');
  const bare = (semi >= 0 ? value.slice(semi + 1) : value).trim();
  return bare.replace(/^<(.*)>$/, '$1') || undefined;
};

/** An enhanced status code (RFC 3463) inside a text, like 5.1.1 in "550 5.1.1 user unknown". */
export const enhancedStatusIn = (text: string): string | undefined => /(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.]*\d)/.exec(text)?.[1];

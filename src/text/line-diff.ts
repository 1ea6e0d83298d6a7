/**
 * A line diff by longest common subsequence: what a correction removed and added, in order.
 * Written here because no dependency of Presswire computes one (the `diff` package is not one),
 * and a release's text part is a few hundred lines, well within a quadratic table.
 */
export type DiffLine = { change: 'same' | 'removed' | 'added'; line: string };

/** Past this many table cells the texts are shown as wholly replaced rather than compared. */
const maxCells = 4_000_000;

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  if (a.length * b.length > maxCells) {
    return [...a.map((line) => ({ change: 'removed' as const, line })), ...b.map((line) => ({ change: 'added' as const, line }))];
  }
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ change: 'same', line: a[i]! });
      i++;
      j++;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) out.push({ change: 'removed', line: a[i++]! });
    else out.push({ change: 'added', line: b[j++]! });
  }
  while (i < a.length) out.push({ change: 'removed', line: a[i++]! });
  while (j < b.length) out.push({ change: 'added', line: b[j++]! });
  return out;
}

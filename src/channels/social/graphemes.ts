/** User-perceived characters: what Bluesky counts, and the smallest piece a thread may be cut at. */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export const graphemesOf = (text: string): string[] => Array.from(segmenter.segment(text), (s) => s.segment);

export function graphemeCount(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

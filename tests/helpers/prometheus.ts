/**
 * A small parser of the Prometheus text exposition format (0.0.4), so tests read a scrape
 * as samples with labels rather than matching substrings.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  types: Map<string, string>;
  help: Map<string, string>;
  /** The samples of one metric whose labels include `labels`. */
  find(name: string, labels?: Record<string, string>): Sample[];
  /** The value of the one sample that matches; throws when none or several do. */
  value(name: string, labels?: Record<string, string>): number;
}

const unescape = (v: string) => v.replace(/\\(["\\n])/g, (_m, c: string) => (c === 'n' ? '\n' : c));

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pattern = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/gy;
  let read = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    labels[m[1]!] = unescape(m[2]!);
    read = pattern.lastIndex;
  }
  if (read < text.trim().length) throw new Error(`unreadable labels: {${text}}`);
  return labels;
}

function parseValue(v: string): number {
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  // prom-client writes an empty summary's mean as "Nan"; Prometheus reads NaN in any case (Go's ParseFloat).
  if (/^nan$/i.test(v)) return NaN;
  const n = Number(v);
  if (Number.isNaN(n)) throw new Error(`not a sample value: ${v}`);
  return n;
}

export function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      (meta[1] === 'HELP' ? help : types).set(meta[2]!, meta[3]!);
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/.exec(line);
    if (!sample) throw new Error(`not an exposition line: ${line}`);
    let value: number;
    try {
      value = parseValue(sample[3]!);
    } catch (err) {
      throw new Error(`${(err as Error).message} in: ${line}`);
    }
    samples.push({ name: sample[1]!, labels: sample[2] ? parseLabels(sample[2]) : {}, value });
  }
  const find = (name: string, labels: Record<string, string> = {}) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return {
    samples,
    types,
    help,
    find,
    value(name, labels) {
      const found = find(name, labels);
      if (found.length !== 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels ?? {})}`);
      return found[0]!.value;
    },
  };
}

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { applyConditions, fillPlaceholders, fillVariables, readTemplate } from '../../../src/rendering/template-source.js';

describe('template conditions', () => {
  const source = ['top', '<!-- if a -->', 'A', '  <!-- if not b -->', '  not B', '  <!-- endif -->', '<!-- endif -->', 'end', ''].join('\n');

  it('keeps or drops whole lines, nested blocks included', () => {
    expect(applyConditions(source, { a: true, b: false })).toBe('top\nA\n  not B\nend\n');
    expect(applyConditions(source, { a: true, b: true })).toBe('top\nA\nend\n');
    expect(applyConditions(source, { a: false, b: false })).toBe('top\nend\n');
  });

  it('refuses unknown conditions and unmatched lines', () => {
    expect(() => applyConditions(source, { a: true })).toThrow(/condition "b" is unknown/);
    expect(() => applyConditions('<!-- if a -->\nA\n', { a: true })).toThrow(AppError);
  });
});

describe('template includes', () => {
  it('splices partials from partials/ only, by plain names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-templates-'));
    mkdirSync(join(dir, 'partials'));
    writeFileSync(join(dir, 'main.mjml'), '<a>\n  <!-- include: part -->\n<!-- include: ../../etc/passwd -->\n</a>\n');
    writeFileSync(join(dir, 'partials', 'part.mjml'), '<b/>\n');
    expect(readTemplate(join(dir, 'main.mjml'))).toBe('<a>\n<b/>\n<!-- include: ../../etc/passwd -->\n</a>\n');
    writeFileSync(join(dir, 'broken.mjml'), '<!-- include: missing -->\n');
    expect(() => readTemplate(join(dir, 'broken.mjml'))).toThrow(/cannot read template/);
  });
});

describe('placeholders', () => {
  it('substitutes in one pass, so substituted text is never read again', () => {
    const out = fillPlaceholders('[[a]] [[b]] [[@recipient]]', { a: '[[b]]', b: 'B' }, (name) => `<slot ${name}>`);
    expect(out).toBe('[[b]] B <slot recipient>');
  });

  it('refuses names it does not know', () => {
    expect(() => fillPlaceholders('[[nope]]', {}, () => '')).toThrow(/placeholder "nope"/);
    expect(() => fillVariables('{{colors.nope}}', { 'colors.accent': '#000000' })).toThrow(/theme value "colors.nope"/);
    expect(() => fillPlaceholders('[[toString]]', {}, () => '')).toThrow(AppError);
  });
});

import { describe, expect, it } from 'vitest';
import { escapeControls, keepLines, lineText, linesText, oneLine } from '../../../src/text/control-characters.js';

// Every C0 control, DEL and every C1 control.
const allControls = [...Array.from({ length: 32 }, (_, i) => i), 0x7f, ...Array.from({ length: 32 }, (_, i) => 0x80 + i)].map((c) => String.fromCodePoint(c));

describe('control characters', () => {
  it('leave one-line text with none at all: line breaks and tabs become spaces', () => {
    const cleaned = oneLine(`Ana${allControls.join('')}Morales`);
    expect(cleaned).not.toMatch(/\p{Cc}/u);
    expect(oneLine('Ana\r\nMorales\tLedger')).toBe('Ana Morales Ledger');
    expect(oneLine('\u001b[31mRed\u001b[0m Herald\u0000\u009b2J')).toBe('[31mRed[0m Herald2J');
  });

  it('leave lines of text with only "\\n" and "\\t", every line break as "\\n"', () => {
    const cleaned = keepLines(`One\r\nTwo\rThree\u2028Four\n\tFive${allControls.join('')}`);
    expect(cleaned.startsWith('One\nTwo\nThree\nFour\n\tFive')).toBe(true);
    expect(cleaned.replace(/[\n\t]/g, '')).not.toMatch(/\p{Cc}/u);
  });

  it('clean as zod strings that still trim and count', () => {
    expect(lineText().trim().max(5).parse(' \u001bAna\u0007 ')).toBe('Ana');
    expect(linesText().trim().parse('\u0000Para one.\r\n\r\nPara two.\u007f')).toBe('Para one.\n\nPara two.');
  });

  it('escape, for printing, every control character but the line structure when asked', () => {
    expect(escapeControls('a\u001b[2Jb\r\n\u009b')).toBe('a\\u001b[2Jb\\r\\n\\u009b');
    expect(escapeControls('a\tb\nc\u0000', { lines: true })).toBe('a\tb\nc\\u0000');
  });
});

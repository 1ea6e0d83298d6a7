import { describe, expect, it } from 'vitest';
import { localeFor } from '../../../src/web/i18n/index.js';

describe('the interface language of a request', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['es', 'es'],
    ['es-MX,es;q=0.9,en;q=0.8', 'es'],
    ['fr-FR,fr;q=0.9,es;q=0.5,en;q=0.4', 'es'],
    ['en;q=0.5,es;q=0.9', 'es'],
    ['es;q=0,en', 'en'],
    ['de, constructor', 'en'],
  ])('%j → %s', (header, locale) => {
    expect(localeFor(header)).toBe(locale);
  });
});

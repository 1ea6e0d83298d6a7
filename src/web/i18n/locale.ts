/** The interface languages: a leaf module, so the catalogs and the formatters they use can name it without a cycle. */
export type Locale = 'en' | 'es';

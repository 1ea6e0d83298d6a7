/** The desk's interface text for the sending pages, in English and in Spanish (typed as the English, so a missing key fails the build). */
export const en = {};

export const es: typeof en = {};

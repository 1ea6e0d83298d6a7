/** A real 1×1 PNG. */
export const onePixelPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** A PNG signature padded to `bytes`: enough for type sniffing and size limits. */
export const pngOfSize = (bytes: number): Buffer => Buffer.concat([onePixelPng, Buffer.alloc(bytes - onePixelPng.length)]);

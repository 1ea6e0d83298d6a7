import { z } from 'zod';

const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An API address: HTTPS, or plain HTTP on this machine only (a local instance or test server). */
export const serviceUrl = z
  .url()
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && loopback.has(url.hostname));
  }, 'must be an https:// address (http:// only on localhost)');

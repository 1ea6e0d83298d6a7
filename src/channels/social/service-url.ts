import { z } from 'zod';
import { isLoopbackHost } from '../../net/outbound-policy.js';

/**
 * An API address: HTTPS, or plain HTTP on this machine (a local instance or test server).
 * Whether this process may reach it — plain HTTP, a non-public address — is the outbound
 * policy's call, when the account is added and on every connection.
 */
export const serviceUrl = z
  .url()
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  }, 'must be an https:// address (http:// only on localhost)');

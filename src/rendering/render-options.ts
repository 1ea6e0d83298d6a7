/** Validation shared by everything that renders: organisation, embargo times, and how refusals read. */
import { z } from 'zod';
import { invalid, issuesFromZod } from '../errors.js';
import { isWebUrl } from './escape.js';

export const WebUrl = z.string().trim().max(2000).refine(isWebUrl, 'must be an http(s) URL');

/** Who sends: named in the header, and with a postal address in every footer. */
export const Organization = z.object({
  name: z.string().trim().min(1).max(200),
  // Required: commercial-email law (CAN-SPAM and others) wants a postal address in every message.
  postalAddress: z.string().trim().min(1).max(500),
  websiteUrl: WebUrl.optional(),
});
export type Organization = z.infer<typeof Organization>;

/** Parse options at a module's boundary; a refusal names every field at fault. */
export function parseOptions<T extends z.ZodType>(schema: T, options: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(options);
  if (!parsed.success) throw invalid(`invalid ${what}`, issuesFromZod(parsed.error.issues));
  return parsed.data;
}

/**
 * What an API operation is, as the server routes it, the OpenAPI document describes it and
 * the CLI calls it: a method and a path under /api/v1, the zod schemas of its inputs, and
 * one schema per answer it gives.
 */
import type { z } from 'zod';

export interface OperationSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Under /api/v1, as Fastify writes it (`/releases/:id`). */
  url: string;
  summary: string;
  description?: string;
  params?: z.ZodType;
  querystring?: z.ZodType;
  body?: z.ZodType;
  /** Media types of a raw request body (JSON when not given). */
  consumes?: readonly string[];
  /** Media types of a success answer that is not JSON (a CSV export). */
  produces?: readonly string[];
  /** Each success status with the body it carries; failures are problems (common.ts). */
  response: Readonly<Record<number, z.ZodType>>;
}

interface Named {
  operationId: string;
  tags: string[];
}

export type Operation = OperationSpec & Named;

/** An area's operations, each tagged with its area and named `area.key` in the document. */
export function area<const Specs extends Record<string, OperationSpec>>(tag: string, specs: Specs): { [K in keyof Specs]: Specs[K] & Named } {
  const operations = Object.entries(specs).map(([key, spec]): [string, Operation] => [key, { ...spec, operationId: `${tag}.${key}`, tags: [tag] }]);
  return Object.fromEntries(operations) as { [K in keyof Specs]: Specs[K] & Named };
}

/** Any of the bodies an operation answers with on success. */
export type Answer<O extends OperationSpec> = z.output<O['response'][keyof O['response']]>;

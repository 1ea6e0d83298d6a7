/**
 * Rate limits (@fastify/rate-limit), counted in Redis under REDIS_PREFIX so that every API
 * process shares them: a fixed window of one minute per key, and 429 with Retry-After past
 * the limit. When Redis does not answer the limit is skipped rather than every request
 * refused (a send still fails on its own, with 503); the per-address lock on failed
 * passwords does not skip, see `auth/sign-in-failures.ts`.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';

export interface LimitDeps {
  redis: Redis;
  config: { redis: { prefix: string } };
}

/**
 * Register a limiter on `scope` and return it as a hook, for the routes it should guard.
 * Keys are the client's address unless `keyOf` says otherwise.
 */
export async function rateLimiter(scope: FastifyInstance, deps: LimitDeps, name: 'sign-in' | 'links' | 'api' | 'webhooks', perMinute: number, keyOf?: (request: FastifyRequest) => string): Promise<onRequestAsyncHookHandler> {
  await scope.register(rateLimit, {
    global: false,
    max: perMinute,
    timeWindow: 60_000,
    redis: deps.redis,
    nameSpace: `${deps.config.redis.prefix}:rate:${name}:`,
    skipOnError: true,
    ...(keyOf ? { keyGenerator: keyOf } : {}),
    errorResponseBuilder: (_request, context) => new AppError('RATE_LIMITED', `Too many requests: at most ${context.max} a minute. Try again in ${context.after}.`),
  });
  return scope.rateLimit() as onRequestAsyncHookHandler;
}

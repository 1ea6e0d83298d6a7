/** The providers this installation is configured for (config.providers); the others have no route. */
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { mailgunProvider } from './mailgun.js';
import { postmarkProvider } from './postmark.js';
import type { Provider, ProviderId } from './provider.js';
import { sendgridProvider } from './sendgrid.js';
import { sesProvider } from './ses.js';

export interface RegistryDeps {
  config: Pick<Config, 'providers' | 'redis'>;
  redis: Redis;
  clock: { now(): number };
}

export function configuredProviders(deps: RegistryDeps): Map<ProviderId, Provider> {
  const { providers } = deps.config;
  const configured: Provider[] = [
    ...(providers.ses ? [sesProvider(providers.ses, deps.clock)] : []),
    ...(providers.postmark ? [postmarkProvider(providers.postmark, deps.clock)] : []),
    ...(providers.mailgun ? [mailgunProvider(providers.mailgun.signingSecret, { redis: deps.redis, prefix: deps.config.redis.prefix, clock: deps.clock })] : []),
    ...(providers.sendgrid ? [sendgridProvider(providers.sendgrid.publicKey, deps.clock)] : []),
  ];
  return new Map(configured.map((p) => [p.id, p]));
}

/**
 * Secrets a server keeps in its data directory when they are not configured:
 * the HMAC key for links in mail, and the admin API token the CLI picks up.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newTokenSecret } from './secret-digest.js';

export const secretFile = (dataDir: string) => join(dataDir, 'secret');
export const adminTokenFile = (dataDir: string) => join(dataDir, 'admin-token');

function writePrivate(path: string, value: string): void {
  writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

/** Read a private file, creating it with `create()` when absent (first writer wins). */
function readOrCreate(path: string, create: () => string): string {
  if (!existsSync(path)) {
    try {
      writePrivate(path, create());
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return readFileSync(path, 'utf8').trim();
}

export function loadOrCreateSecret(dataDir: string, configured: string | undefined): string {
  if (configured) return configured;
  mkdirSync(dataDir, { recursive: true });
  return readOrCreate(secretFile(dataDir), () => randomBytes(32).toString('hex'));
}

export function loadOrCreateAdminToken(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  return readOrCreate(adminTokenFile(dataDir), newTokenSecret);
}

export function readAdminToken(dataDir: string): string | undefined {
  const path = adminTokenFile(dataDir);
  return existsSync(path) ? readFileSync(path, 'utf8').trim() || undefined : undefined;
}

/** Replace the admin token (after `tokens rotate-admin`): written beside, then renamed over the old one. */
export function writeAdminToken(dataDir: string, token: string): void {
  const path = adminTokenFile(dataDir);
  const next = `${path}.next`;
  rmSync(next, { force: true });
  writePrivate(next, token);
  renameSync(next, path);
}

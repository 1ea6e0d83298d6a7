/**
 * People for authorization tests: tokens made through the API (as the bootstrap admin, or
 * as an installation admin for another organisation), and users written straight to the
 * database where a test needs a person behind several tokens.
 */
import { expect } from 'vitest';
import type { Role } from '../../src/db/schema.js';
import { newId } from '../../src/ids.js';
import type { ApiClient, TestApp } from './test-app.js';

export interface TokenOptions {
  name?: string;
  role: Role;
  org?: string;
  user?: string;
  approvedSends?: boolean;
}

export async function createToken(t: ApiClient, options: TokenOptions): Promise<{ id: string; token: string }> {
  const res = await t.api<{ id: string; token: string }>('POST', '/api/v1/tokens', { json: { name: options.name ?? `${options.role} token`, ...options } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function createOrg(t: ApiClient, name: string): Promise<string> {
  const res = await t.api<{ id: string }>('POST', '/api/v1/orgs', { json: { name } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

/** A member of the organisation, without a password (tests act as them through their tokens). */
export async function addMember(t: TestApp, email: string, role: Role, orgId: string): Promise<string> {
  const id = newId('usr');
  const now = Date.now();
  await t.ctx.db.kysely.insertInto('users').values({ id, email, email_key: email.toLowerCase(), password_hash: null, created_at: now, updated_at: now, disabled_at: null }).execute();
  await t.ctx.db.kysely.insertInto('memberships').values({ user_id: id, org_id: orgId, role, created_at: now }).execute();
  return id;
}

export async function auditActions(t: ApiClient): Promise<{ action: string; object: { type: string; id: string } | null; actor: { type: string; id: string | null; label: string | null }; stateHash: string | null; detail: Record<string, unknown> | null }[]> {
  const res = await t.api<{ entries: never[] }>('GET', '/api/v1/audit?limit=5000');
  expect(res.status).toBe(200);
  return res.body.entries;
}

/** Organisations, people, API tokens, the caller's session and the audit log. */
import { z } from 'zod';
import { TokenRequest } from '../auth/api-tokens.js';
import { RoleInput, roles } from '../auth/roles.js';
import { UserRequest } from '../people/users.js';
import type { ApprovalSetting, AuditActorType } from '../db/schema.js';
import { Instant, Next, PageLimit } from './common.js';
import { area } from './operation.js';

const TokenRef = z.object({ id: z.string().regex(/^tok_[0-9a-z]{25}$/, 'must be a token id (tok_…)') });
const CreateTokenBody = TokenRequest.extend({ org: z.string().min(1).max(200).optional().describe('The organisation, by id or name (administrators of the installation)') });
const OrgBody = z.object({ name: z.string() }).strict();
const SettingRef = z.object({ key: z.string().min(1).max(40).describe('approval, name, sender-name, sender-address, postal-address, theme, tracking, soft-bounce-limit, soft-bounce-window-days, slug or newsroom-host') });
const SettingBody = z.object({ value: z.string().max(20_000) }).strict();
const AuditQuery = z.object({
  since: z.string().min(1).optional().describe('ISO instant, or "YYYY-MM-DD HH:MM <zone>"'),
  after: z.string().max(40).optional(),
  limit: PageLimit,
});

const TokenView = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(roles),
  user: z.string().nullable().describe('The user it acts as; null for a service identity'),
  approvedSends: z.boolean(),
  bootstrap: z.boolean().describe('The data-directory admin token'),
  createdAt: Instant,
  lastUsedAt: Instant.nullable(),
  revokedAt: Instant.nullable(),
});
export type TokenView = z.infer<typeof TokenView>;

const NewToken = TokenView.extend({ token: z.string().describe('The token itself: answered this once, never again') });

const AdminToken = z.object({ token: z.string() });

const OrgView = z.object({
  id: z.string(),
  name: z.string(),
  approval: z.enum(['off', 'required'] as const satisfies readonly ApprovalSetting[]),
  senderName: z.string().nullable(),
  senderAddress: z.string().nullable(),
  postalAddress: z.string().nullable(),
  theme: z.unknown().describe('The theme settings (a JSON object), or null'),
  tracking: z.enum(['on', 'off']).describe('Open pixel and click redirects in mail'),
  softBounceLimit: z.number().int().describe('Soft bounces of one address within the window that suppress it'),
  softBounceWindowDays: z.number().int(),
  slug: z.string().describe('The newsroom at /newsroom/<slug>'),
  newsroomHost: z.string().nullable().describe('A host that serves the newsroom at /, or null'),
  createdAt: Instant,
});
export type OrgView = z.infer<typeof OrgView>;

const AuditEntry = z.object({
  id: z.string(),
  at: Instant,
  actor: z.object({ type: z.enum(['user', 'token', 'recipient', 'system', 'anonymous'] as const satisfies readonly AuditActorType[]), id: z.string().nullable(), label: z.string().nullable() }),
  action: z.string(),
  object: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
  ip: z.string().nullable(),
  stateHash: z.string().nullable().describe('SHA-256 of the object’s state after the action'),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

const AddUserBody = UserRequest.extend({ org: z.string().min(1).max(200).optional().describe('The organisation, by id or name (administrators of the installation)') }).strict();
const UserRef = z.object({ email: z.string().min(3).max(320) });
const RoleBody = z.object({ role: RoleInput }).strict();
const UserView = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(roles),
  hasPassword: z.boolean(),
  installAdmin: z.boolean(),
  memberSince: Instant,
});
export type UserView = z.infer<typeof UserView>;
const NewUser = UserView.extend({
  signInUrl: z.string().describe('A one-time sign-in link for the new member: answered this once, never again'),
  signInExpiresAt: Instant,
});
const Session = z.object({
  via: z.enum(['session', 'token']),
  orgId: z.string(),
  role: z.enum(roles),
  person: z.object({ type: z.enum(['user', 'token']), id: z.string(), label: z.string() }),
  installAdmin: z.boolean(),
  csrfToken: z.string().optional().describe('For a browser session: send it as X-CSRF-Token on state-changing requests'),
});

export const people = area('people', {
  addUser: { method: 'POST', url: '/users', summary: 'Add a person to the organisation (admins); answers their one-time sign-in link', body: AddUserBody, response: { 201: NewUser } },
  listUsers: { method: 'GET', url: '/users', summary: 'The people of the organisation', response: { 200: z.object({ users: z.array(UserView) }) } },
  removeUser: { method: 'DELETE', url: '/users/:email', summary: 'Remove a person from the organisation: their sessions end, their tokens stop working', params: UserRef, response: { 200: UserView.extend({ sessionsEnded: z.number().int() }) } },
  setUserRole: { method: 'PUT', url: '/users/:email/role', summary: 'Change a person’s role', params: UserRef, body: RoleBody, response: { 200: UserView } },
  session: { method: 'GET', url: '/session', summary: 'Who the caller is (and, for a browser session, its CSRF token)', response: { 200: Session } },
  createToken: { method: 'POST', url: '/tokens', summary: 'Create an API token; the token is answered once', body: CreateTokenBody, response: { 201: NewToken } },
  listTokens: { method: 'GET', url: '/tokens', summary: 'The organisation’s tokens (never the tokens themselves)', response: { 200: z.object({ tokens: z.array(TokenView) }) } },
  revokeToken: { method: 'DELETE', url: '/tokens/:id', summary: 'Revoke a token: it is refused from its next request', params: TokenRef, response: { 200: TokenView } },
  rotateAdminToken: { method: 'POST', url: '/tokens/rotate-admin', summary: 'Replace the data-directory admin token', response: { 200: AdminToken } },
  listOrgs: { method: 'GET', url: '/orgs', summary: 'Every organisation (administrators of the installation)', response: { 200: z.object({ organisations: z.array(OrgView) }) } },
  addOrg: { method: 'POST', url: '/orgs', summary: 'Add an organisation (administrators of the installation)', body: OrgBody, response: { 201: OrgView } },
  currentOrg: { method: 'GET', url: '/org', summary: 'Your organisation and its settings', response: { 200: OrgView } },
  setOrgSetting: { method: 'PUT', url: '/org/settings/:key', summary: 'Change a setting of your organisation', params: SettingRef, body: SettingBody, response: { 200: OrgView } },
  audit: { method: 'GET', url: '/audit', summary: 'The audit log, a page at a time (admins)', querystring: AuditQuery, response: { 200: z.object({ entries: z.array(AuditEntry), next: Next }) } },
});

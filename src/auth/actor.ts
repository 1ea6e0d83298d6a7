/**
 * The actor: who is asking, for which organisation, with which role. Every use case
 * receives one and checks it here, so the API, the CLI and the dashboard share one
 * authorization. Ids of another organisation's objects are answered as not found.
 */
import { AppError } from '../errors.js';
import { leastRoleFor, roleAllows, type Permission, type Role } from './roles.js';

export interface Actor {
  orgId: string;
  role: Role;
  /** How the request was authenticated. */
  via: 'session' | 'token';
  /** The person, for two-person approval: a user (whichever token or session they use), or a service token. */
  person: { type: 'user' | 'token'; id: string; label: string };
  /** The token used, if any. */
  tokenId: string | null;
  /** May add and list organisations. */
  installAdmin: boolean;
  /** Granted to a token by an admin: its sends need no second person. */
  approvedSends: boolean;
  /** The client address, for the audit log. */
  ip: string | null;
}

const doing: Record<Permission, string> = {
  read: 'read this organisation’s data',
  edit: 'change releases, lists or contacts',
  send: 'send, schedule, cancel or approve distributions',
  admin: 'manage users, tokens, social accounts or settings',
};

export function authorize(actor: Actor, permission: Permission): void {
  if (roleAllows(actor.role, permission)) return;
  throw new AppError('FORBIDDEN', `Your role (${actor.role}) cannot ${doing[permission]}; that needs ${leastRoleFor(permission)} or above.`);
}

export function authorizeInstallAdmin(actor: Actor): void {
  if (!actor.installAdmin) throw new AppError('FORBIDDEN', 'Only an administrator of this Presswire installation can manage organisations.');
}

/**
 * Roles and what they allow, per organisation. Each role can do everything the one before
 * it can: a viewer reads, an editor also writes releases, lists and contacts, a sender also
 * sends, schedules, cancels and approves, an admin also manages people, tokens, social
 * accounts and settings.
 */
import { z } from 'zod';
import type { Role } from '../db/schema.js';

export type { Role };
export const roles = ['viewer', 'editor', 'sender', 'admin'] as const satisfies readonly Role[];
export const RoleInput = z.enum(roles, { error: `must be one of ${roles.join(', ')}` });

export type Permission = 'read' | 'edit' | 'send' | 'admin';

/** The least role that holds each permission. */
const leastRole: Record<Permission, Role> = { read: 'viewer', edit: 'editor', send: 'sender', admin: 'admin' };

export const rankOf = (role: Role): number => roles.indexOf(role);

export const roleAllows = (role: Role, permission: Permission): boolean => rankOf(role) >= rankOf(leastRole[permission]);

export const leastRoleFor = (permission: Permission): Role => leastRole[permission];

/** The lower of two roles: a token never does more than the user it acts as. */
export const lowerRole = (a: Role, b: Role): Role => (rankOf(a) <= rankOf(b) ? a : b);

/**
 * People of an organisation (admins), and the caller's own session. A new user's sign-in
 * link is in the answer once, for the administrator to hand over; the server keeps its hash.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actingFor } from '../../auth/organisations.js';
import { RoleInput } from '../../auth/roles.js';
import { addUser, listUsers, removeUser, setUserRole, UserRequest } from '../../auth/users.js';
import type { Context } from '../../context.js';
import { actorOf } from '../auth.js';
import { parseInput } from '../validate.js';

const AddUser = UserRequest.extend({ org: z.string().min(1).max(200).optional() }).strict();
const UserParams = z.object({ email: z.string().min(3).max(320) });
const RoleBody = z.object({ role: RoleInput }).strict();

export function usersRoutes(app: FastifyInstance, ctx: Context): void {
  app.post('/users', async (request, reply) => {
    const { org, ...body } = parseInput(AddUser, request.body, 'body');
    const actor = await actingFor(ctx.db, actorOf(request), org);
    return reply.code(201).send(await addUser({ db: ctx.db, publicUrl: ctx.config.publicUrl }, actor, body, ctx.clock.now()));
  });
  app.get('/users', async (request) => ({ users: await listUsers(ctx.db, actorOf(request)) }));
  app.delete('/users/:email', async (request) => removeUser(ctx.db, actorOf(request), parseInput(UserParams, request.params, 'params').email, ctx.clock.now()));
  app.put('/users/:email/role', async (request) =>
    setUserRole(ctx.db, actorOf(request), parseInput(UserParams, request.params, 'params').email, parseInput(RoleBody, request.body, 'body').role, ctx.clock.now()),
  );

  /** Who the caller is; for a browser session, also the CSRF token its state-changing requests must send (X-CSRF-Token). */
  app.get('/session', async (request, reply) => {
    const actor = actorOf(request);
    return {
      via: actor.via,
      orgId: actor.orgId,
      role: actor.role,
      person: actor.person,
      installAdmin: actor.installAdmin,
      ...(actor.via === 'session' ? { csrfToken: reply.generateCsrf() } : {}),
    };
  });
}

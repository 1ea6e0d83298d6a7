/**
 * People of an organisation (admins), and the caller's own session. A new user's sign-in
 * link is in the answer once, for the administrator to hand over; the server keeps its hash.
 */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { people } from '../../contract/people.js';
import { actingFor } from '../../organisations/organisations.service.js';
import { addUser, listUsers, removeUser, setUserRole } from '../../people/users.js';
import { actorOf } from '../auth.js';
import { route } from '../route.js';
import { parseInput } from '../validate.js';

export function usersRoutes(app: FastifyInstance, ctx: Context): void {
  route(app, people.addUser, async (request, reply) => {
    const { org, ...body } = parseInput(people.addUser.body, request.body, 'body');
    const actor = await actingFor(ctx.db, actorOf(request), org);
    return reply.code(201).send(await addUser({ db: ctx.db, publicUrl: ctx.config.publicUrl }, actor, body, ctx.clock.now()));
  });
  route(app, people.listUsers, async (request) => ({ users: await listUsers(ctx.db, actorOf(request)) }));
  route(app, people.removeUser, async (request) => removeUser(ctx.db, actorOf(request), parseInput(people.removeUser.params, request.params, 'params').email, ctx.clock.now()));
  route(app, people.setUserRole, async (request) =>
    setUserRole(ctx.db, actorOf(request), parseInput(people.setUserRole.params, request.params, 'params').email, parseInput(people.setUserRole.body, request.body, 'body').role, ctx.clock.now()),
  );

  route(app, people.session, async (request, reply) => {
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

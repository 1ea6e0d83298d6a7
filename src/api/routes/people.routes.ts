/**
 * Organisations, tokens and the audit log. Each route hands the request's actor to a use
 * case, which decides what it may do.
 */
import type { FastifyInstance } from 'fastify';
import { authorize } from '../../auth/actor.js';
import { createToken, listTokens, revokeToken, rotateAdminToken } from '../../auth/api-tokens.js';
import { listAudit } from '../../auth/audit.js';
import { writeAdminToken } from '../../auth/data-files.js';
import { actingFor, addOrganisation, currentOrganisation, listOrganisations, setOrganisationSetting } from '../../organisations/organisations.service.js';
import type { Context } from '../../context.js';
import { people } from '../../contract/people.js';
import { parseInstantInput } from '../../time/zoned-time.js';
import { actorOf } from '../auth.js';
import { route } from '../route.js';
import { parseInput } from '../validate.js';

export function peopleRoutes(app: FastifyInstance, ctx: Context): void {
  route(app, people.createToken, async (request, reply) => {
    const { org, ...body } = parseInput(people.createToken.body, request.body, 'body');
    const actor = await actingFor(ctx.db, actorOf(request), org);
    return reply.code(201).send(await createToken(ctx.db, actor, body, ctx.clock.now()));
  });
  route(app, people.listTokens, async (request) => ({ tokens: await listTokens(ctx.db, actorOf(request)) }));
  route(app, people.revokeToken, async (request) => revokeToken(ctx.db, actorOf(request), parseInput(people.revokeToken.params, request.params, 'params').id, ctx.clock.now()));
  route(app, people.rotateAdminToken, async (request) => {
    const { token } = await rotateAdminToken(ctx.db, actorOf(request), ctx.clock.now());
    // The server's data directory keeps the new token, so a CLI on this machine finds it.
    writeAdminToken(ctx.config.dataDir, token);
    return { token };
  });

  route(app, people.listOrgs, async (request) => ({ organisations: await listOrganisations(ctx.db, actorOf(request)) }));
  route(app, people.addOrg, async (request, reply) => reply.code(201).send(await addOrganisation(ctx.db, actorOf(request), parseInput(people.addOrg.body, request.body, 'body'), ctx.clock.now())));
  route(app, people.currentOrg, async (request) => currentOrganisation(ctx.db, actorOf(request)));
  route(app, people.setOrgSetting, async (request) =>
    setOrganisationSetting(ctx.db, actorOf(request), parseInput(people.setOrgSetting.params, request.params, 'params').key, parseInput(people.setOrgSetting.body, request.body, 'body').value, ctx.clock.now()),
  );

  route(app, people.audit, async (request) => {
    const actor = actorOf(request);
    authorize(actor, 'admin');
    const query = parseInput(people.audit.querystring, request.query, 'query');
    const since = query.since === undefined ? undefined : Date.parse(parseInstantInput(query.since, 'since').until);
    const entries = await listAudit(ctx.db, actor.orgId, { since, after: query.after, limit: query.limit });
    return { entries, next: entries.length === query.limit ? entries.at(-1)!.id : null };
  });
}

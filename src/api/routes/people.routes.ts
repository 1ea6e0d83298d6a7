/**
 * Organisations, tokens and the audit log. Each route hands the request's actor to a use
 * case, which decides what it may do.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authorize } from '../../auth/actor.js';
import { createToken, listTokens, revokeToken, rotateAdminToken, TokenRequest } from '../../auth/api-tokens.js';
import { listAudit } from '../../auth/audit.js';
import { writeAdminToken } from '../../auth/data-files.js';
import { actingFor, addOrganisation, currentOrganisation, listOrganisations, setOrganisationSetting } from '../../organisations/organisations.service.js';
import type { Context } from '../../context.js';
import { parseInstantInput } from '../../time/zoned-time.js';
import { actorOf } from '../auth.js';
import { parseInput } from '../validate.js';

const TokenId = z.object({ id: z.string().regex(/^tok_[0-9a-z]{25}$/, 'must be a token id (tok_…)') });
const CreateToken = TokenRequest.extend({ org: z.string().min(1).max(200).optional() });
const OrgBody = z.object({ name: z.string() }).strict();
const SettingParams = z.object({ key: z.string().min(1).max(40) });
const SettingBody = z.object({ value: z.string().max(20_000) }).strict();
const AuditQuery = z.object({
  since: z.string().min(1).optional(),
  after: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export function peopleRoutes(app: FastifyInstance, ctx: Context): void {
  app.post('/tokens', async (request, reply) => {
    const { org, ...body } = parseInput(CreateToken, request.body, 'body');
    const actor = await actingFor(ctx.db, actorOf(request), org);
    return reply.code(201).send(await createToken(ctx.db, actor, body, ctx.clock.now()));
  });
  app.get('/tokens', async (request) => ({ tokens: await listTokens(ctx.db, actorOf(request)) }));
  app.delete('/tokens/:id', async (request) => revokeToken(ctx.db, actorOf(request), parseInput(TokenId, request.params, 'params').id, ctx.clock.now()));
  app.post('/tokens/rotate-admin', async (request) => {
    const { token } = await rotateAdminToken(ctx.db, actorOf(request), ctx.clock.now());
    // The server's data directory keeps the new token, so a CLI on this machine finds it.
    writeAdminToken(ctx.config.dataDir, token);
    return { token };
  });

  app.get('/orgs', async (request) => ({ organisations: await listOrganisations(ctx.db, actorOf(request)) }));
  app.post('/orgs', async (request, reply) => reply.code(201).send(await addOrganisation(ctx.db, actorOf(request), parseInput(OrgBody, request.body, 'body'), ctx.clock.now())));
  app.get('/org', async (request) => currentOrganisation(ctx.db, actorOf(request)));
  app.put('/org/settings/:key', async (request) =>
    setOrganisationSetting(ctx.db, actorOf(request), parseInput(SettingParams, request.params, 'params').key, parseInput(SettingBody, request.body, 'body').value, ctx.clock.now()),
  );

  app.get('/audit', async (request) => {
    const actor = actorOf(request);
    authorize(actor, 'admin');
    const query = parseInput(AuditQuery, request.query, 'query');
    const since = query.since === undefined ? undefined : Date.parse(parseInstantInput(query.since, 'since').until);
    const entries = await listAudit(ctx.db, actor.orgId, { since, after: query.after, limit: query.limit });
    return { entries, next: entries.length === query.limit ? entries.at(-1)!.id : null };
  });
}

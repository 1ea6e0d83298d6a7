import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { doctor } from '../../contract/doctor.js';
import { runDoctor } from '../../doctor/doctor.service.js';
import { createDnsResolver } from '../../doctor/resolver.js';
import { actingFor } from '../../organisations/organisations.service.js';
import { actorOf } from '../auth.js';
import { route } from '../route.js';
import { parseInput } from '../validate.js';

export function doctorRoutes(app: FastifyInstance, ctx: Context): void {
  const resolver = createDnsResolver(ctx.config.doctor.dnsServers);
  route(app, doctor.run, async (request) => {
    const actor = await actingFor(ctx.db, actorOf(request), parseInput(doctor.run.querystring, request.query, 'query').org);
    return runDoctor({ ...ctx, resolver }, actor);
  });
}

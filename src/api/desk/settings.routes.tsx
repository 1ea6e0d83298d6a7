/**
 * The desk's settings (admins): the organisation's name, address, sender, approval and email
 * theme, saved through `setOrganisationSetting` one changed setting at a time (each audited),
 * and the live preview of the email the theme produces. The social accounts, trace and audit
 * pages are registered from here too, so the app registers this area with one line.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../auth/actor.js';
import { authorize } from '../../auth/actor.js';
import type { Context } from '../../context.js';
import { AppError } from '../../errors.js';
import { identityFor } from '../../organisations/identity.js';
import { currentOrganisation, setOrganisationSetting } from '../../organisations/organisations.service.js';
import { previewRelease } from '../../releases/preview.js';
import { listOwnReleases, readRelease } from '../../releases/releases.service.js';
import { actorOf } from '../auth.js';
import { PreviewFrame, SettingsPage } from '../../web/pages/SettingsPage.js';
import { sampleRelease } from '../../web/sample-release.js';
import { changesOf, savedForm, sentForm, themeOf, type SettingsForm } from '../../web/settings-form.js';
import { deskAccountsRoutes } from './accounts.routes.js';
import { emailFrameCsp, pageContext } from './desk-scope.js';
import { deskRecordsRoutes } from './records.routes.js';

/** The latest release the organisation has, so the preview shows its own words; else a sample. */
async function previewSubject(ctx: Context, actor: Actor) {
  const [latest] = await listOwnReleases(ctx, actor);
  return latest ? (await readRelease(ctx, actor, latest.id)).primary : sampleRelease(actor.orgId);
}

export function deskSettingsRoutes(desk: FastifyInstance, ctx: Context): void {
  const dir = ctx.config.templatesDir;

  /** The signed-in admin, their organisation and the form as saved. */
  async function settingsOf(request: FastifyRequest) {
    const actor = actorOf(request);
    // Settings are for admins, as the nav shows them: a viewer is refused the page, not only the save.
    authorize(actor, 'admin');
    const org = await currentOrganisation(ctx.db, actor);
    return { actor, org, saved: savedForm(org, dir) };
  }

  desk.get('/settings', async (request, reply) => {
    const { saved } = await settingsOf(request);
    const query = request.query as Record<string, unknown>;
    return reply.html(<SettingsPage ctx={await pageContext(ctx, request, reply)} form={sentForm(saved, query)} saved={query.saved === '1'} />);
  });

  desk.post('/settings', async (request, reply) => {
    const { actor, org, saved } = await settingsOf(request);
    const page = await pageContext(ctx, request, reply);
    const form = sentForm(saved, request.body);
    const failed = (errors: { field: string; message: string }[]) => reply.code(400).html(<SettingsPage ctx={page} form={form} errors={errors} />);
    const { changes, errors } = changesOf(page.t, form, org, dir);
    if (errors.length) return failed(errors);
    for (const { key, value } of changes) {
      try {
        await setOrganisationSetting(ctx.db, actor, key, value, ctx.clock.now());
      } catch (err) {
        // The name is saved first, so a clash with another organisation saves nothing.
        if (err instanceof AppError && err.code === 'CONFLICT' && key === 'name') return failed([{ field: 'name', message: page.t.settings.nameTaken }]);
        throw err;
      }
    }
    return reply.redirect('/settings?saved=1', 303);
  });

  // htmx asks for a fresh frame on each change of the form (its fields in the query).
  desk.get('/settings/frame', async (request, reply) => {
    const { saved } = await settingsOf(request);
    return reply.html(<PreviewFrame ctx={await pageContext(ctx, request, reply)} form={sentForm(saved, request.query)} />);
  });

  // The email with the form's unsaved theme; a colour not (yet) valid shows the templates' own.
  desk.get('/settings/preview', async (request, reply) => {
    const { actor, org, saved } = await settingsOf(request);
    const page = await pageContext(ctx, request, reply);
    const form: SettingsForm = sentForm(saved, request.query);
    const identity = await identityFor(ctx, actor.orgId);
    const { theme } = themeOf(page.t, form, org.theme, dir);
    const preview = await previewRelease(ctx, { ...identity, theme }, await previewSubject(ctx, actor), 'public');
    reply.header('content-security-policy', emailFrameCsp);
    return reply.type('text/html; charset=utf-8').send(preview.html);
  });

  deskAccountsRoutes(desk, ctx);
  deskRecordsRoutes(desk, ctx);
}

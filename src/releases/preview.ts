/** What a journalist would receive, rendered for a sample recipient. */
import type { Config } from '../config.js';
import type { Organization } from '../rendering/render-options.js';
import type { ThemeOverrides } from '../rendering/theme.js';
import { AppError } from '../errors.js';
import { personalize } from '../rendering/personalize.js';
import { renderRelease } from '../rendering/render-release.js';
import { publicPage } from './public-page.js';
import { refuseUnknownZone, type Embargo } from './release.js';
import type { Release } from './releases.repo.js';

export interface Preview {
  subject: string;
  html: string;
  text: string;
  /** Size of the HTML part in bytes: Gmail clips messages above ~102 KB. */
  htmlBytes: number;
}

export async function previewRelease(
  deps: { config: Pick<Config, 'templatesDir' | 'publicUrl'> },
  /** Who sends it: the organisation's name, address and theme. */
  identity: { organization: Organization; theme: ThemeOverrides },
  release: Release,
  variant: 'public' | 'embargoed',
  /** A translation shares the embargo of the release it translates. */
  embargo: Embargo | undefined = release.embargo,
): Promise<Preview> {
  refuseUnknownZone(release.translationOf ?? release.id, embargo);
  if (variant === 'embargoed' && !embargo) {
    throw new AppError('INVALID_STATE', `Release ${release.id} has no embargo, so it has no embargoed variant`);
  }
  const rendered = await renderRelease(release.content, {
    variant,
    embargo,
    organization: identity.organization,
    theme: identity.theme,
    templatesDir: deps.config.templatesDir,
    readOnline: true,
  });
  const message = personalize(rendered, {
    name: 'Sample Recipient',
    email: 'journalist@example.com',
    unsubscribeUrl: `${deps.config.publicUrl}/u/preview`,
    readOnlineUrl: publicPage(deps.config.publicUrl, release.id),
    ...(variant === 'embargoed' ? { referenceCode: 'SAMP-LE00-CODE' } : {}),
  });
  return { ...message, htmlBytes: Buffer.byteLength(message.html) };
}

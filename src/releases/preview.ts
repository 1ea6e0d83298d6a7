/** What a journalist would receive, rendered for a sample recipient. */
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { personalize } from '../rendering/personalize.js';
import { renderRelease } from '../rendering/render-release.js';
import type { Release } from './releases.repo.js';

export interface Preview {
  subject: string;
  html: string;
  text: string;
  /** Size of the HTML part in bytes: Gmail clips messages above ~102 KB. */
  htmlBytes: number;
}

export async function previewRelease(
  deps: { config: Pick<Config, 'organization' | 'templatesDir' | 'publicUrl'> },
  release: Release,
  variant: 'public' | 'embargoed',
): Promise<Preview> {
  if (variant === 'embargoed' && !release.embargo) {
    throw new AppError('INVALID_STATE', `Release ${release.id} has no embargo, so it has no embargoed variant`);
  }
  const rendered = await renderRelease(release.content, {
    variant,
    embargo: release.embargo,
    organization: deps.config.organization,
    templatesDir: deps.config.templatesDir,
  });
  const message = personalize(rendered, {
    name: 'Sample Recipient',
    email: 'journalist@example.com',
    unsubscribeUrl: `${deps.config.publicUrl}/u/preview`,
  });
  return { ...message, htmlBytes: Buffer.byteLength(message.html) };
}

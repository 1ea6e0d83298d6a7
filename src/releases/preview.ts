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
import { lineDiff, type DiffLine } from '../text/line-diff.js';

export interface Preview {
  subject: string;
  html: string;
  text: string;
  /** Size of the HTML part in bytes: Gmail clips messages above ~102 KB. */
  htmlBytes: number;
  /** A correction's text part against the version it corrects, line by line. */
  diff?: DiffLine[];
}

export async function previewRelease(
  deps: { config: Pick<Config, 'templatesDir' | 'publicUrl'> },
  /** Who sends it: the organisation's name, address and theme. */
  identity: { organization: Organization; theme: ThemeOverrides },
  release: Release,
  variant: 'public' | 'embargoed',
  /** A translation shares the embargo of the release it translates. */
  embargo: Embargo | undefined = release.embargo,
  /** The version a correction corrects, in the same language: the preview then carries the diff. */
  original?: Release,
): Promise<Preview> {
  refuseUnknownZone(release.translationOf ?? release.id, embargo);
  if (variant === 'embargoed' && !embargo) {
    throw new AppError('INVALID_STATE', `Release ${release.id} has no embargo, so it has no embargoed variant`);
  }
  const sample = async (version: Release, correction: boolean) => {
    const rendered = await renderRelease(version.content, {
      variant,
      embargo,
      organization: identity.organization,
      theme: identity.theme,
      templatesDir: deps.config.templatesDir,
      readOnline: true,
      correction,
    });
    return personalize(rendered, {
      name: 'Sample Recipient',
      email: 'journalist@example.com',
      unsubscribeUrl: `${deps.config.publicUrl}/u/preview`,
      readOnlineUrl: publicPage(deps.config.publicUrl, release.id),
      ...(variant === 'embargoed' ? { referenceCode: 'SAMP-LE00-CODE' } : {}),
    });
  };
  const message = await sample(release, original !== undefined);
  const diff = original ? { diff: lineDiff((await sample(original, false)).text, message.text) } : {};
  return { ...message, htmlBytes: Buffer.byteLength(message.html), ...diff };
}

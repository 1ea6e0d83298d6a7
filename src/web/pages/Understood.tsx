/** What Presswire understood of a release, part by part: on its page, and beside the form that corrects it. */
import type { ReleaseContent } from '../../releases/release.js';
import { Row, SummaryList, TextRow } from '../components/SummaryList.js';
import { formatDate } from '../format.js';
import type { PageContext } from '../page-context.js';

export function Understood({ ctx, content: c }: { ctx: PageContext; content: ReleaseContent }) {
  const { t, locale } = ctx;
  return (
    <SummaryList>
      <TextRow label={t.release.kind} text={t.kinds[c.kind]} />
      <TextRow label={t.release.language} text={c.language} />
      <TextRow label={t.release.headline} text={c.headline} />
      <TextRow label={t.release.subheadline} text={c.subheadline} />
      <TextRow label={t.release.date} text={c.releaseDate ? formatDate(locale, c.releaseDate) : undefined} />
      <TextRow label={t.release.dateline} text={c.dateline} />
      {c.quotes.length ? (
        <Row label={t.release.quotes}>
          {c.quotes.map((q) => (
            <figure class="quote">
              <blockquote safe>{q.text}</blockquote>
              <figcaption safe>{q.title ? `${q.speaker}, ${q.title}` : q.speaker}</figcaption>
            </figure>
          ))}
        </Row>
      ) : (
        ''
      )}
      {c.contacts.length ? (
        <Row label={t.release.contacts}>
          <ul class="plain">
            {c.contacts.map((p) => (
              <li safe>{[p.name, p.title, p.organization, p.email, p.phone].filter(Boolean).join(' · ')}</li>
            ))}
          </ul>
        </Row>
      ) : (
        ''
      )}
      {c.boilerplate ? (
        <Row label={t.release.boilerplate}>
          <p class="strong" safe>
            {c.boilerplate.heading}
          </p>
          <p class="prose" safe>
            {c.boilerplate.text}
          </p>
        </Row>
      ) : (
        ''
      )}
      {c.notesToEditors?.length ? (
        <Row label={t.authoring.fields.notes}>
          <ol>
            {c.notesToEditors.map((note) => (
              <li class="prose" safe>
                {note}
              </li>
            ))}
          </ol>
        </Row>
      ) : (
        ''
      )}
    </SummaryList>
  );
}

/** RFC 5965 feedback reports (ARF): a recipient marked a message as spam. */
import { fieldGroups, typedValue } from './report-fields.js';

export function feedbackOf(report: string): { feedbackType: string; recipient: string | undefined } {
  const fields = fieldGroups(report)[0] ?? new Map<string, string>();
  return {
    feedbackType: (fields.get('feedback-type') ?? 'abuse').toLowerCase().slice(0, 100),
    recipient: typedValue(fields.get('original-rcpt-to'))?.toLowerCase(),
  };
}

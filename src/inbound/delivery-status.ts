/** RFC 3464 delivery status notifications: one status per recipient from the report part. */
import { enhancedStatusIn, fieldGroups, typedValue } from './report-fields.js';
import type { RecipientStatus } from './report.js';

export function recipientStatuses(report: string): RecipientStatus[] {
  // The first group describes the message (Reporting-MTA, Arrival-Date); the others, one recipient each.
  return fieldGroups(report)
    .filter((fields) => fields.has('action') && (fields.has('final-recipient') || fields.has('original-recipient')))
    .map((fields) => {
      const diagnostic = typedValue(fields.get('diagnostic-code'));
      const status = fields.get('status')?.match(/^[245]\.\d{1,3}\.\d{1,3}/)?.[0] ?? (diagnostic ? enhancedStatusIn(diagnostic) : undefined);
      return {
        recipient: typedValue(fields.get('final-recipient') ?? fields.get('original-recipient'))?.toLowerCase(),
        action: fields.get('action')!.toLowerCase().split(/[\s(]/)[0]!,
        status,
        diagnostic,
      };
    });
}

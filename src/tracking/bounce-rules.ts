/**
 * What a bounce is, and when an address stops being mailed. The rules, per organisation:
 *
 * - **Hard bounce** — the address does not exist: an enhanced status of class 5.1 (5.1.1 bad
 *   mailbox, 5.1.10 null MX, …) or a diagnostic that says so ("user unknown", "no such user",
 *   "mailbox not found"). The address is suppressed at once.
 * - **Soft bounce** — anything else that failed (mailbox full 5.2.2, 4.x.x given up, policy
 *   5.7.x): counted; `soft_bounce_limit` of them within `soft_bounce_window_days` suppress the
 *   address. A policy refusal says more about us than about the address, so it never suppresses alone.
 * - **Delay** — a DSN with `Action: delayed`: stored, counted nowhere, the copy stays accepted.
 * - **Complaint** — the recipient marked the message as spam (ARF, a provider's complaint):
 *   suppressed at once, and the organisation's admins are told.
 */
import type { BounceKind } from '../db/schema.js';

const addressUnknown = /\b(user|mailbox|recipient|address|account)\b[^.]{0,40}\b(unknown|not found|does not exist|doesn'?t exist|no such|invalid|unavailable|disabled|inactive)\b|\bno such (user|mailbox|recipient|address)\b|\bunknown (user|recipient|mailbox)\b|\buser doesn'?t exist\b|\baddress rejected\b/i;

/** Hard or soft, from the enhanced status code (RFC 3463) first, then the diagnostic text. */
export function bounceKind(status: string | undefined, diagnostic: string | undefined): BounceKind {
  const code = status?.match(/^([245])\.(\d{1,3})\.(\d{1,3})$/);
  if (code) {
    if (code[1] === '5' && code[2] === '1') return 'hard';
    if (code[1] === '4') return 'soft';
    if (code[1] === '5' && code[2] !== '0') return 'soft';
  }
  // No code, or 5.0.0 ("other"): the words decide.
  return diagnostic && addressUnknown.test(diagnostic) ? 'hard' : 'soft';
}

export interface SoftBounceRule {
  limit: number;
  windowDays: number;
}

/** Whether this many soft bounces (this one included) within the window suppress the address. */
export const softBouncesSuppress = (count: number, rule: SoftBounceRule): boolean => count >= rule.limit;

/** Wiring the inbound endpoint to a process's context: its mailer (for forwards and notices) and the complaint notice. */
import { emailSettings } from '../channels/email/email.channel.js';
import { createMailer } from '../channels/email/single-message.js';
import { DkimKeys } from '../dkim/signing-keys.js';
import type { Context } from '../context.js';
import { complaintNotifier } from '../tracking/complaint-notice.js';
import type { InboundDeps } from './deps.js';
import { startInboundServer, type InboundServer } from './inbound-server.js';

/** Where `presswire start` and `presswire inbound` listen when INBOUND_SMTP_PORT is unset. */
export const defaultInboundPort = 2526;

export function inboundDeps(ctx: Context, outboxPort?: number): InboundDeps {
  const mailer = createMailer(emailSettings(ctx.config, outboxPort), new DkimKeys(ctx));
  const config = { mailFrom: ctx.config.mailFrom, organization: ctx.config.organization, publicUrl: ctx.config.publicUrl };
  return { ...ctx, mailer, config, noticeComplaint: complaintNotifier({ ...ctx, mailer, config }) };
}

export function startInbound(ctx: Context, options: { port?: number; outboxPort?: number } = {}): Promise<InboundServer> {
  const { host, maxBytes } = ctx.config.inbound;
  return startInboundServer(inboundDeps(ctx, options.outboxPort), { host, maxBytes, port: options.port ?? ctx.config.inbound.port ?? defaultInboundPort });
}

/**
 * One transactional message (a sign-in link) through the same SMTP path as releases: the
 * relay, or the development outbox when no relay is configured. Each message is one SMTP
 * conversation of its own, opened and closed around it: such messages are rare, and an idle
 * connection would only be dropped by the relay.
 */
import { randomBytes } from 'node:crypto';
import { slotNames, type SlotName } from '../../rendering/slots.js';
import { createEmailChannel, type EmailChannelSettings } from './email.channel.js';
import { compileMessage, domainOf, formatMailbox, personalizeMessage, type Mailbox } from './mime.js';

export interface SingleMessage {
  /** The organisation it is sent for: its DKIM key signs the message. */
  orgId: string;
  from: Mailbox;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Where answers go, when not to the sender (a forwarded reply: the journalist). */
  replyTo?: Mailbox;
  /** A Message-ID of the caller's, so a message sent twice is recognised as one; random otherwise. */
  messageId?: string;
}

/** Signs a built message for an organisation (src/dkim/signing-keys.ts); unchanged when it has no key. */
export interface MessageSigner {
  sign(orgId: string, raw: Buffer): Promise<Buffer>;
}

export interface Mailer {
  /** Resolves once the relay accepted the message; throws a ChannelError otherwise. */
  send(message: SingleMessage): Promise<void>;
}

// Nothing is personalized by slot: the message is written for its one recipient.
const noSlots = Object.fromEntries(slotNames.map((name) => [name, ''])) as Record<SlotName, string>;

export function createMailer(settings: EmailChannelSettings, signer: MessageSigner): Mailer {
  return {
    async send(message) {
      const compiled = compileMessage({
        from: message.from,
        subject: message.subject,
        parts: [
          { contentType: 'text/plain', segments: [message.text] },
          { contentType: 'text/html', segments: [message.html] },
        ],
      });
      const built = personalizeMessage(
        compiled,
        // RFC 3834: automatic replies (vacation notices) are not sent to auto-generated mail.
        {
          to: { address: message.to },
          messageId: message.messageId ?? `<${randomBytes(16).toString('hex')}@${domainOf(message.from)}>`,
          date: new Date(),
          headers: { 'Auto-Submitted': 'auto-generated', ...(message.replyTo ? { 'Reply-To': formatMailbox(message.replyTo) } : {}) },
        },
        noSlots,
      );
      const raw = await signer.sign(message.orgId, built);
      const channel = createEmailChannel({ ...settings, poolSize: 1 });
      try {
        await channel.send({ from: message.from.address, to: message.to, raw });
      } finally {
        await channel.close?.();
      }
    },
  };
}

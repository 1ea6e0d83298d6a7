/** What the inbound endpoint's use cases work with. */
import type { Mailer } from '../channels/email/single-message.js';
import type { Logger } from '../logger.js';
import type { InstallIdentity } from '../organisations/identity.js';
import type { EventDeps } from '../tracking/delivery-events.js';
import type { TokenSigner } from '../tokens/tokens.js';

export interface InboundDeps extends EventDeps {
  tokens: TokenSigner;
  mailer: Mailer;
  logger: Logger;
  config: InstallIdentity & { publicUrl: string };
}

export interface InboundEnvelope {
  /** MAIL FROM; empty for a DSN (the null sender). */
  from: string | undefined;
  recipient: string;
  raw: Buffer;
}

export type InboundOutcome = 'applied' | 'replay' | 'kept';

/** The delivery an inbound address named. */
export interface DeliveryRef {
  id: string;
  orgId: string;
  address: string;
  distributionId: string;
}

/**
 * Table types for the typed query layer. Both dialects store the same shapes:
 * instants as integer milliseconds since the epoch (UTC), flags as 0/1 integers,
 * structured values as JSON text. `Generated` marks columns with defaults.
 */
import type { Generated, Selectable } from 'kysely';

type Ms = number;
type Flag = 0 | 1;

export interface ReleasesTable {
  org_id: string;
  id: string;
  status: 'draft' | 'finalized';
  language: string;
  headline: string;
  translation_of: string | null;
  /** JSON: ReleaseContent */
  content: string;
  source_format: 'markdown' | 'text' | 'json';
  embargo_until: Ms | null;
  embargo_zone: string | null;
  /** Counts embargo changes after the first distribution; names the update messages they cause. */
  embargo_revision: Generated<number>;
  content_hash: string | null;
  created_at: Ms;
  updated_at: Ms;
  finalized_at: Ms | null;
  /** The finalized release this one corrects (a new version of it), if any. */
  corrects: string | null;
  /** What the correction changed, in the author's words. */
  correction_note: string | null;
}

export interface ReleaseImagesTable {
  release_id: string;
  mime_type: 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';
  alt: string;
  bytes: number;
  sha256: string;
  /** base64 */
  data: string;
  created_at: Ms;
}

export interface ContactsTable {
  org_id: string;
  id: string;
  email: string;
  /** Lowercased address: the identity of a contact. */
  email_key: string;
  name: string | null;
  first_name: string | null;
  last_name: string | null;
  outlet: string | null;
  title: string | null;
  beat: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  language: string | null;
  twitter: string | null;
  phone: string | null;
  embargo_ok: Flag | null;
  /** The contact asked not to be tracked: no open pixel, links go straight to their target. */
  tracking_off: Generated<Flag>;
  created_at: Ms;
  updated_at: Ms;
}

export interface ListsTable {
  org_id: string;
  id: string;
  name: string;
  early_access: Generated<Flag>;
  created_at: Ms;
}

export interface ListMembersTable {
  list_id: string;
  contact_id: string;
  created_at: Ms;
}

/** Keyed by address, not contact: a suppression survives deleting and re-importing the contact. */
export interface SuppressionsTable {
  org_id: string;
  email_key: string;
  reason: 'unsubscribed' | 'bounced' | 'complained' | 'manual';
  detail: string | null;
  delivery_id: string | null;
  created_at: Ms;
}

export type DistributionStatus =
  | 'awaiting_approval'
  | 'scheduled'
  | 'planning'
  | 'sending'
  | 'completed'
  | 'completed_with_failures'
  | 'paused'
  | 'cancelled';

export interface DistributionsTable {
  org_id: string;
  id: string;
  release_id: string;
  idempotency_key: string | null;
  /** Hash of the request that created it: the same key with another request is a conflict. */
  request_hash: string;
  /** JSON: { lists: string[] } (list ids) */
  audience: string;
  /** JSON: string[] */
  channels: string;
  status: DistributionStatus;
  status_reason: string | null;
  /** When a scheduled distribution starts; null for "now". */
  send_at: Ms | null;
  created_at: Ms;
  updated_at: Ms;
  planned_at: Ms | null;
  completed_at: Ms | null;
  /** Who asked for it: a user id, or a service token's id. */
  requested_by: string | null;
  /** Who approved it (two-person approval), and the state they approved (see `approval.ts`). */
  approved_by: string | null;
  approved_at: Ms | null;
  approved_state: string | null;
}

/** Public copies; early copies under embargo; `update`: the notice of an embargo change (see `revision`). */
export type Variant = 'public' | 'embargoed' | 'update';

export interface RendersTable {
  id: string;
  distribution_id: string;
  variant: Variant;
  /** The embargo revision an update announces; 0 for the release itself. */
  revision: number;
  language: string;
  /** JSON: RenderedEmail */
  content: string;
  created_at: Ms;
}

export type DeliveryStatus =
  | 'queued'
  | 'sending'
  | 'deferred'
  | 'accepted'
  | 'posted'
  | 'dry_run'
  | 'failed'
  | 'bounced'
  | 'complained'
  | 'suppressed'
  | 'cancelled'
  | 'ambiguous';

/** What a delivery carries: the release by email, the notice of an embargo change by email, or a social post. */
export type DeliveryKind = 'email' | 'embargo_update' | 'social';

export interface DeliveriesTable {
  id: string;
  distribution_id: string;
  kind: DeliveryKind;
  /** For an embargo update, the embargo revision it announces; 0 otherwise. */
  revision: number;
  /** The social account that posts it (social deliveries only). */
  account_id: string | null;
  /** Identity of the target within its kind and revision: an address key, or an account id. */
  target_key: string;
  contact_id: string | null;
  address: string;
  recipient_name: string | null;
  language: string;
  variant: Variant;
  /** The email send job that owns it; null for a social delivery (one job each). */
  batch: number | null;
  status: DeliveryStatus;
  /** Every attempt made, including those the relay throttled. */
  attempts: Generated<number>;
  /** Attempts that met a rate limit: they do not count towards giving up. */
  throttled: Generated<number>;
  /** Possibly delivered twice (a copy was handed over and its outcome lost); same Message-ID. */
  duplicate_risk: Generated<Flag>;
  lease_owner: string | null;
  lease_until: Ms | null;
  /** Set when the message was handed to the relay: a crash after this may have sent it. */
  transmit_at: Ms | null;
  next_attempt_at: Ms;
  last_code: number | null;
  last_enhanced: string | null;
  last_reply: string | null;
  reason: string | null;
  message_id: string;
  /** The Message-ID this message answers (an embargo update threads to the embargoed copy). */
  in_reply_to: string | null;
  /** Leak tracing: the recipient's own code, printed in an embargoed copy and its link. */
  reference_code: string | null;
  /** A social post's id and address on its network (the first post of a thread). */
  external_id: string | null;
  external_url: string | null;
  /** The sending relay (its name) that took an email delivery; null until one did. */
  relay: string | null;
  created_at: Ms;
  updated_at: Ms;
  finished_at: Ms | null;
}

export interface DeliveryAttemptsTable {
  delivery_id: string;
  attempt: number;
  started_at: Ms;
  finished_at: Ms;
  outcome: string;
  code: number | null;
  enhanced: string | null;
  reply: string | null;
  worker: string;
  /** The sending relay the attempt went through, when it reached one. */
  relay: string | null;
}

export type AccountStatus = 'active' | 'dry_run' | 'needs_reconnect';

export interface SocialAccountsTable {
  org_id: string;
  id: string;
  network: 'x' | 'bluesky' | 'mastodon';
  /** The handle or label people know the account by. */
  name: string;
  status: AccountStatus;
  /** JSON: the network's settings (not secret). */
  settings: string;
  /** Sealed with AES-256-GCM; null for an account without credentials (dry run). */
  credentials: string | null;
  last_error: string | null;
  verified_at: Ms | null;
  created_at: Ms;
  updated_at: Ms;
}

/** One post of a social delivery (several for a thread), stored before the next is posted. */
export interface SocialPostsTable {
  delivery_id: string;
  item: number;
  text: string;
  status: 'pending' | 'ambiguous' | 'posted' | 'dry_run';
  external_id: string | null;
  url: string | null;
  posted_at: Ms | null;
}

export interface ReferenceViewsTable {
  delivery_id: string;
  viewed_at: Ms;
  ip: string | null;
  user_agent: string | null;
}

export type Role = 'viewer' | 'editor' | 'sender' | 'admin';

export interface ApiTokensTable {
  id: string;
  org_id: string;
  name: string;
  /** SHA-256 of the token; the token itself is never stored. */
  token_hash: string;
  role: Role;
  /** The user it acts as (with at most that user's role); null for a service identity. */
  user_id: string | null;
  /** Its sends need no second person's approval (granted by an admin, for cron jobs). */
  approved_sends: Generated<Flag>;
  /** The token in the data directory: the first organisation's admin, rotated by `tokens rotate-admin`. */
  bootstrap: Generated<Flag>;
  created_by: string | null;
  created_at: Ms;
  last_used_at: Ms | null;
  revoked_at: Ms | null;
}

export type ApprovalSetting = 'off' | 'required';

export interface OrganisationsTable {
  id: string;
  name: string;
  /** The sender and the address mail carries; null: the install's (MAIL_FROM, ORG_NAME, ORG_ADDRESS). */
  sender_name: string | null;
  sender_address: string | null;
  postal_address: string | null;
  /** JSON: Theme */
  theme: string | null;
  approval: Generated<ApprovalSetting>;
  /** Open pixel and click redirects in mail (on by default). */
  tracking: Generated<Flag>;
  /** Soft bounces of one address within the window (days) that suppress it. */
  soft_bounce_limit: Generated<number>;
  soft_bounce_window_days: Generated<number>;
  /** Its newsroom's name in URLs (`/newsroom/<slug>`); unique, set on creation. */
  slug: string;
  /** A host of its own that serves its newsroom at `/`; unique. */
  newsroom_host: string | null;
  created_at: Ms;
  updated_at: Ms;
}

export interface UsersTable {
  id: string;
  email: string;
  email_key: string;
  /** argon2id; null until the user sets a password (they sign in by emailed link). */
  password_hash: string | null;
  /** May add and list organisations. */
  install_admin: Generated<Flag>;
  created_at: Ms;
  updated_at: Ms;
  disabled_at: Ms | null;
  /** The desk's interface language ('en' | 'es'); null follows the browser's Accept-Language. */
  locale: Generated<string | null>;
}

export interface MembershipsTable {
  user_id: string;
  org_id: string;
  role: Role;
  created_at: Ms;
}

export interface SessionsTable {
  /** SHA-256 of the session id in the cookie. */
  id_hash: string;
  user_id: string;
  org_id: string;
  created_at: Ms;
  last_seen_at: Ms;
  expires_at: Ms;
  ip: string | null;
  user_agent: string | null;
}

export interface SignInLinksTable {
  /** SHA-256 of the token in the link. */
  token_hash: string;
  user_id: string;
  org_id: string;
  purpose: 'sign_in' | 'first_admin';
  created_at: Ms;
  expires_at: Ms;
  used_at: Ms | null;
}

export type AuditActorType = 'user' | 'token' | 'recipient' | 'system' | 'anonymous';

/** Append-only: triggers refuse every update and delete. */
export interface AuditLogTable {
  id: string;
  org_id: string | null;
  at: Ms;
  actor_type: AuditActorType;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  ip: string | null;
  /** SHA-256 of the object's state after the action. */
  state_hash: string | null;
  /** JSON: what changed, in a few fields (never a secret). */
  detail: string | null;
}

export type DeliveryEventType = 'bounce' | 'delay' | 'complaint' | 'open' | 'click' | 'reply';
export type BounceKind = 'hard' | 'soft';
/** Where an event came from: our inbound SMTP endpoint, a provider's webhook, or a recipient's request. */
export type EventSource = 'smtp' | 'ses' | 'postmark' | 'mailgun' | 'sendgrid' | 'pixel' | 'redirect';

/** What happened to a delivery after the relay took it, with the raw evidence. */
export interface DeliveryEventsTable {
  id: string;
  org_id: string;
  delivery_id: string;
  distribution_id: string;
  type: DeliveryEventType;
  bounce_kind: BounceKind | null;
  /** Opens and clicks by a machine (a privacy proxy, a link scanner): stored, never counted as a person's. */
  machine: Generated<Flag>;
  machine_reason: string | null;
  /** The link clicked. */
  url: string | null;
  source: EventSource;
  /** Identity of the event at its source (a provider's event id, a hash of a DSN): applied once. */
  event_key: string;
  /** An enhanced status code (5.1.1) or a provider's bounce type. */
  status_code: string | null;
  /** A reason in words: the diagnostic, the complaint's feedback type. */
  detail: string | null;
  /** The raw DSN, report or webhook body (bounded): a wrong suppression can be checked. */
  evidence: string | null;
  ip: string | null;
  user_agent: string | null;
  occurred_at: Ms;
  created_at: Ms;
}

/** Mail to the inbound endpoint that was not acted on: an unknown or tampered token, or nothing to read. */
export interface InboundMessagesTable {
  id: string;
  org_id: string | null;
  delivery_id: string | null;
  kind: 'bounce' | 'complaint' | 'reply' | 'unknown';
  verdict: 'unknown_token' | 'unreadable' | 'not_a_report' | 'applied';
  envelope_from: string | null;
  recipient: string;
  raw: string;
  received_at: Ms;
}

export type WebhookEventType =
  | 'delivery.accepted'
  | 'delivery.bounced'
  | 'delivery.complained'
  | 'delivery.opened'
  | 'delivery.clicked'
  | 'delivery.replied'
  | 'distribution.completed'
  | 'social.posted'
  /** Sent on request to one endpoint, whatever it subscribes to: "does my receiver work?" */
  | 'webhook.test';

export interface WebhookEndpointsTable {
  id: string;
  org_id: string;
  url: string;
  /** Sealed like social credentials: the Standard Webhooks signing secret (whsec_…). */
  secret: string;
  /** JSON: WebhookEventType[] */
  events: string;
  enabled: Generated<Flag>;
  created_at: Ms;
  updated_at: Ms;
}

/** One event for one endpoint, and how its delivery went (the webhook delivery log). */
export interface WebhookMessagesTable {
  /** The Standard Webhooks `webhook-id`: the same on every retry, so receivers can deduplicate. */
  id: string;
  org_id: string;
  endpoint_id: string;
  event_type: WebhookEventType;
  /** JSON body as sent. */
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: Generated<number>;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Ms;
  last_attempt_at: Ms | null;
  delivered_at: Ms | null;
}

/** An organisation's DKIM key (migration 007). */
export interface DkimKeysTable {
  org_id: string;
  selector: string;
  /** d=: the signing domain, the organisation's sender domain when generated. */
  domain: string;
  algorithm: 'rsa-sha256' | 'ed25519-sha256';
  /** PKCS#8 PEM sealed by the secret box, bound to `<org_id>/<selector>`. */
  private_key: string;
  /** The p= value of the DNS record (base64). */
  public_key: string;
  /** 1 for the key that signs; at most one per organisation. */
  active: number;
  created_at: number;
}

export interface Database {
  releases: ReleasesTable;
  release_images: ReleaseImagesTable;
  contacts: ContactsTable;
  lists: ListsTable;
  list_members: ListMembersTable;
  suppressions: SuppressionsTable;
  distributions: DistributionsTable;
  renders: RendersTable;
  deliveries: DeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
  reference_views: ReferenceViewsTable;
  social_accounts: SocialAccountsTable;
  social_posts: SocialPostsTable;
  api_tokens: ApiTokensTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  sign_in_links: SignInLinksTable;
  audit_log: AuditLogTable;
  delivery_events: DeliveryEventsTable;
  inbound_messages: InboundMessagesTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_messages: WebhookMessagesTable;
  dkim_keys: DkimKeysTable;
}

export type ReleaseRow = Selectable<ReleasesTable>;
export type ContactRow = Selectable<ContactsTable>;
export type DistributionRow = Selectable<DistributionsTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type OrganisationRow = Selectable<OrganisationsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type DeliveryEventRow = Selectable<DeliveryEventsTable>;

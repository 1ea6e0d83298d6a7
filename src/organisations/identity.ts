/**
 * An organisation's identity in mail: name, sender, postal address, theme. A setting left
 * unset falls back to the installation's (ORG_NAME, MAIL_FROM, ORG_ADDRESS).
 */
import type { Mailbox } from '../channels/email/mime.js';
import type { Db } from '../db/client.js';
import type { OrganisationRow } from '../db/schema.js';
import { ThemeOverrides } from '../rendering/theme.js';
import { getOrganisation } from './organisations.service.js';

export interface Identity {
  organization: { name: string; postalAddress: string };
  mailFrom: Mailbox;
  theme: ThemeOverrides;
}

export interface InstallIdentity {
  organization: { name: string; postalAddress: string };
  mailFrom: Mailbox;
}

type SenderColumns = Pick<OrganisationRow, 'sender_name' | 'sender_address'>;

/** The From of this organisation's mail. */
export const senderOf = (org: SenderColumns, install: Mailbox): Mailbox => ({ name: org.sender_name ?? install.name, address: org.sender_address ?? install.address });

/** What mail from this organisation says about who sent it. */
export function identityOf(org: OrganisationRow, install: InstallIdentity): Identity {
  return {
    organization: { name: org.sender_name ?? install.organization.name, postalAddress: org.postal_address ?? install.organization.postalAddress },
    mailFrom: senderOf(org, install.mailFrom),
    theme: org.theme ? ThemeOverrides.parse(JSON.parse(org.theme)) : {},
  };
}

export async function identityFor(deps: { db: Db; config: InstallIdentity }, orgId: string): Promise<Identity> {
  return identityOf(await getOrganisation(deps.db, orgId), deps.config);
}


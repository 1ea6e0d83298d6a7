/**
 * The relay, as the sending path reaches it (our own SMTP session): it answers, speaks TLS
 * (implicit or STARTTLS) with a certificate we trust, and takes the credentials in SMTP_URL.
 * Only host and port are ever reported: SMTP_URL may hold a password.
 */
import { isIP } from 'node:net';
import { poolOptions, type EmailChannelSettings } from '../channels/email/email.channel.js';
import { SmtpError, SmtpSession } from '../channels/email/smtp-session.js';
import { nonPublicRange } from '../net/public-address.js';
import { fail, pass, warn, type Finding } from './findings.js';

const TIMEOUT_MS = 10_000;

/** A relay on this machine or its network (by address or as localhost): plain SMTP there is a choice, not an exposure. */
function isLocal(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || (isIP(bare) !== 0 && nonPublicRange(bare) !== undefined);
}

export async function checkRelay(settings: Pick<EmailChannelSettings, 'url' | 'verifyTLS' | 'poolSize'>): Promise<Finding[]> {
  if (!settings.url) {
    return [warn('relay', 'no relay is configured: mail goes to the development outbox and reaches nobody', 'set SMTP_URL (smtp://user:password@relay.example.net:587 or smtps://…:465) to your relay')];
  }
  const options = { ...poolOptions({ ...settings, outbox: { host: '', port: 0 } }), connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS };
  const where = `${options.host}:${options.port}`;
  let session: SmtpSession;
  try {
    session = await SmtpSession.open(options);
  } catch (err) {
    return [refusal(err, where, options.auth !== undefined)];
  }
  session.quit();
  const local = isLocal(options.host);
  const tls = session.encrypted
    ? pass('relay-tls', `${where} speaks TLS (${options.secure ? 'implicit, smtps' : 'STARTTLS'})${settings.verifyTLS ? ' with a certificate we trust' : ', certificate NOT verified (SMTP_TLS_VERIFY=false)'}`)
    : (local ? warn : fail)('relay-tls', `${where} offers no TLS: credentials and mail cross ${local ? 'this machine or network' : 'the network'} in clear`, 'enable STARTTLS on the relay, or use smtps:// (port 465) in SMTP_URL');
  const auth = options.auth
    ? pass('relay-auth', `${where} accepted the credentials in SMTP_URL`)
    : (local ? pass('relay-auth', `${where} is on this machine or network and takes mail without a login`) : warn('relay-auth', `${where} takes mail without a login: it relays for anyone who can reach it, or trusts this server's address`, 'give SMTP_URL the relay’s credentials (smtp://user:password@host:587)'));
  return [tls, auth];
}

function refusal(err: unknown, where: string, withCredentials: boolean): Finding {
  const code = err instanceof SmtpError ? err.code : undefined;
  const message = (err as Error).message;
  if (code === 'ETLS') return fail('relay-tls', `TLS with ${where} failed: ${message}`, 'check the relay’s certificate and the port (465 is smtps://, 587 and 25 use STARTTLS); SMTP_TLS_VERIFY=false only for a self-signed relay you trust');
  if (code === 'EAUTH') return fail('relay-auth', `${where} refused the ${withCredentials ? 'credentials in SMTP_URL' : 'session'}: ${message}`, 'check the user name and password in SMTP_URL (URL-encode special characters)');
  return fail('relay', `cannot reach the relay at ${where}: ${message}`, 'check the host and port in SMTP_URL, and that this server may connect to it (firewall, the provider’s allow-list)');
}

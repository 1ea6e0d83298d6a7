/**
 * DKIM key pairs: generating one, reading an imported PEM, and the DNS TXT record that
 * publishes its public half (RFC 6376 §3.6.1; Ed25519 per RFC 8463 §4.2).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { DkimAlgorithm } from '../channels/email/dkim-signer.js';
import { AppError } from '../errors.js';

export interface KeyMaterial {
  algorithm: DkimAlgorithm;
  /** PKCS#8 PEM: what is sealed at rest. */
  privatePem: string;
  /** The record's p= value. */
  publicKey: string;
}

// RFC 8301: verifiers must refuse RSA keys under 1,024 bits; 2,048 is what we generate.
const MIN_RSA_BITS = 1024;

function materialOf(privateKey: KeyObject): KeyMaterial {
  const type = privateKey.asymmetricKeyType;
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  if (type === 'rsa') {
    if ((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) throw invalidKey(`an RSA key needs at least ${MIN_RSA_BITS} bits`);
    return { algorithm: 'rsa-sha256', privatePem: pem(privateKey), publicKey: spki.toString('base64') };
  }
  // An Ed25519 record holds the bare 32-byte public key, which ends its SPKI.
  if (type === 'ed25519') return { algorithm: 'ed25519-sha256', privatePem: pem(privateKey), publicKey: spki.subarray(-32).toString('base64') };
  throw invalidKey(`a ${type ?? 'secret'} key cannot sign DKIM; use RSA or Ed25519`);
}

const pem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
const invalidKey = (message: string) => new AppError('VALIDATION', 'The private key cannot be used for DKIM', { issues: [{ field: 'privateKey', message }] });

export function generateKeyMaterial(algorithm: DkimAlgorithm): KeyMaterial {
  const { privateKey } = algorithm === 'rsa-sha256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519');
  return materialOf(privateKey);
}

/** An imported PEM (PKCS#1 or PKCS#8, unencrypted). */
export function importKeyMaterial(privatePem: string, expected?: DkimAlgorithm): KeyMaterial {
  let key: KeyObject;
  try {
    key = createPrivateKey(privatePem);
  } catch {
    // The parser's message can quote the input: say only what is wrong.
    throw invalidKey('not an unencrypted PEM private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)');
  }
  const material = materialOf(key);
  if (expected && expected !== material.algorithm) throw invalidKey(`this is an ${material.algorithm.split('-')[0]} key, not ${expected}`);
  return material;
}

export const openPrivateKey = (privatePem: string): KeyObject => createPrivateKey(privatePem);

export interface DnsRecord {
  name: string;
  type: 'TXT';
  value: string;
}

export const dnsRecordOf = (key: { selector: string; domain: string; algorithm: DkimAlgorithm; publicKey: string }): DnsRecord => ({
  name: `${key.selector}._domainkey.${key.domain}`,
  type: 'TXT',
  value: `v=DKIM1; k=${key.algorithm === 'rsa-sha256' ? 'rsa' : 'ed25519'}; p=${key.publicKey}`,
});

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ConfigurationError } from '../errors.ts';

/**
 * Secrets kept in the database (Slack bot tokens) sealed with AES-256-GCM under a key from the settings
 * (PONT_SECRET_KEY). A sealed value names the key it was sealed with by a short fingerprint, so a wrong key is told
 * apart from a damaged value, and says so in one line.
 */
export interface SecretBox {
  /** The key's fingerprint: the first 8 hex digits of its SHA-256. */
  keyId: string;
  seal(plaintext: string): string;
  /** The plaintext; a ConfigurationError when the value was sealed with another key or does not open. */
  open(sealed: string): string;
}

const scheme = 'aes256gcm.v1';

/** Whether `value` is a value `seal` made (as opposed to a plaintext from before a key was set). */
export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(`${scheme}:`);
}

/** The key id a sealed value names. */
export function sealedKeyId(sealed: string): string {
  return sealed.split(':')[1] ?? '';
}

/**
 * The 32-byte key PONT_SECRET_KEY gives: 64 hex digits, or base64 of 32 bytes (`openssl rand -base64 32`).
 * Anything else is one ConfigurationError saying how to make a key.
 */
export function parseSecretKey(value: string, setting = 'PONT_SECRET_KEY'): Buffer {
  const text = value.trim();
  const key = /^[0-9a-f]{64}$/i.test(text)
    ? Buffer.from(text, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(text)
      ? Buffer.from(text, 'base64')
      : null;
  if (!key || key.length !== 32)
    throw new ConfigurationError(
      `${setting} must be 32 random bytes as 64 hex digits or base64: make one with openssl rand -base64 32`,
    );
  return key;
}

export function createSecretBox(key: Buffer, setting = 'PONT_SECRET_KEY'): SecretBox {
  const keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  return {
    keyId,
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        scheme,
        keyId,
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join(':');
    },
    open(sealed) {
      const [, id, iv, tag, body] = sealed.split(':');
      if (id !== keyId)
        throw new ConfigurationError(
          `${setting} is not the key these secrets were encrypted with (they name key ${id}, ${setting} is key ${keyId}): set ${setting} to the key they were written with`,
        );
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv ?? '', 'base64url'));
        decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body ?? '', 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch (error) {
        throw new ConfigurationError(
          `A secret sealed with key ${keyId} does not open: it was changed in the database, or ${setting} is not the key it was written with`,
          { cause: error },
        );
      }
    },
  };
}

import { readFileSync } from 'node:fs';
import type { SASLOptions } from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** How the ledger authenticates to Kafka and encrypts the connection; neither, by default. */
export interface KafkaSecurity {
  /** TLS: true for the system's certificate authorities, or the authorities to trust. */
  ssl?: true | ConnectionOptions;
  sasl?: SASLOptions;
}

export interface KafkaSecuritySettings {
  ssl: boolean;
  caFile?: string;
  mechanism?: SaslMechanism;
  username?: string;
  password?: string;
  passwordFile?: string;
}

/** A file named by a setting, read once at boot; the error names the setting, never the content. */
function readSettingFile(setting: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${setting} (${file}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/**
 * Managed Kafka clusters want TLS and SASL; a local broker wants neither. A certificate
 * authority file turns TLS on; a SASL mechanism needs a username and a password (or a file
 * holding it, so that the secret stays out of the environment).
 */
export function kafkaSecurity(settings: KafkaSecuritySettings): KafkaSecurity {
  const security: KafkaSecurity = {};
  if (settings.caFile) security.ssl = { ca: [readSettingFile('KAFKA_SSL_CA_FILE', settings.caFile)] };
  else if (settings.ssl) security.ssl = true;

  const { mechanism, username } = settings;
  if (settings.password !== undefined && settings.passwordFile !== undefined) {
    throw new Error('set KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both');
  }
  const password = settings.passwordFile !== undefined ? readSettingFile('KAFKA_SASL_PASSWORD_FILE', settings.passwordFile).trim() : settings.password;
  if (!mechanism) {
    if (username !== undefined || password !== undefined) throw new Error('KAFKA_SASL_USERNAME and its password need KAFKA_SASL_MECHANISM (plain, scram-sha-256 or scram-sha-512)');
    return security;
  }
  if (!username || !password) throw new Error(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE)`);
  security.sasl = { mechanism, username, password } as SASLOptions;
  return security;
}

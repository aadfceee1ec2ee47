// A secrets test corpus built from pieces at runtime, so no real-looking secret is committed.
import { createHash } from 'node:crypto';

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const alnum = (seed: string, n: number) => createHash('sha512').update(seed).digest('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, n);

export const SECRETS = {
  aws: 'AKIA' + 'IOSFODNN7' + 'EXAMPLE',
  awsSecret: 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY',
  github: 'ghp_' + alnum('github', 36),
  githubPat: 'github_pat_' + alnum('pat', 22) + '_' + alnum('pat2', 59),
  npm: 'npm_' + alnum('npm', 36),
  slack: 'https://hooks.slack.com/services/' + 'T0' + alnum('t', 7) + '/B0' + alnum('b', 7) + '/' + alnum('slack', 24),
  privateKeyBody: 'MIIEow' + alnum('pk1', 58),
  jwt: 'eyJ' + b64url({ alg: 'HS256', typ: 'JWT' }).slice(3) + '.' + b64url({ sub: '1234567890', name: 'Ada', iat: 1516239022 }) + '.' + alnum('sig', 43),
  dbPassword: 'S3cr3t' + 'Passw0rd' + alnum('db', 6),
  entropyB64: createHash('sha256').update('entropy-seed').digest('base64').replace(/=+$/, ''),
  entropyHex: createHash('sha1').update('hex-seed').digest('hex').slice(0, 32),
  stripe: 'sk_' + 'live_' + alnum('stripe', 24),
  google: 'AIza' + alnum('google', 35),
  literalInKey: 'hunter2' + '-correct-horse',
};

export const PRIVATE_KEY = `-----BEGIN ${'RSA PRIVATE'} KEY-----\n${SECRETS.privateKeyBody}\n${alnum('pk2', 64)}\n-----END ${'RSA PRIVATE'} KEY-----`;
export const DB_URL = `postgres://app:${SECRETS.dbPassword}@db.example.com:5432/app`;

/**
 * A password-like value that only the free-text assignment rule catches (no known format, too
 * short for the entropy rule), different for each place it is planted so a leak names its place.
 */
export const assigned = (place: string) => `Tr0ub4dor-${place}-H0rse!`;

/** Fragments that must never appear: each value and a piece from its middle (no partial reveal). */
export function forbidden(): string[] {
  const out: string[] = [];
  for (const v of [...Object.values(SECRETS), PRIVATE_KEY.split('\n')[2] ?? '']) {
    out.push(v, v.slice(Math.floor(v.length / 2) - 5, Math.floor(v.length / 2) + 5));
  }
  // Anchors and routes lower-case what they are made from: an AWS key id comes back whole (D3).
  out.push(SECRETS.aws.toLowerCase(), SECRETS.google.toLowerCase(), SECRETS.github.toLowerCase());
  return out;
}

// Public surface of the secrets layer (RELIABILITY §2.3): redact before rendering, gate after building.
export { redact, redactContent, redactText, fingerprintOf, marker, type SecretFinding } from './redact.ts';
export { scanOutput, scanText } from './scan.ts';
export { isPlaceholder, isSecretContainerKey, isSecretKey, SECRET_KEY_RE } from './rules.ts';

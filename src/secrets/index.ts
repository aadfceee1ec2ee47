// Public surface of the secrets layer (RELIABILITY §2.3): redact before rendering, gate after building.
export { contentPrefilter, redact, redactContent, redactText, fingerprintOf, marker, type SecretFinding } from './redact.ts';
export { isBinaryOutput, listFiles as listOutputFiles, scannableText, scanText } from './scan.ts';
export { isPlaceholder, isSecretContainerKey, isSecretKey, looksSecret, SECRET_KEY_RE } from './rules.ts';
export { decodePointerToken, redactDiagnostic, redactForLog, redactNameForLog, redactPointerForLog } from './report.ts';
export { clean, note, redactHtmlText } from './text.ts';

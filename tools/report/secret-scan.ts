import { CliError } from "../errors";

/**
 * The last gate before a report leaves the process: the text is searched for known secret values
 * (DELIVERY_SECRET_VALUES, one per line) and for secret-shaped strings. Any hit fails closed:
 * nothing is written and the message says where, never what.
 */
export const SECRET_VALUES_ENV = "DELIVERY_SECRET_VALUES";
/** Shorter known values would match ordinary words; they are skipped (documented). */
export const MIN_SECRET_LENGTH = 4;

/** Exported so a test can prove every shape has a positive and a negative case. */
export const SECRET_SHAPES: readonly { name: string; pattern: RegExp }[] = [
  { name: "a private key block", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: "a storage account key (AccountKey=...)", pattern: /AccountKey=[A-Za-z0-9+/]{20,}/ },
  { name: "a shared access signature", pattern: /(SharedAccessKey=|[?&]sig=)[A-Za-z0-9%+/]{16,}/ },
  { name: "an Entra ID client secret", pattern: /(^|[^A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}/ },
  { name: "a JSON web token", pattern: /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { name: "a GitHub token", pattern: /gh[pousr]_[A-Za-z0-9]{36,}/ },
  { name: "an AWS access key id", pattern: /\bAKIA[0-9A-Z]{16}\b/ },
  { name: "an Azure DevOps personal access token", pattern: /\b[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}\b/ },
  { name: "a chat webhook URL", pattern: /hooks\.slack\.com\/services\/[A-Za-z0-9/]+|webhook\.office\.com\/webhookb2\/[^\s)]+/ },
  { name: "a password in a connection string", pattern: /\b(Password|Pwd)=(?!\[secret\])[^;\s'"`|]{4,}/i },
];

export interface SecretFinding {
  readonly line: number;
  readonly what: string;
}

/** Known secret values from the environment variable (blank lines and very short values skipped). */
export function knownSecretValues(env: NodeJS.ProcessEnv): string[] {
  return (env[SECRET_VALUES_ENV] ?? "")
    .split(/\r?\n/)
    .map((v) => v.trim())
    .filter((v) => v.length >= MIN_SECRET_LENGTH);
}

export function scanForSecrets(text: string, known: readonly string[]): SecretFinding[] {
  const findings: SecretFinding[] = [];
  known.forEach((value, i) => {
    // JSON output escapes quotes and backslashes; look for both spellings.
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) {
      const at = text.indexOf(form);
      if (at >= 0) findings.push({ line: lineOf(text, at), what: `value ${i + 1} of ${SECRET_VALUES_ENV}` });
    }
  });
  for (const { name, pattern } of SECRET_SHAPES) {
    const match = pattern.exec(text);
    if (match) findings.push({ line: lineOf(text, match.index), what: `text shaped like ${name}` });
  }
  return findings.sort((a, b) => a.line - b.line);
}

/** Throws (exit 2) when the text holds anything secret; `what` names the document in the message. */
export function assertNoSecrets(text: string, env: NodeJS.ProcessEnv, what: string): void {
  const findings = scanForSecrets(text, knownSecretValues(env));
  if (findings.length === 0) return;
  const where = findings.map((f) => `line ${f.line}: ${f.what}`).join("; ");
  throw new CliError(
    `refusing to write ${what}: it contains secret material (${where}). Nothing was written. ` +
      `Mark the value as a secret in the Pulumi program (pulumi.secret / secret config) so the preview masks it, or fix the input file.`,
  );
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

import { CliError } from "../errors";

export interface StackInput {
  readonly stack: string;
  readonly file: string;
}

/** Parses repeatable `--stack <name>=<file>` values. */
export function parseStackArgs(values: readonly string[]): StackInput[] {
  const stacks: StackInput[] = [];
  for (const value of values) {
    const eq = value.indexOf("=");
    if (eq <= 0 || eq === value.length - 1) {
      throw new CliError(`--stack ${JSON.stringify(value)}: expected <stack name>=<preview file>, e.g. --stack prod=preview-prod.json.`);
    }
    const stack = value.slice(0, eq);
    if (stacks.some((s) => s.stack === stack)) throw new CliError(`--stack ${stack}: given twice; name each stack once.`);
    stacks.push({ stack, file: value.slice(eq + 1) });
  }
  return stacks;
}

/** `--max-chars`: a positive integer of at least 2,000 (room for the summary table). */
export function parseBudget(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2000) {
    throw new CliError(`--max-chars ${JSON.stringify(value)}: expected a whole number of at least 2000 characters.`);
  }
  return n;
}

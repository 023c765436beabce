import { CliError } from "../errors";
import { Diagnostic, Preview } from "./model";
import { normaliseSteps, plainText, RawStep } from "./steps";

/** Keys of the `pulumi preview --json` document (`PreviewDigest`); all optional. */
export const DIGEST_KEYS = ["config", "steps", "diagnostics", "duration", "changeSummary", "maybeCorrupt"];

/** Reads a parsed `pulumi preview --json` document. `source` names the file in messages. */
export function parseDigest(doc: Record<string, unknown>, source: string): Preview {
  const steps = doc.steps ?? [];
  if (!Array.isArray(steps)) {
    throw new CliError(`${source}: "steps" of a pulumi preview --json document must be an array; found ${typeName(steps)}.`);
  }
  for (let index = 0; index < steps.length; index++) checkStep(steps[index], index, source);
  return {
    format: "preview-json",
    // Checked above; the digest's steps are RawSteps as they are (no per-step copy).
    steps: normaliseSteps(steps as RawStep[]),
    diagnostics: diagnostics(doc.diagnostics),
    // Policy events are dropped from the digest by the CLI; only the event log carries them.
    policyViolations: [],
    changeSummary: counts(doc.changeSummary),
  };
}

/** A digest step needs the "op" and "urn" strings; everything else is optional and read defensively. */
function checkStep(step: unknown, index: number, source: string): void {
  const s = step as Record<string, unknown> | null;
  if (!s || typeof s !== "object" || typeof s.op !== "string" || typeof s.urn !== "string") {
    throw new CliError(
      `${source}: step ${index + 1} of "steps" has no "op" and "urn" strings; a pulumi preview --json step always has both. Found: ${preview(step)}.`,
    );
  }
}

function diagnostics(value: unknown): Diagnostic[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((d): d is Record<string, unknown> => !!d && typeof d === "object" && typeof d.message === "string")
    .map((d) => ({
      severity: typeof d.severity === "string" ? d.severity : "info",
      urn: typeof d.urn === "string" && d.urn ? d.urn : undefined,
      message: plainText(d.message as string).trim(),
    }));
}

export function counts(value: unknown): Record<string, number> | undefined {
  if (!value || typeof value !== "object") return undefined;
  const out: Record<string, number> = {};
  for (const [op, n] of Object.entries(value)) if (typeof n === "number") out[op] = n;
  return out;
}

export function typeName(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

/** A short, single-line excerpt of a JSON value for error messages. */
export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

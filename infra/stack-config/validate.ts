import { closest, distance } from "fastest-levenshtein";
import { z } from "zod";
import { Field, decodeStructured } from "./field";
import { FIELDS, FieldKey, FieldValues } from "./fields";
import { FOREIGN_NAMESPACES, RawStackConfig } from "./raw-config";
import { waivedInSlotShape } from "./hosting";
import { CROSS_FIELD_RULES } from "./rules";
import { SecretValue } from "./secret-value";

/** One problem in a stack's config, already phrased for people. */
export interface ConfigIssue {
  /** Full key path, e.g. `pinecone-delivery:alertEmails[1]`. */
  readonly path: string;
  readonly expected: string;
  readonly found: string;
}

export type ValidationResult =
  | { readonly ok: true; readonly values: FieldValues }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

const FIELD_KEYS = Object.keys(FIELDS) as FieldKey[];

/**
 * Checks a stack's raw config against the field table and the cross-field rules and reports every
 * problem at once. Pure: no Pulumi runtime, no I/O.
 */
export function validateStackConfig(raw: RawStackConfig): ValidationResult {
  const issues: ConfigIssue[] = [];
  const ns = raw.project;
  const own = new Map<string, unknown>();

  for (const fullKey of Object.keys(raw.values).sort()) {
    const colon = fullKey.indexOf(":");
    const namespace = colon > 0 ? fullKey.slice(0, colon) : "";
    const key = fullKey.slice(colon + 1);
    const value = raw.secretKeys.has(fullKey) ? new SecretValue(raw.values[fullKey]) : raw.values[fullKey];
    if (namespace === ns) {
      if (key in FIELDS) own.set(key, value);
      else issues.push(unknownKey(ns, key));
    } else if (!FOREIGN_NAMESPACES.has(namespace)) {
      issues.push({
        path: fullKey,
        expected: `a key of this project (${ns}:<key>) or of ${[...FOREIGN_NAMESPACES].join(", ")}`,
        found: namespace ? `the namespace "${namespace}"` : "a key without a namespace",
      });
    }
  }

  const valid: Partial<Record<FieldKey, unknown>> = {};
  for (const key of FIELD_KEYS) {
    const field: Field = FIELDS[key];
    const input = own.get(key);
    if (input === undefined) {
      if (field.default !== undefined) valid[key] = field.default;
      // An own-plan key without a default (the plan SKU) has no value in the slot shape; rules that
      // read it do not run there.
      else if (waivedInSlotShape(key, own)) continue;
      else issues.push({ path: `${ns}:${key}`, expected: `${field.expects} (the key is required)`, found: "nothing: the key is missing" });
      continue;
    }
    if (field.secret && !(input instanceof SecretValue)) {
      issues.push({
        path: `${ns}:${key}`,
        expected: `a secure value: set it with \`pulumi config set --secret ${key} <value>\``,
        found: "plain text (not shown)",
      });
      continue;
    }
    if (field.secret && input instanceof SecretValue && typeof decodeStructured(input.reveal()) === "object") {
      issues.push({ path: `${ns}:${key}`, expected: field.expects.replace("a secure value", "a secure text value"), found: "a secure mapping or list (not shown)" });
      continue;
    }
    if (!field.secret && input instanceof SecretValue) {
      issues.push({ path: `${ns}:${key}`, expected: `${field.expects} in plain text (it is not a secret)`, found: "a secure value" });
      continue;
    }
    const parsed = field.schema.safeParse(input);
    if (parsed.success) valid[key] = parsed.data;
    else issues.push(...fieldIssues(ns, key, field, input, parsed.error));
  }

  const stackName = raw.stackName;
  for (const rule of CROSS_FIELD_RULES) {
    if (!rule.reads.every((k) => k in valid)) continue;
    for (const f of rule.check(valid as FieldValues, { stackName, given: new Set(own.keys()) as ReadonlySet<FieldKey> })) {
      issues.push({ path: `${ns}:${f.key}`, expected: f.expected, found: f.found });
    }
  }

  return issues.length === 0 ? { ok: true, values: valid as FieldValues } : { ok: false, issues };
}

function unknownKey(ns: string, key: string): ConfigIssue {
  const guess = closest(key, FIELD_KEYS);
  const near = distance(key.toLowerCase(), guess.toLowerCase()) <= Math.max(2, Math.floor(key.length / 4));
  return {
    path: `${ns}:${key}`,
    expected: near ? `a known key (did you mean ${ns}:${guess}?)` : "a known key (see the configuration reference in README.md)",
    found: "an unknown key",
  };
}

/** One message per distinct path: a zod error may hold several issues for one value. */
function fieldIssues(ns: string, key: string, field: Field, input: unknown, error: z.ZodError): ConfigIssue[] {
  const byPath = new Map<string, ConfigIssue>();
  for (const issue of error.issues) {
    const sub = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    const itemLevel = sub.length > 0 && field.itemExpects !== undefined;
    const path = `${ns}:${key}${sub.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("")}`;
    if (byPath.has(path)) continue;
    byPath.set(path, {
      path,
      expected: itemLevel ? (field.itemExpects as string) : field.expects,
      found: describeValue(valueAt(decoded(input), sub)),
    });
  }
  return [...byPath.values()];
}

/** The value as the schema saw it after JSON decoding, so element paths resolve. */
function decoded(input: unknown): unknown {
  return decodeStructured(input);
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const p of path) v = v !== null && typeof v === "object" ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

export function describeValue(v: unknown): string {
  if (v instanceof SecretValue) return "a secure value";
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return `a list ${shortened(JSON.stringify(v))}`;
  if (v !== null && typeof v === "object") return `a mapping ${shortened(JSON.stringify(v))}`;
  // Scalars reach the program as strings; show numbers and booleans as written in the file.
  const s = typeof v === "string" && /^(-?\d+(\.\d+)?|true|false)$/.test(v) ? v : JSON.stringify(v) ?? String(v);
  return shortened(s);
}

function shortened(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

import { z } from "zod";
import { AZURE_TAG_LIMITS } from "../azure-catalog";
import { SecretValue } from "./secret-value";

/** The types Pulumi.yaml can declare for a config key (project.json `simpleConfigType`). */
export type PulumiConfigType = "string" | "integer" | "boolean" | "array";

/**
 * One config key: its zod schema plus what people and Pulumi.yaml need to know about it.
 * The schema receives the value as the Pulumi engine passes it (top-level values are strings,
 * lists are JSON), so `decode` turns it into the declared type first.
 */
export interface Field<T = unknown> {
  readonly schema: z.ZodType<T>;
  readonly type: PulumiConfigType;
  readonly itemType?: "string" | "integer";
  /** One line for Pulumi.yaml and the README's configuration reference. */
  readonly description: string;
  /** What a valid value looks like, for error messages ("an integer from 1 to 30"). */
  readonly expects: string;
  /** What a valid list element looks like, for errors on one element. */
  readonly itemExpects?: string;
  /** Used when the key is absent; a field without one is required. */
  readonly default?: T;
  /** The value must be given as a secret (`pulumi config set --secret`). */
  readonly secret?: boolean;
  /** Section of the configuration reference. */
  readonly group: string;
}

interface Common<T> {
  readonly description: string;
  readonly group: string;
  readonly default?: T;
}

const INTEGER = /^-?\d+$/;

/**
 * Pulumi hands a structured value (a YAML mapping or list) to the program as JSON text, so a
 * mapping set where a scalar belongs arrives as `{"a":[1,2]}`, indistinguishable from text that
 * merely looks like it. Every field decodes such text first: scalar schemas then reject the
 * object or array (and the error shows "a mapping"/"a list"), list schemas accept only arrays.
 */
export function decodeStructured(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const t = v.trim();
  if (!(t.startsWith("{") && t.endsWith("}")) && !(t.startsWith("[") && t.endsWith("]"))) return v;
  try {
    const parsed: unknown = JSON.parse(t);
    return parsed !== null && typeof parsed === "object" ? parsed : v;
  } catch {
    return v;
  }
}

/** Pulumi passes scalars as strings; numbers written unquoted in YAML arrive the same way. */
function asString(v: unknown): unknown {
  const d = decodeStructured(v);
  return typeof d === "number" || typeof d === "boolean" ? String(d) : d;
}

function asInteger(v: unknown): unknown {
  const d = decodeStructured(v);
  return typeof d === "string" && INTEGER.test(d.trim()) ? Number(d.trim()) : d;
}

function asBoolean(v: unknown): unknown {
  const d = decodeStructured(v);
  if (d === "true") return true;
  if (d === "false") return false;
  return d;
}

/** Lists reach the program as JSON text. */
function asList(v: unknown): unknown {
  return decodeStructured(v);
}

export function text(
  o: Common<string> & { expects: string; pattern?: RegExp; maxLength?: number },
): Field<string> {
  let s = z.string().min(1);
  if (o.maxLength) s = s.max(o.maxLength);
  if (o.pattern) s = s.regex(o.pattern);
  return { ...o, type: "string", schema: z.preprocess(asString, s) as z.ZodType<string> };
}

/** A config value that becomes a tag value on every resource (non-empty, at most 256 characters). */
export function tagValue(o: Common<string>): Field<string> {
  const max = AZURE_TAG_LIMITS.valueMaxLength;
  return text({ ...o, expects: `a non-empty text of at most ${max} characters (an Azure tag value)`, maxLength: max });
}

export function oneOf<const V extends readonly [string, ...string[]]>(
  values: V,
  o: Common<V[number]>,
): Field<V[number]> {
  return {
    ...o,
    type: "string",
    expects: `one of ${values.join(", ")}`,
    schema: z.preprocess(asString, z.enum(values)) as unknown as z.ZodType<V[number]>,
  };
}

export function integer(o: Common<number> & { min: number; max: number; unit?: string }): Field<number> {
  const unit = o.unit ? ` (${o.unit})` : "";
  return {
    ...o,
    type: "integer",
    expects: `an integer from ${o.min} to ${o.max}${unit}`,
    schema: z.preprocess(asInteger, z.number().int().min(o.min).max(o.max)) as z.ZodType<number>,
  };
}

export function integerIn<const V extends readonly number[]>(values: V, o: Common<V[number]> & { unit?: string }): Field<V[number]> {
  const unit = o.unit ? ` (${o.unit})` : "";
  return {
    ...o,
    type: "integer",
    expects: `one of ${values.join(", ")}${unit}`,
    schema: z.preprocess(asInteger, z.number().refine((n) => values.includes(n))) as z.ZodType<V[number]>,
  };
}

export function flag(o: Common<boolean>): Field<boolean> {
  return { ...o, type: "boolean", expects: "true or false", schema: z.preprocess(asBoolean, z.boolean()) as z.ZodType<boolean> };
}

export function list<T>(
  item: z.ZodType<T>,
  o: Common<T[]> & { itemExpects: string; itemType: "string" | "integer"; min?: number; max?: number },
): Field<T[]> {
  const min = o.min ?? 0;
  const bounds = o.max !== undefined ? `${min} to ${o.max}` : `at least ${min}`;
  let a = z.array(item).min(min);
  if (o.max !== undefined) a = a.max(o.max);
  return {
    ...o,
    type: "array",
    expects: `a list of ${bounds} items, each ${o.itemExpects}`,
    schema: z.preprocess(asList, a) as z.ZodType<T[]>,
  };
}

/** Item schema for lists of strings matching a pattern (YAML scalars arrive as strings or numbers). */
export function textItem(pattern?: RegExp): z.ZodType<string> {
  const s = pattern ? z.string().regex(pattern) : z.string().min(1);
  return z.preprocess(asString, s) as z.ZodType<string>;
}

export function enumItem<const V extends readonly [string, ...string[]]>(values: V): z.ZodType<V[number]> {
  return z.preprocess(asString, z.enum(values)) as unknown as z.ZodType<V[number]>;
}

/** A value that must be a Pulumi secret; validated without ever being shown. */
export function secret(o: Common<never>): Field<SecretValue> {
  return {
    ...o,
    type: "string",
    secret: true,
    expects: "a secure value (set with `pulumi config set --secret`)",
    schema: z.custom<SecretValue>((v) => v instanceof SecretValue && v.reveal().length > 0),
  };
}

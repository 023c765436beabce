import { z } from "zod";
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

/** Pulumi passes scalars as strings; numbers written unquoted in YAML arrive the same way. */
function asString(v: unknown): unknown {
  return typeof v === "number" || typeof v === "boolean" ? String(v) : v;
}

function asInteger(v: unknown): unknown {
  return typeof v === "string" && INTEGER.test(v.trim()) ? Number(v.trim()) : v;
}

function asBoolean(v: unknown): unknown {
  if (v === "true") return true;
  if (v === "false") return false;
  return v;
}

/** Lists reach the program as JSON text. */
function asList(v: unknown): unknown {
  if (typeof v === "string" && v.trimStart().startsWith("[")) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

export function text(
  o: Common<string> & { expects: string; pattern?: RegExp; maxLength?: number },
): Field<string> {
  let s = z.string().min(1);
  if (o.maxLength) s = s.max(o.maxLength);
  if (o.pattern) s = s.regex(o.pattern);
  return { ...o, type: "string", schema: z.preprocess(asString, s) as z.ZodType<string> };
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

/**
 * The Azure Pipelines expression language, as far as this repository's YAML uses it: template
 * expressions `${{ }}` (expanded with the parameters when the YAML is compiled; `variables` there
 * are only those known at compile time) and runtime conditions (`succeeded()`, `variables['X']`).
 * Functions and comparison rules follow "Expressions" in the Azure Pipelines docs: string
 * comparison is case-insensitive, booleans are inserted into strings as True/False. An unknown
 * function throws, so a template that starts using one fails the tests instead of passing quietly.
 */

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

export interface ExpressionContext {
  readonly parameters?: Record<string, Value>;
  /** Variables visible to the expression (compile time: none of the stage's; runtime: all set so far). */
  readonly variables?: Record<string, string>;
  /** Job status functions (runtime conditions only). */
  readonly status?: { readonly failed: boolean; readonly canceled?: boolean };
  /** Other named contexts (stageDependencies, dependencies, resources). */
  readonly other?: Record<string, Value>;
}

type Token = { kind: "str"; value: string } | { kind: "num"; value: number } | { kind: "id"; value: string } | { kind: "punct"; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) i++;
    else if (c === "'") {
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`unterminated string in expression: ${text}`);
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") {
          i++;
          break;
        } else value += text[i++];
      }
      tokens.push({ kind: "str", value });
    } else if ("(),[].".includes(c)) tokens.push({ kind: "punct", value: text[i++] });
    else if (/[0-9]/.test(c)) {
      const m = /^\d+(\.\d+)?/.exec(text.slice(i))!;
      tokens.push({ kind: "num", value: Number(m[0]) });
      i += m[0].length;
    } else {
      const m = /^[A-Za-z_][\w-]*/.exec(text.slice(i));
      if (!m) throw new Error(`unexpected "${c}" in expression: ${text}`);
      tokens.push({ kind: "id", value: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

/** String form of a value, as Azure Pipelines inserts it into text. */
export function asString(v: Value): string {
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "object") throw new Error(`an object or array cannot be inserted into a string: ${JSON.stringify(v)}`);
  return String(v);
}
function truthy(v: Value): boolean {
  if (typeof v === "string") return v.length > 0;
  if (Array.isArray(v)) return true;
  return Boolean(v);
}
function equal(a: Value, b: Value): boolean {
  if (typeof a === "boolean" || typeof b === "boolean") return asString(a).toLowerCase() === asString(b).toLowerCase();
  if (typeof a === "number" || typeof b === "number") return Number(a) === Number(b);
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  return JSON.stringify(a) === JSON.stringify(b);
}

const FUNCTIONS: Record<string, (args: Value[], ctx: ExpressionContext) => Value> = {
  and: (a) => a.every(truthy),
  or: (a) => a.some(truthy),
  not: (a) => !truthy(a[0]),
  eq: (a) => equal(a[0], a[1]),
  ne: (a) => !equal(a[0], a[1]),
  in: (a) => a.slice(1).some((x) => equal(a[0], x)),
  notIn: (a) => !a.slice(1).some((x) => equal(a[0], x)),
  contains: (a) => asString(a[0]).toLowerCase().includes(asString(a[1]).toLowerCase()),
  startsWith: (a) => asString(a[0]).toLowerCase().startsWith(asString(a[1]).toLowerCase()),
  endsWith: (a) => asString(a[0]).toLowerCase().endsWith(asString(a[1]).toLowerCase()),
  containsValue: (a) => Array.isArray(a[0]) && a[0].some((x) => equal(x, a[1])),
  iif: (a) => (truthy(a[0]) ? a[1] : a[2]),
  format: (a) => asString(a[0]).replace(/\{(\d+)\}/g, (_, n) => asString(a[Number(n) + 1] ?? "")),
  join: (a) => (Array.isArray(a[1]) ? a[1].map(asString).join(asString(a[0])) : asString(a[1] ?? "")),
  split: (a) => asString(a[0]).split(asString(a[1])),
  coalesce: (a) => a.find((x) => x !== null && x !== "") ?? null,
  lower: (a) => asString(a[0]).toLowerCase(),
  upper: (a) => asString(a[0]).toUpperCase(),
  length: (a) => (Array.isArray(a[0]) ? a[0].length : asString(a[0]).length),
  succeeded: (_, c) => !statusOf(c).failed && !statusOf(c).canceled,
  failed: (_, c) => statusOf(c).failed,
  canceled: (_, c) => Boolean(statusOf(c).canceled),
  always: () => true,
  succeededOrFailed: (_, c) => !statusOf(c).canceled,
};
function statusOf(c: ExpressionContext) {
  if (!c.status) throw new Error("a job status function in a template expression (compile time)");
  return c.status;
}

/** Evaluates one expression (the text inside `${{ }}` or a condition). */
export function evaluate(text: string, ctx: ExpressionContext): Value {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const expect = (value: string) => {
    const t = tokens[pos++];
    if (!t || t.kind !== "punct" || t.value !== value) throw new Error(`expected "${value}" in expression: ${text}`);
  };
  const parse = (): Value => {
    const t = tokens[pos++];
    if (!t) throw new Error(`unexpected end of expression: ${text}`);
    if (t.kind === "str" || t.kind === "num") return t.value;
    if (t.kind !== "id") throw new Error(`unexpected "${t.value}" in expression: ${text}`);
    if (t.value === "true" || t.value === "false") return t.value === "true";
    if (t.value === "null") return null;
    if (peek()?.kind === "punct" && peek()!.value === "(") {
      pos++;
      const args: Value[] = [];
      while (!(peek()?.kind === "punct" && peek()!.value === ")")) {
        args.push(parse());
        if (peek()?.kind === "punct" && peek()!.value === ",") pos++;
      }
      expect(")");
      const fn = FUNCTIONS[t.value];
      if (!fn) throw new Error(`unknown function ${t.value}() in expression: ${text}`);
      return fn(args, ctx);
    }
    // A property reference: parameters.a.b, variables['X'], variables.X, other contexts.
    const roots: Record<string, Value> = {
      parameters: (ctx.parameters ?? {}) as Value,
      variables: Object.fromEntries(Object.entries(ctx.variables ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      ...(ctx.other ?? {}),
    };
    if (!(t.value in roots)) throw new Error(`unknown name ${t.value} in expression: ${text}`);
    let value: Value = roots[t.value];
    for (;;) {
      const p = peek();
      let key: string | undefined;
      if (p?.kind === "punct" && p.value === ".") {
        pos++;
        const id = tokens[pos++];
        if (!id || id.kind !== "id") throw new Error(`expected a property name in expression: ${text}`);
        key = id.value;
      } else if (p?.kind === "punct" && p.value === "[") {
        pos++;
        key = asString(parse());
        expect("]");
      } else break;
      if (t.value === "variables") key = key.toLowerCase();
      value = value && typeof value === "object" && !Array.isArray(value) ? (value[key] ?? null) : null;
    }
    // An undefined variable is the empty string.
    return value === null && t.value === "variables" ? "" : value;
  };
  const result = parse();
  if (pos !== tokens.length) throw new Error(`unexpected text after the expression: ${text}`);
  return result;
}

const TEMPLATE_EXPRESSION = /\$\{\{(.*?)\}\}/g;

/**
 * Expands every `${{ }}` in a string. A string that is exactly one expression keeps the value's type
 * (a boolean parameter stays a boolean); otherwise each value is inserted as text.
 */
export function expandTemplate(text: string, ctx: ExpressionContext): Value {
  const whole = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(text);
  if (whole && !whole[1].includes("}}")) return evaluate(whole[1], ctx);
  return text.replace(TEMPLATE_EXPRESSION, (_, inner: string) => asString(evaluate(inner, ctx)));
}

/** Expands template expressions in every string of a parsed YAML node (keys included). */
export function expandNode(node: unknown, ctx: ExpressionContext): unknown {
  if (typeof node === "string") return expandTemplate(node, ctx);
  if (Array.isArray(node)) return node.map((n) => expandNode(n, ctx));
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [String(expandTemplate(k, ctx)), expandNode(v, ctx)]));
  }
  return node;
}

/**
 * Expands `$(name)` macros at run time: a defined variable (case-insensitive) is replaced, recursively
 * through values that reference other variables; anything else is left as written, as Azure
 * Pipelines does (so `$(date -u ...)` reaches bash intact).
 */
export function expandMacros(text: string, variables: Record<string, string>): string {
  const lower = new Map(Object.entries(variables).map(([k, v]) => [k.toLowerCase(), v]));
  let out = text;
  for (let depth = 0; depth < 5; depth++) {
    const next = out.replace(/\$\(([A-Za-z_][\w.-]*)\)/g, (m, name: string) => lower.get(name.toLowerCase()) ?? m);
    if (next === out) break;
    out = next;
  }
  return out;
}

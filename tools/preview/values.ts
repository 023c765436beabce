/**
 * Property values as they appear in preview inputs: secrets, unknowns, assets and resource
 * references are encoded with Pulumi's signature keys. `maskValue` turns them into short display
 * strings; a secret's plaintext (event log with --show-secrets) is never read.
 */

const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
const RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const SECRET_TEXT = "[secret]";
export const UNKNOWN_TEXT = "[unknown until apply]";

/** Replaces every signature object below `value` by its display form; returns a new value. */
export function maskValue(value: unknown): unknown {
  if (value === UNKNOWN_SENTINEL) return UNKNOWN_TEXT;
  if (Array.isArray(value)) return value.map(maskValue);
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  const sig = obj[SIGNATURE_KEY];
  if (sig !== undefined) return maskSignature(sig, obj);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) out[key] = maskValue(obj[key]);
  return out;
}

function maskSignature(sig: unknown, obj: Record<string, unknown>): unknown {
  switch (sig) {
    case SECRET_SIG:
      return SECRET_TEXT;
    case ASSET_SIG:
      return `[asset ${shortHash(obj.hash)}]`;
    case ARCHIVE_SIG:
      return `[archive ${shortHash(obj.hash)}]`;
    case RESOURCE_REF_SIG:
      return `[resource ${typeof obj.urn === "string" ? obj.urn : "?"}]`;
    default:
      // NaN/Inf numbers and future signatures: show the kind, never the payload.
      return "[special value]";
  }
}

function shortHash(hash: unknown): string {
  return typeof hash === "string" && hash.length > 0 ? hash.slice(0, 12) : "?";
}

/**
 * Splits an engine property path (`a.b`, `list[0].x`, `tags["k.with.dots"]`) into keys;
 * undefined when the path does not follow that syntax.
 */
export function parsePropertyPath(path: string): (string | number)[] | undefined {
  const keys: (string | number)[] = [];
  let i = 0;
  while (i < path.length) {
    const ch = path[i];
    if (ch === ".") {
      i++;
      continue;
    }
    if (ch === "[") {
      const close = path.indexOf("]", i);
      if (close < 0) return undefined;
      const inner = path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) keys.push(Number(inner));
      else if (inner.startsWith('"')) {
        // Quoted keys may contain `]`; find the closing quote first.
        const end = findClosingQuote(path, i + 1);
        if (end < 0 || path[end + 1] !== "]") return undefined;
        keys.push(JSON.parse(path.slice(i + 1, end + 1)) as string);
        i = end + 2;
        continue;
      } else return undefined;
      i = close + 1;
      continue;
    }
    let end = i;
    while (end < path.length && path[end] !== "." && path[end] !== "[") end++;
    keys.push(path.slice(i, end));
    i = end;
  }
  return keys;
}

function findClosingQuote(text: string, openAt: number): number {
  for (let i = openAt + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** The value at `path` inside `root`, or undefined. A secret on the way masks everything below it. */
export function valueAtPath(root: unknown, path: string): unknown {
  const keys = parsePropertyPath(path);
  if (!keys) return undefined;
  let current: unknown = root;
  for (const key of keys) {
    if (current === SECRET_TEXT) return SECRET_TEXT;
    if (current === null || typeof current !== "object") return undefined;
    if (isSecretSignature(current)) return SECRET_TEXT;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current === undefined ? undefined : maskValue(current);
}

function isSecretSignature(value: object): boolean {
  return (value as Record<string, unknown>)[SIGNATURE_KEY] === SECRET_SIG;
}

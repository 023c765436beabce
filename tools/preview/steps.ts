import { DiffKind, PropertyChange, ResourceStep } from "./model";
import { valueAtPath } from "./values";

/**
 * A step as either input format carries it, before normalisation. The names are the digest's, so
 * a validated `pulumi preview --json` step is used as it is (no copy of thousands of steps).
 */
export interface RawStep {
  op: string;
  urn: string;
  oldState?: RawState;
  newState?: RawState;
  replaceReasons?: unknown;
  diffReasons?: unknown;
  /** path → `{kind}` (digest) or `{diffKind}` (event log); null/absent when the provider gave none. */
  detailedDiff?: unknown;
}

/** An event log's step: its metadata also names the resource type (the digest's steps do not). */
export interface RawEventStep extends RawStep {
  eventType?: string;
}

export interface RawState {
  type?: unknown;
  inputs?: unknown;
  outputs?: unknown;
  protect?: unknown;
}

/** Ops that change nothing in the cloud (or are bookkeeping) and stay out of reports. */
const NO_CHANGE_OPS = new Set(["same", "read", "read-replacement", "refresh", "discard", "discard-replaced"]);
/** The two halves of a replacement; the logical `replace` step stands for both. */
const REPLACEMENT_HALVES = new Set(["create-replacement", "delete-replaced"]);
const DIFF_KINDS = new Set<DiffKind>(["add", "add-replace", "delete", "delete-replace", "update", "update-replace"]);

export interface UrnParts {
  readonly type: string;
  readonly name: string;
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>`; the type is the last `$` segment. */
export function parseUrn(urn: string): UrnParts {
  const nameAt = urnNameStart(urn);
  return nameAt < 0 ? { type: "", name: urn } : { type: urnType(urn, nameAt), name: urn.slice(nameAt) };
}

/** Where the qualified type starts (after the second "::"), or -1. indexOf, not split: a report reads thousands of URNs. */
function urnTypeStart(urn: string): number {
  const afterStack = urn.indexOf("::");
  const afterProject = afterStack < 0 ? -1 : urn.indexOf("::", afterStack + 2);
  return afterProject < 0 ? -1 : afterProject + 2;
}

/** Where the name starts (after the third "::"), or -1 when the URN has fewer parts. The name may itself hold "::". */
function urnNameStart(urn: string): number {
  const typeAt = urnTypeStart(urn);
  const afterType = typeAt < 0 ? -1 : urn.indexOf("::", typeAt);
  return afterType < 0 ? -1 : afterType + 2;
}

function urnType(urn: string, nameAt: number): string {
  if (nameAt < 0) return "";
  const qualified = urn.slice(urnTypeStart(urn), nameAt - 2);
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}

function isDefaultProvider(type: string, name: string): boolean {
  return type.startsWith("pulumi:providers:") && name.startsWith("default");
}

/**
 * Turns raw steps (input order) into the steps a report shows: no-change and internal steps
 * dropped, replacement halves folded into one `replace` step per URN.
 */
export function normaliseSteps(raw: readonly RawEventStep[]): ResourceStep[] {
  // Indexed loops: these run over thousands of steps once, mostly before the JIT has optimised them.
  const replacedUrns = new Set<string>();
  for (let i = 0; i < raw.length; i++) if (raw[i].op === "replace") replacedUrns.add(raw[i].urn);
  const out: ResourceStep[] = [];
  const halvesSeen = new Set<string>();
  for (let i = 0; i < raw.length; i++) {
    const step = raw[i];
    if (NO_CHANGE_OPS.has(step.op)) continue;
    let op = step.op;
    if (REPLACEMENT_HALVES.has(op)) {
      // Only with --show-replacement-steps or in event logs; keep one `replace` per URN.
      if (replacedUrns.has(step.urn) || halvesSeen.has(step.urn)) continue;
      halvesSeen.add(step.urn);
      op = "replace";
    }
    const nameAt = urnNameStart(step.urn);
    const name = nameAt < 0 ? step.urn : step.urn.slice(nameAt);
    // The type from the URN only when the states do not name it (they usually do).
    const type = step.eventType || stringOr(step.newState?.type) || stringOr(step.oldState?.type) || urnType(step.urn, nameAt);
    if (isDefaultProvider(type, name)) continue;
    out.push(new Step(step, op, type, name));
  }
  return out;
}

/**
 * One normalised step. A class, so thousands of steps share one shape (a getter in an object
 * literal gave every step its own hidden class, and every later property read a slow path).
 */
class Step implements ResourceStep {
  readonly urn: string;
  readonly protect: boolean;
  readonly replaceReasons: readonly string[];
  readonly changedPaths: readonly string[];
  readonly coarseDiff: boolean;
  /** The input step stays private: it may hold plaintext secrets, and JSON.stringify skips it. */
  readonly #raw: RawStep;
  #changes: readonly PropertyChange[] | undefined;

  constructor(
    raw: RawStep,
    readonly op: string,
    readonly type: string,
    readonly name: string,
  ) {
    this.#raw = raw;
    this.urn = raw.urn;
    this.protect = raw.oldState?.protect === true || raw.newState?.protect === true;
    this.replaceReasons = stringList(raw.replaceReasons);
    const detailed = detailedPaths(raw.detailedDiff);
    this.coarseDiff = detailed === undefined;
    this.changedPaths = detailed ?? coarsePaths(raw);
  }

  /**
   * Old and new values are looked up (and masked) on first read: a report of thousands of steps
   * shows the values of the few diffs that fit its budget, not of every change.
   */
  get changes(): readonly PropertyChange[] {
    return (this.#changes ??= propertyChanges(this.#raw, this.changedPaths, this.coarseDiff));
  }

  /** The plain form (what `JSON.stringify` writes): every field, changes included, in model order. */
  toJSON(): object {
    const { op, urn, type, name, protect, replaceReasons, changedPaths, changes, coarseDiff } = this;
    return { op, urn, type, name, protect, replaceReasons, changedPaths, changes, coarseDiff };
  }
}

/** The detailed diff's property paths; undefined when the provider gave none. */
function detailedPaths(detailed: unknown): string[] | undefined {
  if (!detailed || typeof detailed !== "object") return undefined;
  const paths = Object.keys(detailed);
  return paths.length > 0 ? paths : undefined;
}

/** No detailed diff (random, tls, older bridges): the top-level names the engine gave. */
function coarsePaths(step: RawStep): readonly string[] {
  const diffs = stringList(step.diffReasons);
  const replaces = stringList(step.replaceReasons);
  // Creates and deletes name none: no set and no copies for them.
  if (diffs.length + replaces.length === 0) return NO_STRINGS;
  return [...new Set([...diffs, ...replaces])];
}

function propertyChanges(step: RawStep, paths: readonly string[], coarse: boolean): PropertyChange[] {
  const oldValues = (path: string) => lookup(step.oldState, path);
  const newValues = (path: string) => valueAtPath(step.newState?.inputs, path);
  if (!coarse) {
    const detailed = step.detailedDiff as Record<string, unknown>;
    return paths.map((path) => ({ path, kind: diffKind(detailed[path]), oldValue: oldValues(path), newValue: newValues(path) }));
  }
  const replace = new Set(stringList(step.replaceReasons));
  return paths.map<PropertyChange>((path) => {
    const oldValue = oldValues(path);
    const newValue = newValues(path);
    const base = oldValue === undefined ? "add" : newValue === undefined ? "delete" : "update";
    return { path, kind: (replace.has(path) ? `${base}-replace` : base) as DiffKind, oldValue, newValue };
  });
}

/** Old values: inputs first, then outputs (bridged providers diff against outputs). */
function lookup(state: RawState | undefined, path: string): unknown {
  const fromInputs = valueAtPath(state?.inputs, path);
  return fromInputs !== undefined ? fromInputs : valueAtPath(state?.outputs, path);
}

function diffKind(diff: unknown): DiffKind {
  const d = (diff ?? {}) as { kind?: unknown; diffKind?: unknown };
  const kind = d.kind ?? d.diffKind;
  // Some old CLIs wrote the numeric Go enum; map it, and fall back to "update".
  const numeric: DiffKind[] = ["add", "add-replace", "delete", "delete-replace", "update", "update-replace"];
  if (typeof kind === "number" && numeric[kind]) return numeric[kind];
  return typeof kind === "string" && DIFF_KINDS.has(kind as DiffKind) ? (kind as DiffKind) : "update";
}

const NO_STRINGS: readonly string[] = Object.freeze([]);

/** The strings of a list. Read-only: the input's own array when it holds only strings (the usual case). */
function stringList(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return NO_STRINGS;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== "string") return value.filter((x): x is string => typeof x === "string");
  return value as string[];
}

function stringOr(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** Pulumi colour directives (`<{%reset%}>`) and ANSI escapes removed. */
export function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/<\{%[^%]*%\}>/g, "").replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
}

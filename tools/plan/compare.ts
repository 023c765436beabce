import { FieldKey } from "../../infra/stack-config/fields";
import { OWN_PLAN, OWN_PLAN_KEYS } from "../../infra/stack-config/hosting";
import { PARITY_SETTINGS } from "../../infra/stack-config/parity";
import { StackPlan } from "./plan";
import { RecordedResource } from "./record";
import { flatten } from "./render-text";

/** A platform setting that differs: judged against the allowed deviations. */
export interface SettingDeviation {
  readonly path: FieldKey;
  readonly a: unknown;
  readonly b: unknown;
  readonly allowed: boolean;
  /** The stack whose app is a slot on another stack's app (`qa/uat`): an own-plan setting does not apply to it. */
  readonly hostedOn?: string;
}

/**
 * A declared resource that differs. Not judged on its own: the program never branches on the
 * stack's name, so every resource difference follows from a config difference — an allowed
 * setting (`follows`), or a per-stack setting outside the parity set (identity, release process).
 */
export interface ResourceDifference {
  readonly kind: "input" | "only-in-one";
  /** `<logical name>` or `<logical name>.<input path>`. */
  readonly path: string;
  readonly a: unknown;
  readonly b: unknown;
  /** The differing setting with the same pair of values, when there is one. */
  readonly follows?: FieldKey;
  /** Present on one side only because the other side's app is a slot on another stack's app (`qa/uat`). */
  readonly hostedOn?: string;
}

export interface ParityReport {
  readonly a: string;
  readonly b: string;
  readonly settings: readonly SettingDeviation[];
  readonly resources: readonly ResourceDifference[];
}

/** Compares two stacks' plans: settings key by key (judged), resources by type and logical name (listed). Pure. */
export function compareStacks(a: StackPlan, b: StackPlan): ParityReport {
  const allowed = new Set([...a.allowedDeviations, ...b.allowedDeviations]);
  // A slot-shaped side has no plan of its own: its own-plan settings and resources are the host's,
  // shown as "hosted on <host>/<slot>", never as a missing plan or autoscale.
  const hosted = hostedOn(a) ?? hostedOn(b);
  const ownPlanValue = (plan: StackPlan, k: FieldKey) => (hostedOn(plan) !== undefined && OWN_PLAN_KEYS.includes(k) ? undefined : plan.settings[k]);
  const settings: SettingDeviation[] = PARITY_SETTINGS.filter((k) => !same(a.settings[k], b.settings[k])).map((k) => {
    const byHost = hosted !== undefined && OWN_PLAN_KEYS.includes(k);
    return { path: k, a: ownPlanValue(a, k), b: ownPlanValue(b, k), allowed: byHost || allowed.has(k), ...(byHost ? { hostedOn: hosted } : {}) };
  });
  // A value pair identifies a setting well, except for booleans (many settings are true/false):
  // those must also share the setting's name, as `app-plan.zoneRedundant` does.
  const follows = (path: string, va: unknown, vb: unknown) =>
    settings.find(
      (d) =>
        String(d.a) === String(va) &&
        String(d.b) === String(vb) &&
        (typeof va !== "boolean" || path.toLowerCase().includes(d.path.toLowerCase())),
    )?.path;

  const resources: ResourceDifference[] = [];
  const ra = byKey(a);
  const rb = byKey(b);
  for (const key of [...new Set([...ra.keys(), ...rb.keys()])].sort()) {
    const x = ra.get(key);
    const y = rb.get(key);
    if (!x || !y) {
      const r = (x ?? y) as RecordedResource;
      const side = HOSTING_RESOURCES.test(r.name) ? (hostedOn(x ? b : a) ?? hostedOn(x ? a : b)) : undefined;
      resources.push({ kind: "only-in-one", path: r.name, a: x ? r.type : null, b: y ? r.type : null, ...(side ? { follows: "appHostStack" as FieldKey, hostedOn: side } : {}) });
      continue;
    }
    const fa = new Map(flatten(normalize(x.inputs, a), ""));
    const fb = new Map(flatten(normalize(y.inputs, b), ""));
    for (const p of [...new Set([...fa.keys(), ...fb.keys()])]) {
      const va = fa.get(p);
      const vb = fb.get(p);
      if (same(va, vb)) continue;
      resources.push({ kind: "input", path: `${x.name}.${p}`, a: va ?? null, b: vb ?? null, follows: follows(p, va, vb) });
    }
  }
  return { a: a.stack, b: b.stack, settings, resources };
}

/**
 * Logical names that exist or not depending on the hosting shape: the app's components (AppHosting
 * `app-…`, HostedSlot `app-slot-…`, AppIdentities `app-identities-…`) and the alerts on a plan, a
 * staging slot and the rollback trigger, which a hosted slot does not have.
 */
const HOSTING_RESOURCES = /^(?:app-|alerts-(?:cpu|memory|http-queue|availability-staging|rollback)$)/;

/** `<host>/<slot>` when the plan's app is a slot on another stack's app. */
function hostedOn(plan: StackPlan): string | undefined {
  const host = plan.settings.appHostStack;
  return typeof host === "string" && host !== OWN_PLAN ? `${host}/${String(plan.settings.appHostSlotName)}` : undefined;
}

function same(x: unknown, y: unknown): boolean {
  return JSON.stringify(x) === JSON.stringify(y);
}

/** Resources keyed by parent-type chain and logical name: the URN without stack and project. */
function byKey(plan: StackPlan): Map<string, RecordedResource> {
  return new Map(
    plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => [r.urn.split("::").slice(2).join("::"), r]),
  );
}

/** Per-stack values that reach resources (as tags) and are identity, not shape. */
const IDENTITY_VALUES: readonly FieldKey[] = ["costCenter", "owner"];
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const DIGEST = /sha256:[0-9a-f]{64}/g;

/**
 * Replaces what is per-stack by construction with placeholders, in keys and values: the stack's
 * derived names, suffix, stack name, environment code, identity tags, and generated GUIDs and
 * image digests (ids of identities, role assignments, workbooks differ in every stack).
 */
function normalize(value: unknown, plan: StackPlan): unknown {
  const tokens = [
    ...Object.entries(plan.derivedNames).map(([kind, name]): [string, string] => [name, `<${kind}>`]),
    [plan.uniqueSuffix, "<suffix>"],
    [plan.stack, "<stack>"],
    [plan.environment, "<environment>"],
    ...IDENTITY_VALUES.map((k): [string, string] => [String(plan.settings[k]), `<${k}>`]),
  ].sort((p, q) => q[0].length - p[0].length) as [string, string][];
  const fix = (s: string) =>
    tokens
      .reduce((acc, [from, to]) => acc.replace(new RegExp(`(?<![A-Za-z0-9])${escape(from)}(?![A-Za-z0-9])`, "g"), to), s)
      .replace(GUID, "<guid>")
      .replace(DIGEST, "<digest>");
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return fix(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [fix(k), walk(x)]));
    return v;
  };
  return walk(value);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const MAX_VALUE = 60;

/** Text form of a parity report. Pure. */
export function renderParityText(report: ParityReport): string {
  const { a, b } = report;
  const lines = [`Parity of stack ${a} against ${b} (offline plans: declared state under mocks, not the cloud).`, "", "Settings:"];
  const bad = report.settings.filter((d) => !d.allowed);
  if (report.settings.length === 0) lines.push("  none differ");
  for (const d of report.settings) {
    const value = (v: unknown) => (d.hostedOn !== undefined && (v === undefined || v === null) ? `(hosted on ${d.hostedOn})` : show(v));
    lines.push(`  ${d.allowed ? "ok " : "!! "} ${d.path}: ${a}=${value(d.a)} ${b}=${value(d.b)}  ${d.allowed ? (d.hostedOn ? `allowed (app hosted on ${d.hostedOn})` : "allowed") : "NOT ALLOWED"}`);
  }
  lines.push(
    "",
    `Resources: ${report.resources.length} declared properties or resources differ. The program never branches on the stack's name, ` +
      "so each follows from a setting above or from a per-stack setting outside the parity set (names, release process, Azure DevOps):",
  );
  for (const r of report.resources) {
    const value = (v: unknown) => (r.hostedOn !== undefined && (v === undefined || v === null) ? `(hosted on ${r.hostedOn})` : show(v));
    lines.push(`  ${r.path}: ${a}=${value(r.a)} ${b}=${value(r.b)}${r.follows ? `  (follows ${r.follows})` : ""}`);
  }
  lines.push(
    "",
    `${report.settings.length} setting deviation${report.settings.length === 1 ? "" : "s"}, ${bad.length} not allowed.` +
      (bad.length > 0 ? ` List intended ones under pinecone-delivery:parityAllowedDeviations in Pulumi.${a}.yaml.` : ""),
  );
  return `${lines.join("\n")}\n`;
}

function show(v: unknown): string {
  if (v === null || v === undefined) return "(absent)";
  const s = JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

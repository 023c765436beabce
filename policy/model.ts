/**
 * What the policy rules see. Pure data and pure helpers: no Pulumi SDK, so the same rules run in
 * the CrossGuard pack (inputs/outputs from the engine), in `delivery plan` (resources recorded
 * under mocks) and in tests (hand-written resources).
 */

/** One resource as a rule sees it. `RecordedResource` (tools/plan/record.ts) fits as it is. */
export interface PolicyResource {
  readonly urn: string;
  /** Pulumi type token, e.g. `azure-native:web:WebApp`. */
  readonly type: string;
  /** Logical (Pulumi) name: what messages and exemptions name. */
  readonly name: string;
  /** URN of the parent. */
  readonly parent?: string | undefined;
  /**
   * Inputs (resource rules, `delivery plan`) or outputs (CrossGuard stack rules). Secrets may be
   * masked as "[secret]"; values unknown during a preview are UNKNOWN.
   */
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly protect: boolean;
  readonly ignoreChanges: readonly string[];
  /** URNs of explicit `dependsOn` resources. */
  readonly dependsOn?: readonly string[];
  /**
   * URNs each top-level input was computed from (CrossGuard's propertyDependencies). When known,
   * links between resources (a diagnostic setting's resourceUri, a lock's scope) are read from
   * here; otherwise from the ARM ids in the values.
   */
  readonly references?: Readonly<Record<string, readonly string[]>>;
}

export type Tier = "production" | "nonproduction";

/** The stack facts rules depend on. Data from the stack's config, never the stack's name. */
export interface PolicyContext {
  readonly tier: Tier;
  /** The stack protects stateful resources (Pulumi `protect` + CanNotDelete lock). */
  readonly protectStatefulResources: boolean;
  /** The stack's vault must have purge protection. */
  readonly purgeProtectionRequired: boolean;
  /** Name of the slot releases deploy to. */
  readonly stagingSlotName: string;
  /** Instances a production plan must keep (zone redundancy spreads them over the zones). */
  readonly productionMinimumInstances: number;
  /** The stack is private: registry and vault behind private endpoints, its own deployment agents. */
  readonly privateNetwork: boolean;
  /** Agent pool the stack's pipelines target (pipelines/templates/stacks.yml); "" = Microsoft-hosted. */
  readonly pipelineAgentPool: string;
  /** Facts the release-path rules need beyond the resources (signing, the next stage, the pipelines' YAML). Default: none. */
  readonly releasePaths?: import("./release-paths/facts").ReleasePathFacts;
}

export const DEFAULT_CONTEXT: PolicyContext = {
  tier: "nonproduction",
  protectStatefulResources: false,
  purgeProtectionRequired: false,
  stagingSlotName: "staging",
  productionMinimumInstances: 3,
  privateNetwork: false,
  pipelineAgentPool: "",
};

/** Public benchmark ids a rule matches (security-baseline-ids.md); empty where none exists. */
export interface Benchmarks {
  /** Azure Security Benchmark v3 / MCSB v1 control ids, e.g. "DP-3". */
  readonly asb: readonly string[];
  /** Checkov check ids, e.g. "CKV_AZURE_15". */
  readonly checkov: readonly string[];
  /** Azure Policy built-in definition GUIDs. */
  readonly azurePolicy: readonly string[];
  /** CIS Microsoft Azure Foundations recommendations, e.g. "3.0.0 9.4". */
  readonly cis: readonly string[];
}

/** One thing a rule found wrong with one resource. */
export interface Finding {
  readonly resource: PolicyResource;
  /** What is wrong and the fix, e.g. `siteConfig.minTlsVersion is "1.0"; set it to "1.2"`. */
  readonly detail: string;
  /**
   * True when the rule could not read the value (secret container, unknown during preview): the
   * finding is reported as unverified, never as a violation.
   */
  readonly unverifiable?: boolean;
}

interface RuleBase {
  /** Stable id: the CrossGuard policy name, the key in ruleLevels and exemptions. */
  readonly id: string;
  /** One line. */
  readonly description: string;
  readonly benchmarks: Benchmarks;
  /**
   * Level in every stack whatever its enforcement (a ruleLevels entry still overrides it): a broken
   * release path stops deliveries in dev as much as in prod. Default: the stack's enforcement.
   */
  readonly defaultLevel?: "mandatory";
}

export interface ResourceRule extends RuleBase {
  readonly kind: "resource";
  /** Types the rule looks at. */
  readonly resourceTypes: readonly string[];
  check(resource: PolicyResource, context: PolicyContext): readonly Finding[];
}

export interface StackRule extends RuleBase {
  readonly kind: "stack";
  check(resources: readonly PolicyResource[], context: PolicyContext): readonly Finding[];
}

export type Rule = ResourceRule | StackRule;

export function benchmarks(b: Partial<Benchmarks>): Benchmarks {
  return { asb: b.asb ?? [], checkov: b.checkov ?? [], azurePolicy: b.azurePolicy ?? [], cis: b.cis ?? [] };
}

/** "(ASB DP-3, CKV_AZURE_14)" or "" when the rule has neither. */
export function benchmarkSuffix(b: Benchmarks): string {
  const ids = [...b.asb.map((id) => `ASB ${id}`), ...b.checkov];
  return ids.length > 0 ? ` (${ids.join(", ")})` : "";
}

/** `web (azure-native:web:WebApp): <detail> (ASB …, CKV_…)`: the message every adapter prints. */
export function formatMessage(rule: RuleBase, finding: Finding): string {
  return `${finding.resource.name} (${finding.resource.type}): ${finding.detail}${benchmarkSuffix(rule.benchmarks)}`;
}

// ---------------------------------------------------------------------------------------------
// Reading values

/** Marker for a value the engine does not know yet (CrossGuard preview). */
export const UNKNOWN = "[unknown]";
/** How tools/plan/record.ts masks secrets. */
export const SECRET = "[secret]";

export type Read =
  | { readonly state: "value"; readonly value: unknown }
  | { readonly state: "missing" }
  | { readonly state: "hidden"; readonly why: "secret" | "unknown"; readonly at: string };

/** Reads `a.b[0].c` from inputs, telling a missing value from one hidden by a secret or unknown container. */
export function read(inputs: unknown, path: string): Read {
  const parts = path.replace(/\[(\d+)\]/g, ".$1").split(".");
  let cur: unknown = inputs;
  const seen: string[] = [];
  for (const p of parts) {
    const hidden = hiddenWhy(cur);
    if (hidden) return { state: "hidden", why: hidden, at: seen.join(".") || "(root)" };
    if (cur === null || typeof cur !== "object") return { state: "missing" };
    cur = (cur as Record<string, unknown>)[p];
    seen.push(p);
    if (cur === undefined) return { state: "missing" };
  }
  const hidden = hiddenWhy(cur);
  if (hidden) return { state: "hidden", why: hidden, at: seen.join(".") };
  return { state: "value", value: cur };
}

function hiddenWhy(v: unknown): "secret" | "unknown" | undefined {
  if (v === SECRET) return "secret";
  if (v === UNKNOWN) return "unknown";
  return undefined;
}

/** The value, or undefined when missing; hidden values come back as the Read for the caller. */
export function show(v: unknown): string {
  if (v === undefined) return "not set";
  return JSON.stringify(v);
}

/** A finding for a value the rule cannot see. */
export function unverifiable(resource: PolicyResource, path: string, r: Extract<Read, { state: "hidden" }>): Finding {
  return {
    resource,
    detail: `${path} cannot be checked: ${r.at} is ${r.why === "secret" ? "secret in the recorded inputs" : "unknown until the update runs"}`,
    unverifiable: true,
  };
}

/**
 * Checks one value: `ok` decides; a missing value is passed to `ok` as undefined. Returns a
 * finding with `<path> is <value>; <fix>` when it fails, an unverifiable finding when hidden.
 */
export function expectValue(resource: PolicyResource, path: string, ok: (v: unknown) => boolean, fix: string): Finding[] {
  const r = read(resource.inputs, path);
  if (r.state === "hidden") return [unverifiable(resource, path, r)];
  const v = r.state === "value" ? r.value : undefined;
  return ok(v) ? [] : [{ resource, detail: `${path} is ${show(v)}; ${fix}` }];
}

// ---------------------------------------------------------------------------------------------
// Links between resources

const NAME_KEYS_SKIPPED = new Set(["resourceGroupName"]);

/** The Azure name the inputs give a resource (the `name` input, else the first `…Name` input). */
export function physicalName(r: PolicyResource): string | undefined {
  const name = r.inputs.name;
  if (typeof name === "string" && name !== UNKNOWN) return name;
  for (const [k, v] of Object.entries(r.inputs)) {
    if (k.endsWith("Name") && !NAME_KEYS_SKIPPED.has(k) && typeof v === "string" && v !== UNKNOWN) return v;
  }
  return undefined;
}

/** The site a WebApp, or the parent site a slot-level resource, belongs to. `app/slot` names are cut. */
export function siteName(r: PolicyResource): string | undefined {
  const n = r.inputs.name;
  return typeof n === "string" && n !== UNKNOWN ? n.split("/")[0] : undefined;
}

/** The slot a slot-level resource names (`slot` input, or the part after `/` in an output name). */
export function slotName(r: PolicyResource): string | undefined {
  const s = r.inputs.slot;
  if (typeof s === "string" && s !== UNKNOWN) return s;
  const n = r.inputs.name;
  return typeof n === "string" && n.includes("/") ? n.split("/")[1] : undefined;
}

/** ARM resource-type path of the types rules link to (real ids; lower case). */
const ARM_TYPES: Readonly<Record<string, string>> = {
  "azure-native:web:WebApp": "microsoft.web/sites",
  "azure-native:web:AppServicePlan": "microsoft.web/serverfarms",
  "azure-native:containerregistry:Registry": "microsoft.containerregistry/registries",
  "azure-native:keyvault:Vault": "microsoft.keyvault/vaults",
  "azure-native:operationalinsights:Workspace": "microsoft.operationalinsights/workspaces",
  "azure-native:applicationinsights:Component": "microsoft.insights/components",
  "azure-native:monitor:AutoscaleSetting": "microsoft.insights/autoscalesettings",
  "azure-native:applicationinsights:WebTest": "microsoft.insights/webtests",
};

/**
 * True when the ARM id `value` names `target`. Accepts real ids
 * (`…/providers/Microsoft.Web/sites/<app>/slots/<slot>`) and the ids `delivery plan`'s mocks
 * give (`…/providers/Mock.<module>/<Type>/<azure name>`).
 */
export function idRefersTo(value: unknown, target: PolicyResource): boolean {
  if (typeof value !== "string") return false;
  const id = value.toLowerCase().replace(/\/+$/, "");
  const rg = target.inputs.resourceGroupName;
  if (typeof rg === "string" && rg !== UNKNOWN && !id.includes(`/resourcegroups/${rg.toLowerCase()}/`)) return false;
  const [, module, kind] = target.type.split(":");
  const name = physicalName(target)?.toLowerCase();
  if (target.type === "azure-native:web:WebAppSlot") {
    const site = siteName(target)?.toLowerCase();
    const slot = slotName(target)?.toLowerCase();
    if (site && slot && id.endsWith(`/microsoft.web/sites/${site}/slots/${slot}`)) return true;
    return site !== undefined && id.endsWith(`/mock.${module}/${kind}/${site}`.toLowerCase());
  }
  if (!name) return false;
  const arm = ARM_TYPES[target.type];
  if (arm && id.endsWith(`/${arm}/${name}`)) return true;
  return module !== undefined && kind !== undefined && id.endsWith(`/mock.${module}/${kind}/${name}`.toLowerCase());
}

/**
 * True when input `property` of `from` points at `to`: through the engine's property
 * dependencies when known, else through the ARM id(s) in the value.
 */
export function refersTo(from: PolicyResource, property: string, to: PolicyResource): boolean {
  const deps = from.references?.[property];
  if (deps && deps.includes(to.urn)) return true;
  const v = from.inputs[property];
  return Array.isArray(v) ? v.some((x) => idRefersTo(x, to)) : idRefersTo(v, to);
}

export function ofType(resources: readonly PolicyResource[], ...types: string[]): PolicyResource[] {
  return resources.filter((r) => types.includes(r.type));
}

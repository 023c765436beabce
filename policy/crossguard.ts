/**
 * The CrossGuard adapter: each rule of RULES as a @pulumi/policy policy, and the per-stack
 * `--policy-pack-config` file that sets their levels, exemptions and the stack facts.
 * Only types are imported from @pulumi/policy, so this module loads (and is tested) without
 * starting the analyzer server; policy/index.ts constructs the PolicyPack.
 */
import type {
  EnforcementLevel,
  Policies,
  PolicyConfigSchema,
  PolicyResource as CgResource,
  ReportViolation,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { PolicyExemption, StackConfig } from "../infra/config";
import { exemptionActive, matchingExemptions, policyContextFromConfig, ruleLevel, utcDay } from "./engine";
import { DEFAULT_CONTEXT, Finding, PolicyContext, PolicyResource, Rule, UNKNOWN, formatMessage } from "./model";
import { RULES } from "./rules";
import type { ReleasePathFacts } from "./release-paths/facts";

/** What the pack reads from `--policy-pack-config` for one rule (besides enforcementLevel). */
export interface RuleConfig {
  readonly exemptions?: readonly PolicyExemption[];
  readonly context?: Partial<PolicyContext>;
}

export type PackConfig = Record<string, RuleConfig & { readonly enforcementLevel: "advisory" | "mandatory" | "disabled" }>;

const EXEMPTION_SCHEMA: PolicyConfigJSONSchema = {
  type: "object",
  properties: {
    id: { type: "string", minLength: 1 },
    ruleId: { type: "string", minLength: 1 },
    resource: { type: "string", minLength: 1 },
    expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
    reason: { type: "string", minLength: 1 },
  },
  required: ["id", "ruleId", "resource", "expires", "reason"],
};

export const RULE_CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    exemptions: { type: "array", items: EXEMPTION_SCHEMA },
    context: {
      type: "object",
      properties: {
        tier: { type: "string", enum: ["production", "nonproduction"] },
        protectStatefulResources: { type: "boolean" },
        purgeProtectionRequired: { type: "boolean" },
        stagingSlotName: { type: "string" },
        productionMinimumInstances: { type: "integer", minimum: 1 },
        privateNetwork: { type: "boolean" },
        pipelineAgentPool: { type: "string" },
        // Release-path facts: { signsImages, previousStage } (the pipelines' YAML is only read by `delivery plan`).
        releasePaths: {
          type: "object",
          properties: {
            signsImages: { type: "boolean" },
            // A private stack's bootstrap import source, read by `delivery policy-config` from its stack file.
            previousStage: {
              type: "object",
              properties: { stack: { type: "string" }, grantsImport: { type: "boolean" }, exportEnabled: { type: "boolean" }, assumed: { type: "string" }, verifiable: { type: "boolean" } },
            },
          },
        },
      },
    },
  },
};

/**
 * The `--policy-pack-config` JSON of a stack: every rule with the stack's level, the exemptions
 * that name it, and the stack facts rules need (tier, protect, purge protection, staging slot).
 * Expiry is judged when the pack runs, so the file stays valid as days pass.
 */
export function policyPackConfig(
  cfg: Pick<StackConfig, "policy" | "tier" | "protectStatefulResources" | "keyVault" | "appService"> & Partial<Pick<StackConfig, "network" | "values">>,
  facts: Pick<ReleasePathFacts, "previousStage"> = {},
): PackConfig {
  const base = policyContextFromConfig(cfg as StackConfig);
  // The previous stage's side of a private stack's bootstrap import comes from another stack file.
  const context = facts.previousStage ? { ...base, releasePaths: { ...base.releasePaths, previousStage: facts.previousStage } } : base;
  return Object.fromEntries(
    RULES.map((rule) => [
      rule.id,
      {
        enforcementLevel: ruleLevel(cfg.policy, rule.id, rule.defaultLevel),
        exemptions: cfg.policy.exemptions.filter((e) => e.ruleId === rule.id).map((e) => ({ ...e })),
        context,
      },
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// From the engine's shapes to the rules' model

/** The plugin protocol's sentinels for values unknown during a preview. */
const UNKNOWN_SENTINELS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/**
 * A plain copy of the engine's props: the unknown-checking proxy removed (rules decide what an
 * unknown means instead of the whole policy being skipped) and unknowns replaced by UNKNOWN.
 */
export function plainProps(props: unknown): Record<string, unknown> {
  const target = (v: unknown): unknown => {
    if (v !== null && typeof v === "object") {
      const inner = (v as Record<string, unknown>)["__getSpecialProxyTarget"];
      return inner ?? v;
    }
    return v;
  };
  const walk = (v: unknown): unknown => {
    const t = target(v);
    if (typeof t === "string") return UNKNOWN_SENTINELS.has(t) ? UNKNOWN : t;
    if (Array.isArray(t)) return t.map(walk);
    if (t !== null && typeof t === "object") {
      // A Secret from @pulumi/policy (kept secrets): the rules judge its value.
      if (t.constructor?.name === "Secret" && "value" in t) return walk((t as { value: unknown }).value);
      return Object.fromEntries(Object.entries(t).map(([k, x]) => [k, walk(x)]));
    }
    return t;
  };
  return (walk(props) ?? {}) as Record<string, unknown>;
}

export function fromResourceArgs(args: Pick<ResourceValidationArgs, "type" | "name" | "urn" | "props" | "opts">): PolicyResource {
  return {
    urn: args.urn,
    type: args.type,
    name: args.name,
    parent: args.opts?.parent,
    inputs: plainProps(args.props),
    protect: args.opts?.protect === true,
    ignoreChanges: [...(args.opts?.ignoreChanges ?? [])],
  };
}

export function fromStackResource(r: Pick<CgResource, "type" | "name" | "urn" | "props" | "opts" | "parent" | "dependencies" | "propertyDependencies">): PolicyResource {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent?.urn ?? r.opts?.parent,
    inputs: plainProps(r.props),
    protect: r.opts?.protect === true,
    ignoreChanges: [...(r.opts?.ignoreChanges ?? [])],
    dependsOn: (r.dependencies ?? []).map((d) => d.urn),
    references: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, deps]) => [k, deps.map((d) => d.urn)])),
  };
}

/**
 * The stack facts: from the rule's config, else from the stack config the engine hands the
 * analyzer (PULUMI_CONFIG, `<project>:<key>` → string), else the defaults.
 */
export function contextFrom(config: RuleConfig | undefined, engineConfig: string | undefined = process.env.PULUMI_CONFIG): PolicyContext {
  const fromEngine: Partial<{ -readonly [K in keyof PolicyContext]: PolicyContext[K] }> = {};
  if (engineConfig) {
    try {
      const values = JSON.parse(engineConfig) as Record<string, unknown>;
      const get = (key: string) => Object.entries(values).find(([k]) => k.endsWith(`:${key}`))?.[1];
      const tier = get("tier");
      if (tier === "production" || tier === "nonproduction") fromEngine.tier = tier;
      const protect = get("protectStatefulResources");
      if (protect !== undefined) fromEngine.protectStatefulResources = String(protect) === "true";
      const purge = get("keyVaultPurgeProtection");
      if (purge !== undefined) fromEngine.purgeProtectionRequired = String(purge) === "true";
      const slot = get("stagingSlotName");
      if (typeof slot === "string" && slot) fromEngine.stagingSlotName = slot;
      const signing = get("imageSigningCertificate");
      if (signing !== undefined) fromEngine.releasePaths = { signsImages: typeof signing === "string" && signing !== "" && signing !== "none" };
    } catch {
      // Not JSON: keep the defaults.
    }
  }
  return { ...DEFAULT_CONTEXT, ...fromEngine, ...(config?.context ?? {}) };
}

/** Reports the findings that count: unverifiable ones are skipped, active exemptions honoured. */
export function reportFindings(rule: Rule, findings: readonly Finding[], config: RuleConfig | undefined, today: string, report: ReportViolation): void {
  for (const f of findings) {
    if (f.unverifiable) continue;
    const candidates = matchingExemptions(config?.exemptions ?? [], rule.id, f.resource.name);
    if (candidates.some((e) => exemptionActive(e, today))) continue;
    const expired = candidates.map((e) => `${e.id} (expired ${e.expires})`);
    report(formatMessage(rule, f) + (expired.length > 0 ? ` [exemption ${expired.join(", ")} no longer applies]` : ""), f.resource.urn);
  }
}

/** Every rule as a CrossGuard policy. `today` is read per call unless fixed (tests). */
export function buildPolicies(now: () => Date = () => new Date()): Policies {
  return RULES.map((rule) => {
    const common = {
      name: rule.id,
      description: rule.description,
      configSchema: RULE_CONFIG_SCHEMA,
      tags: [...rule.benchmarks.asb.map((id) => `ASB ${id}`), ...rule.benchmarks.checkov],
    };
    if (rule.kind === "resource") {
      const types = new Set(rule.resourceTypes);
      return {
        ...common,
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
          if (!types.has(args.type)) return;
          const config = args.getConfig<RuleConfig>();
          reportFindings(rule, rule.check(fromResourceArgs(args), contextFrom(config)), config, utcDay(now()), report);
        },
      };
    }
    return {
      ...common,
      validateStack: (args: StackValidationArgs, report: ReportViolation) => {
        const config = args.getConfig<RuleConfig>();
        const resources = args.resources.map(fromStackResource);
        reportFindings(rule, rule.check(resources, contextFrom(config)), config, utcDay(now()), report);
      },
    };
  });
}

/** Level of every policy when the pack runs without `--policy-pack-config`. */
export const DEFAULT_ENFORCEMENT: EnforcementLevel = "advisory";

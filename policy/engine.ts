/**
 * Runs the rules over a stack's resources: the level of each rule from the stack's policy config,
 * exemptions with an expiry, one JSON-able report. `delivery plan` calls evaluatePolicies; the
 * CrossGuard pack (policy/crossguard.ts) uses the same level and exemption functions.
 */
import type { PolicyExemption, StackConfig } from "../infra/config";
import { pipelinePool } from "../infra/delivery/devops-names";
import { DEFAULT_CONTEXT, Finding, PolicyContext, PolicyResource, Rule, formatMessage } from "./model";
import { RULES } from "./rules";

export type { PolicyExemption } from "../infra/config";

export type Level = "advisory" | "mandatory" | "disabled";

/** `StackConfig["policy"]`: the stack's enforcement, per-rule levels and exemptions. */
export interface PolicySettings {
  readonly enforcement: "advisory" | "mandatory";
  readonly ruleLevels: Readonly<Record<string, Level>>;
  readonly exemptions: readonly PolicyExemption[];
}

/** Everything an evaluation depends on besides the resources. */
export interface PolicyEvaluation extends PolicyContext {
  readonly policy: PolicySettings;
  /** The day exemptions are judged on, YYYY-MM-DD (UTC). Passed in so runs are reproducible. */
  readonly today: string;
}

export interface ResourceRef {
  readonly urn: string;
  readonly name: string;
  readonly type: string;
}

export interface PolicyVerdict {
  readonly ruleId: string;
  readonly level: "advisory" | "mandatory";
  readonly resource: ResourceRef;
  /** `<name> (<type>): <what is wrong>; <fix> (ASB …, CKV_…)`. */
  readonly message: string;
  /** The active exemption that covers it (only on `exempted` verdicts). */
  readonly exemptionId?: string;
  /** Exemptions that matched but have expired: the violation counts again. */
  readonly expiredExemptionIds?: readonly string[];
}

export interface ExemptionStatus extends PolicyExemption {
  /** active: today <= expires; expired: no longer applies; invalid: missing id, reason or date. */
  readonly status: "active" | "expired" | "invalid";
  /** Violations it matched in this evaluation. */
  readonly matched: number;
}

export interface RuleStatus {
  readonly id: string;
  readonly description: string;
  readonly kind: "resource" | "stack";
  readonly level: Level;
  readonly benchmarks: Rule["benchmarks"];
  readonly violations: number;
  readonly exempted: number;
}

/** The machine form (`delivery plan --json`); render.ts prints it. */
export interface PolicyReport {
  readonly pack: string;
  readonly today: string;
  readonly context: PolicyContext;
  readonly rules: readonly RuleStatus[];
  /** Violations that count: every mandatory one fails the plan. */
  readonly violations: readonly PolicyVerdict[];
  /** Violations covered by an active exemption. */
  readonly exempted: readonly PolicyVerdict[];
  /** Values a rule could not read (secret or unknown): neither pass nor violation. */
  readonly unverified: readonly PolicyVerdict[];
  /** Every exemption in the stack's config, active or not. */
  readonly exemptions: readonly ExemptionStatus[];
  /** Config that names no rule, rules that failed to run. */
  readonly warnings: readonly string[];
  readonly summary: {
    readonly mandatory: number;
    readonly advisory: number;
    readonly exempted: number;
    readonly unverified: number;
    readonly expiredExemptions: number;
    /** False when any mandatory violation remains. */
    readonly passed: boolean;
  };
}

export const PACK_NAME = "pinecone-delivery";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD of a date in UTC. */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The stack facts rules read, from its validated config. */
export function policyContextFromConfig(cfg: StackConfig): PolicyContext {
  return {
    tier: cfg.tier,
    protectStatefulResources: cfg.protectStatefulResources,
    purgeProtectionRequired: cfg.keyVault.purgeProtection,
    stagingSlotName: cfg.appService.stagingSlotName,
    productionMinimumInstances: DEFAULT_CONTEXT.productionMinimumInstances,
    privateNetwork: cfg.network?.private ?? DEFAULT_CONTEXT.privateNetwork,
    // The same function renders pipelines/templates/stacks.yml, so the rule judges what the pipelines run on.
    pipelineAgentPool: cfg.values ? pipelineAgentPoolOf(pipelinePool(cfg.values)) : DEFAULT_CONTEXT.pipelineAgentPool,
    // Optional chaining: callers may pass a partial config (policyPackConfig picks fields).
    releasePaths: { signsImages: cfg.registry?.signingCertificate !== undefined },
  };
}

function pipelineAgentPoolOf(pool: ReturnType<typeof pipelinePool>): string {
  return pool.kind === "managed" ? pool.name : "";
}

/** Context, policy settings and the day, from a stack's config. */
export function policyEvaluationFromConfig(cfg: StackConfig, today: Date | string = new Date()): PolicyEvaluation {
  return {
    ...policyContextFromConfig(cfg),
    policy: { enforcement: cfg.policy.enforcement, ruleLevels: cfg.policy.ruleLevels, exemptions: cfg.policy.exemptions },
    today: typeof today === "string" ? today : utcDay(today),
  };
}

/** A rule's level in a stack: its ruleLevels entry, else the rule's own floor (release paths), else the stack's enforcement. */
export function ruleLevel(policy: PolicySettings, ruleId: string, ruleDefault?: "mandatory"): Level {
  return policy.ruleLevels[ruleId] ?? ruleDefault ?? policy.enforcement;
}

export function exemptionValid(e: PolicyExemption): boolean {
  return Boolean(e.id && e.id.trim() && e.reason && e.reason.trim() && e.ruleId && e.resource && DAY.test(e.expires));
}

/** Active until and including its expiry day (UTC). */
export function exemptionActive(e: PolicyExemption, today: string): boolean {
  return exemptionValid(e) && today <= e.expires;
}

/** The exemptions that name this rule and resource (logical name, or "*"). */
export function matchingExemptions(exemptions: readonly PolicyExemption[], ruleId: string, resourceName: string): PolicyExemption[] {
  return exemptions.filter((e) => exemptionValid(e) && e.ruleId === ruleId && (e.resource === "*" || e.resource === resourceName));
}

function ref(r: PolicyResource): ResourceRef {
  return { urn: r.urn, name: r.name, type: r.type };
}

/** Runs one rule; a rule that throws yields one finding naming the error instead of stopping the run. */
export function runRule(rule: Rule, resources: readonly PolicyResource[], context: PolicyContext): { findings: Finding[]; error?: string } {
  try {
    if (rule.kind === "stack") return { findings: [...rule.check(resources, context)] };
    const types = new Set(rule.resourceTypes);
    return { findings: resources.filter((r) => types.has(r.type)).flatMap((r) => rule.check(r, context)) };
  } catch (err) {
    return { findings: [], error: `rule ${rule.id} failed to run: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * Evaluates every rule over a stack's resources (RecordedResource[] from `delivery plan` fits).
 * Disabled rules do not run; active exemptions move a violation to `exempted`; expired ones are
 * listed and the violation counts again.
 */
export function evaluatePolicies(resources: readonly PolicyResource[], evaluation: PolicyEvaluation, rules: readonly Rule[] = RULES): PolicyReport {
  const { policy, today } = evaluation;
  const context: PolicyContext = {
    tier: evaluation.tier,
    protectStatefulResources: evaluation.protectStatefulResources,
    purgeProtectionRequired: evaluation.purgeProtectionRequired,
    stagingSlotName: evaluation.stagingSlotName,
    productionMinimumInstances: evaluation.productionMinimumInstances,
    privateNetwork: evaluation.privateNetwork ?? DEFAULT_CONTEXT.privateNetwork,
    pipelineAgentPool: evaluation.pipelineAgentPool ?? DEFAULT_CONTEXT.pipelineAgentPool,
    ...(evaluation.releasePaths ? { releasePaths: evaluation.releasePaths } : {}),
  };
  const warnings: string[] = [];
  const known = new Set(rules.map((r) => r.id));
  for (const id of Object.keys(policy.ruleLevels)) {
    if (!known.has(id)) warnings.push(`policyRuleLevels names "${id}", which is not a rule of the pack; it has no effect`);
  }
  for (const e of policy.exemptions) {
    if (!exemptionValid(e)) warnings.push(`exemption ${JSON.stringify(e.id ?? "")} lacks an id, a reason or an expiry date (YYYY-MM-DD); it does not apply`);
    else if (!known.has(e.ruleId)) warnings.push(`exemption ${e.id} names rule "${e.ruleId}", which is not a rule of the pack; it has no effect`);
  }

  const matched = new Map<PolicyExemption, number>();
  const violations: PolicyVerdict[] = [];
  const exempted: PolicyVerdict[] = [];
  const unverified: PolicyVerdict[] = [];
  const ruleStatus: RuleStatus[] = [];

  for (const rule of rules) {
    const level = ruleLevel(policy, rule.id, rule.defaultLevel);
    let count = 0;
    let exemptedCount = 0;
    if (level !== "disabled") {
      const { findings, error } = runRule(rule, resources, context);
      if (error) {
        warnings.push(error);
        violations.push({ ruleId: rule.id, level, resource: { urn: "", name: "(stack)", type: "pulumi:pulumi:Stack" }, message: error });
        count++;
      }
      for (const f of findings) {
        const base = { ruleId: rule.id, level, resource: ref(f.resource), message: formatMessage(rule, f) };
        if (f.unverifiable) {
          unverified.push(base);
          continue;
        }
        const candidates = matchingExemptions(policy.exemptions, rule.id, f.resource.name);
        for (const e of candidates) matched.set(e, (matched.get(e) ?? 0) + 1);
        const active = candidates.find((e) => exemptionActive(e, today));
        if (active) {
          exempted.push({ ...base, exemptionId: active.id });
          exemptedCount++;
          continue;
        }
        const expired = candidates.map((e) => e.id);
        violations.push(expired.length > 0 ? { ...base, expiredExemptionIds: expired } : base);
        count++;
      }
    }
    ruleStatus.push({ id: rule.id, description: rule.description, kind: rule.kind, level, benchmarks: rule.benchmarks, violations: count, exempted: exemptedCount });
  }

  const exemptions: ExemptionStatus[] = policy.exemptions.map((e) => ({
    ...e,
    status: !exemptionValid(e) ? "invalid" : exemptionActive(e, today) ? "active" : "expired",
    matched: matched.get(e) ?? 0,
  }));
  const mandatory = violations.filter((v) => v.level === "mandatory").length;
  return {
    pack: PACK_NAME,
    today,
    context,
    rules: ruleStatus,
    violations,
    exempted,
    unverified,
    exemptions,
    warnings,
    summary: {
      mandatory,
      advisory: violations.length - mandatory,
      exempted: exempted.length,
      unverified: unverified.length,
      expiredExemptions: exemptions.filter((e) => e.status === "expired").length,
      passed: mandatory === 0,
    },
  };
}

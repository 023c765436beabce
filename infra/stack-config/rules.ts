import { APP_SERVICE_SKUS, ZONE_REDUNDANT_REGIONS, ZONE_REDUNDANT_TIERS } from "./azure-catalog";
import { FieldKey, FieldValues } from "./fields";
import { freezeProblems } from "./freezes";
import { PARITY_SETTINGS } from "./parity";
import { NAME_RULES, NamedResource, deriveNames, nameProblem } from "../naming";

/** A problem a rule found: the key it is reported on and the sentence after "expected …, found …". */
export interface RuleFinding {
  readonly key: FieldKey;
  readonly expected: string;
  readonly found: string;
}

/**
 * A rule across keys. `reads` lists every key it looks at; it runs only when all of them are
 * individually valid, so one typo does not hide an unrelated cross-field problem, and a rule
 * never reasons about a value that failed its own check.
 */
export interface CrossFieldRule {
  readonly id: string;
  readonly reads: readonly FieldKey[];
  check(v: FieldValues, context: RuleContext): RuleFinding[];
}

export interface RuleContext {
  readonly stackName: string;
}

const production = (v: FieldValues) => v.tier === "production";

export const CROSS_FIELD_RULES: readonly CrossFieldRule[] = [
  {
    id: "production-approvers",
    reads: ["tier", "approvers", "minimumApprovers"],
    check: (v) => [
      ...(production(v) && v.approvers.length < 2
        ? [{ key: "approvers" as const, expected: "at least 2 approvers because tier is production", found: `${v.approvers.length}` }]
        : []),
      ...(production(v) && v.minimumApprovers < 2
        ? [{ key: "minimumApprovers" as const, expected: "at least 2 because tier is production", found: `${v.minimumApprovers}` }]
        : []),
      ...(v.approvers.length > 0 && v.minimumApprovers < 1
        ? [{ key: "minimumApprovers" as const, expected: "at least 1 because approvers are listed", found: `${v.minimumApprovers}` }]
        : []),
      ...(v.minimumApprovers > v.approvers.length
        ? [{ key: "minimumApprovers" as const, expected: `at most the number of approvers (${v.approvers.length})`, found: `${v.minimumApprovers}` }]
        : []),
    ],
  },
  {
    id: "production-requester-cannot-approve",
    reads: ["tier", "requesterCanApprove"],
    check: (v) =>
      production(v) && v.requesterCanApprove
        ? [{ key: "requesterCanApprove", expected: "false because tier is production (the person who queued a run must not approve it)", found: "true" }]
        : [],
  },
  {
    id: "production-purge-protection",
    reads: ["tier", "keyVaultPurgeProtection"],
    check: (v) =>
      production(v) && !v.keyVaultPurgeProtection
        ? [{ key: "keyVaultPurgeProtection", expected: "true because tier is production", found: "false" }]
        : [],
  },
  {
    id: "production-protection",
    reads: ["tier", "protectStatefulResources"],
    check: (v) =>
      production(v) && !v.protectStatefulResources
        ? [{ key: "protectStatefulResources", expected: "true because tier is production (locks and protect on stateful resources)", found: "false" }]
        : [],
  },
  {
    id: "production-mandatory-policies",
    reads: ["tier", "policyEnforcement"],
    check: (v) =>
      production(v) && v.policyEnforcement !== "mandatory"
        ? [{ key: "policyEnforcement", expected: "mandatory because tier is production", found: v.policyEnforcement }]
        : [],
  },
  {
    id: "zone-redundancy-instances",
    reads: ["zoneRedundant", "autoscaleMinimum"],
    check: (v) =>
      v.zoneRedundant && v.autoscaleMinimum < 3
        ? [{ key: "autoscaleMinimum", expected: "at least 3 because zoneRedundant is true (one instance per zone)", found: `${v.autoscaleMinimum}` }]
        : [],
  },
  {
    id: "zone-redundancy-sku",
    reads: ["zoneRedundant", "appServiceSku"],
    check: (v) =>
      v.zoneRedundant && !ZONE_REDUNDANT_TIERS.has(APP_SERVICE_SKUS[v.appServiceSku])
        ? [{ key: "appServiceSku", expected: `a Premium or Isolated v2 SKU because zoneRedundant is true`, found: `${v.appServiceSku} (${APP_SERVICE_SKUS[v.appServiceSku]})` }]
        : [],
  },
  {
    id: "zone-redundancy-region",
    reads: ["zoneRedundant", "registryZoneRedundant", "location"],
    check: (v) =>
      (v.zoneRedundant || v.registryZoneRedundant) && !ZONE_REDUNDANT_REGIONS.has(v.location)
        ? [{ key: "location", expected: "a region with availability zones because zone redundancy is on", found: v.location }]
        : [],
  },
  {
    id: "autoscale-bounds",
    reads: ["autoscaleMinimum", "autoscaleMaximum", "autoscaleDefault"],
    check: (v) => [
      ...(v.autoscaleMaximum < v.autoscaleMinimum
        ? [{ key: "autoscaleMaximum" as const, expected: `at least autoscaleMinimum (${v.autoscaleMinimum})`, found: `${v.autoscaleMaximum}` }]
        : []),
      ...(v.autoscaleDefault < v.autoscaleMinimum || v.autoscaleDefault > v.autoscaleMaximum
        ? [{ key: "autoscaleDefault" as const, expected: `between autoscaleMinimum (${v.autoscaleMinimum}) and autoscaleMaximum (${v.autoscaleMaximum})`, found: `${v.autoscaleDefault}` }]
        : []),
    ],
  },
  {
    id: "autoscale-cpu-thresholds",
    reads: ["autoscaleCpuScaleInPercent", "autoscaleCpuScaleOutPercent"],
    check: (v) =>
      v.autoscaleCpuScaleInPercent >= v.autoscaleCpuScaleOutPercent
        ? [{ key: "autoscaleCpuScaleInPercent", expected: `below autoscaleCpuScaleOutPercent (${v.autoscaleCpuScaleOutPercent}) so scaling does not flap`, found: `${v.autoscaleCpuScaleInPercent}` }]
        : [],
  },
  {
    id: "registry-premium-features",
    reads: ["registrySku", "registryZoneRedundant", "registryGeoReplicationLocations", "registryUntaggedRetentionDays"],
    check: (v) => {
      if (v.registrySku === "Premium") return [];
      const needs = [
        v.registryZoneRedundant && "registryZoneRedundant",
        v.registryGeoReplicationLocations.length > 0 && "registryGeoReplicationLocations",
        v.registryUntaggedRetentionDays > 0 && "registryUntaggedRetentionDays",
      ].filter(Boolean);
      return needs.length > 0
        ? [{ key: "registrySku", expected: `Premium because ${needs.join(", ")} ${needs.length > 1 ? "need" : "needs"} it`, found: v.registrySku }]
        : [];
    },
  },
  {
    id: "geo-replication-regions",
    reads: ["location", "registryGeoReplicationLocations"],
    check: (v) => {
      const seen = new Set<string>();
      const bad = v.registryGeoReplicationLocations.filter((r) => r === v.location || seen.size === seen.add(r).size);
      return bad.length > 0
        ? [{ key: "registryGeoReplicationLocations", expected: `regions other than the primary location (${v.location}), each once`, found: bad.join(", ") }]
        : [];
    },
  },
  {
    id: "release-window-order",
    reads: ["releaseWindowStart", "releaseWindowEnd"],
    check: (v) =>
      v.releaseWindowEnd <= v.releaseWindowStart
        ? [{ key: "releaseWindowEnd", expected: `a time after releaseWindowStart (${v.releaseWindowStart})`, found: v.releaseWindowEnd }]
        : [],
  },
  {
    id: "parity-reference-not-self",
    reads: ["parityReference"],
    check: (v, ctx) =>
      v.parityReference === ctx.stackName
        ? [{ key: "parityReference", expected: "another stack's name, or none", found: `${v.parityReference} (this stack)` }]
        : [],
  },
  {
    id: "parity-deviations-known",
    reads: ["parityAllowedDeviations"],
    check: (v) =>
      v.parityAllowedDeviations
        .filter((k) => !(PARITY_SETTINGS as readonly string[]).includes(k))
        .map((k) => ({ key: "parityAllowedDeviations" as const, expected: `platform setting keys (${PARITY_SETTINGS.join(", ")})`, found: k })),
  },
  {
    id: "policy-exemption-dates",
    reads: ["policyExemptions"],
    check: (v) =>
      v.policyExemptions
        .map((e) => e.split("|")[3])
        .filter((d) => Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d)
        .map((d) => ({ key: "policyExemptions" as const, expected: "expiry dates that exist in the calendar (YYYY-MM-DD)", found: d })),
  },
  {
    id: "release-freezes",
    reads: ["releaseFreezes"],
    check: (v) => freezeProblems(v.releaseFreezes).map((p) => ({ key: "releaseFreezes" as const, ...p })),
  },
  {
    id: "derived-azure-names",
    reads: ["workload", "environment", "uniqueSuffix"],
    check: (v) => {
      const names = deriveNames(v);
      return (Object.keys(names) as NamedResource[]).flatMap((kind) => {
        const rule = NAME_RULES[kind];
        const problem = nameProblem(rule, names[kind]);
        return problem
          ? [{
              key: "uniqueSuffix" as const,
              expected: `a ${rule.kind} name of ${rule.describe}; the name is built from workload, environment and uniqueSuffix, so shorten one of them`,
              found: `"${names[kind]}", which ${problem}`,
            }]
          : [];
      });
    },
  },
];

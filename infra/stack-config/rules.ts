import { APP_SERVICE_SKUS, ZONE_REDUNDANT_REGIONS, ZONE_REDUNDANT_TIERS } from "../azure-catalog";
import { FieldKey, FieldValues } from "./fields";
import { freezeProblems } from "./freezes";
import { AZURE_RESERVED_ADDRESSES, Cidr, alignedForm, contains, isAligned, overlaps, parseCidr } from "./cidr";
import { PARITY_SETTINGS } from "./parity";
import { OWN_PLAN, OWN_PLAN_KEYS, SLOT_SHAPE_PRIVATE_NETWORK } from "./hosting";
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
  /** Keys the stack file sets (valid or not): a rule about a key being present at all reads this. Default: none. */
  readonly given?: ReadonlySet<FieldKey>;
}

const production = (v: FieldValues) => v.tier === "production";

export const CROSS_FIELD_RULES: readonly CrossFieldRule[] = [
  {
    id: "promotion-target",
    reads: ["registryPromotionTarget", "registryIsPromotionSource"],
    check: (v, ctx) => [
      ...(v.registryPromotionTarget !== "none" && !v.registryIsPromotionSource
        ? [{ key: "registryPromotionTarget" as const, expected: "none because registryIsPromotionSource is false (export is disabled, so nothing can import from this registry)", found: `"${v.registryPromotionTarget}"` }]
        : []),
      ...(v.registryPromotionTarget === ctx.stackName
        ? [{ key: "registryPromotionTarget" as const, expected: "the next stack, not this one", found: `"${v.registryPromotionTarget}"` }]
        : []),
    ],
  },
  {
    id: "promotion-source",
    reads: ["registryPromotionSource", "registryPromotionTarget", "privateNetwork"],
    // A private registry refuses the push from the machine running the first `up` (outside the VNet,
    // whose agent pool that same `up` creates): the bootstrap image is imported from the previous
    // stage's registry through the management plane instead (README, "First day").
    check: (v, ctx) => [
      ...(v.privateNetwork && v.registryPromotionSource === "none"
        ? [{ key: "registryPromotionSource" as const, expected: "the previous stage's stack because privateNetwork is true (the bootstrap image is imported from its registry by digest; a push from outside the VNet is refused)", found: "none" }]
        : []),
      ...(v.registryPromotionSource === ctx.stackName
        ? [{ key: "registryPromotionSource" as const, expected: "the previous stack, not this one", found: `"${v.registryPromotionSource}"` }]
        : []),
      ...(v.registryPromotionSource !== "none" && v.registryPromotionSource === v.registryPromotionTarget
        ? [{ key: "registryPromotionSource" as const, expected: `a stack other than registryPromotionTarget (images flow one way: source → this stack → target)`, found: `"${v.registryPromotionSource}"` }]
        : []),
    ],
  },
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
    id: "network-layout",
    reads: ["vnetAddressSpace", "appSubnetPrefix", "privateEndpointSubnetPrefix", "agentSubnetPrefix", "autoscaleMaximum", "agentPoolMaximumConcurrency", "registryGeoReplicationLocations"],
    check: (v) => networkLayoutFindings(v),
  },
  {
    id: "private-network-registry-premium",
    reads: ["privateNetwork", "registrySku"],
    // Private Link on ACR is a Premium feature (container-registry-private-link).
    check: (v) =>
      v.privateNetwork && v.registrySku !== "Premium"
        ? [{ key: "registrySku", expected: "Premium because privateNetwork is true (a registry private endpoint needs Premium)", found: v.registrySku }]
        : [],
  },
  {
    id: "public-access-off-needs-private-network",
    reads: ["privateNetwork", "keyVaultNetworkDefaultAction", "registryIsPromotionSource"],
    // App Service (image pull, Key Vault references), the pipelines and Azure DevOps reach a registry
    // or vault that refuses public traffic only over a private endpoint; the AzureServices bypass
    // covers none of them. Without the network such a stack plans cleanly and cannot serve.
    check: (v) => {
      if (v.privateNetwork) return [];
      const closed = [
        v.keyVaultNetworkDefaultAction === "Deny" && "keyVaultNetworkDefaultAction is Deny",
        !v.registryIsPromotionSource && "registryIsPromotionSource is false (registry public access disabled)",
      ].filter(Boolean);
      return closed.length > 0
        ? [{ key: "privateNetwork", expected: `true because ${closed.join(" and ")}: App Service, the pipelines and Azure DevOps reach it only over a private endpoint (or open it: keyVaultNetworkDefaultAction Allow)`, found: "false" }]
        : [];
    },
  },
  {
    id: "app-host-slot",
    reads: ["appHostStack", "appHostSlotName", "privateNetwork"],
    // The host's own shape and its staging slot name are checked when the stack reference is read
    // (infra/program.ts readStackReferences): only the host's outputs know them.
    check: (v, ctx) => {
      if (v.appHostStack === OWN_PLAN) {
        return v.appHostSlotName !== OWN_PLAN
          ? [{ key: "appHostSlotName", expected: "none because appHostStack is none (the stack has its own plan; a slot name needs a host)", found: `"${v.appHostSlotName}"` }]
          : [];
      }
      const findings: RuleFinding[] = [];
      if (v.appHostStack === ctx.stackName) findings.push({ key: "appHostStack", expected: "another stack of this project, not this one (a stack cannot host itself)", found: `"${v.appHostStack}" (this stack)` });
      if (v.appHostSlotName === OWN_PLAN) findings.push({ key: "appHostSlotName", expected: `the name of this stack's slot on ${v.appHostStack}'s web app, e.g. ${ctx.stackName} (2-20 lowercase letters, digits or hyphens), because appHostStack is ${v.appHostStack}`, found: "none" });
      else if (v.appHostSlotName === "production") findings.push({ key: "appHostSlotName", expected: "a slot name other than production (production is the host's own app)", found: '"production"' });
      if (v.privateNetwork) findings.push({ key: "privateNetwork", expected: SLOT_SHAPE_PRIVATE_NETWORK, found: "true" });
      for (const key of OWN_PLAN_KEYS.filter((k) => ctx.given?.has(k))) {
        findings.push({ key, expected: `no value because appHostStack is ${v.appHostStack} (the slot runs on ${v.appHostStack}'s plan, which that stack sizes, scales and alerts on); remove the key`, found: `${JSON.stringify(v[key] ?? "an invalid value")}` });
      }
      return findings;
    },
  },
  {
    id: "app-slot-guests",
    reads: ["appSlotGuests", "appHostStack"],
    check: (v, ctx) => [
      ...v.appSlotGuests
        .filter((g, i) => g === ctx.stackName || v.appSlotGuests.indexOf(g) !== i)
        .map((g) => ({ key: "appSlotGuests" as const, expected: "other stacks of this project, each once", found: `"${g}"${g === ctx.stackName ? " (this stack)" : " (listed twice)"}` })),
      ...(v.appSlotGuests.length > 0 && v.appHostStack !== OWN_PLAN
        ? [{ key: "appSlotGuests" as const, expected: `[] because appHostStack is ${v.appHostStack} (a slot cannot host other slots: no chains)`, found: JSON.stringify(v.appSlotGuests) }]
        : []),
    ],
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

const SUBNET_KEYS = ["appSubnetPrefix", "privateEndpointSubnetPrefix", "agentSubnetPrefix"] as const;

/**
 * Syntax is the field's job; here: aligned prefixes, subnets inside the VNet, no overlap, sizes.
 * Sizes enforced (why):
 * - App Service integration: at least /28 (Azure's minimum) AND 2 × autoscaleMaximum + 5 addresses,
 *   because scale operations temporarily double the instances' addresses and the subnet cannot be
 *   resized while in use; the default is Microsoft's recommended /26.
 * - Private endpoints: 5 reserved + registry (1 + 1 data endpoint per region) + vault (1).
 * - Agents: agentPoolMaximumConcurrency + 5 reserved (Managed DevOps Pools networking doc).
 */
function networkLayoutFindings(v: FieldValues): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const vnet = parseCidr(v.vnetAddressSpace);
  const subnets = SUBNET_KEYS.map((key) => ({ key, cidr: parseCidr(v[key]) }));
  for (const { key, cidr } of [{ key: "vnetAddressSpace" as FieldKey, cidr: vnet }, ...subnets]) {
    if (!isAligned(cidr)) findings.push({ key, expected: `a prefix whose address is the first of its range (${alignedForm(cidr)})`, found: cidr.text });
  }
  for (const { key, cidr } of subnets) {
    if (!contains(vnet, cidr)) findings.push({ key, expected: `a range inside vnetAddressSpace (${vnet.text})`, found: cidr.text });
  }
  subnets.forEach((a, i) =>
    subnets.slice(i + 1).forEach((b) => {
      if (overlaps(a.cidr, b.cidr)) findings.push({ key: b.key, expected: `a range that does not overlap ${a.key} (${a.cidr.text})`, found: b.cidr.text });
    }),
  );
  const need = (key: FieldKey, cidr: Cidr, addresses: number, why: string) => {
    if (cidr.size < addresses) findings.push({ key, expected: `at least ${addresses} addresses (${why})`, found: `${cidr.text} (${cidr.size} addresses)` });
  };
  const [app, pe, agents] = subnets.map((s) => s.cidr);
  need("appSubnetPrefix", app, Math.max(16, 2 * v.autoscaleMaximum + AZURE_RESERVED_ADDRESSES),
    `/28 or larger, and 2 × autoscaleMaximum (${v.autoscaleMaximum}) + ${AZURE_RESERVED_ADDRESSES} reserved because scaling doubles the need; Microsoft recommends /26`);
  const peAddresses = 1 + (1 + v.registryGeoReplicationLocations.length) + 1;
  need("privateEndpointSubnetPrefix", pe, Math.max(16, peAddresses + AZURE_RESERVED_ADDRESSES),
    `/28 or larger: ${peAddresses} private endpoint addresses (registry, one data endpoint per region, vault) + ${AZURE_RESERVED_ADDRESSES} reserved`);
  need("agentSubnetPrefix", agents, Math.max(8, v.agentPoolMaximumConcurrency + AZURE_RESERVED_ADDRESSES),
    `agentPoolMaximumConcurrency (${v.agentPoolMaximumConcurrency}) + ${AZURE_RESERVED_ADDRESSES} reserved`);
  return findings;
}

import { ResourceStep } from "../preview/model";
import { parsePropertyPath } from "../preview/values";

/**
 * Which changes a reviewer must look at before merging: replace/delete of stateful or protected
 * resources, any role-assignment change, network and public-access changes. The rules are data so
 * the README can list them and a new resource kind is one line.
 */

/** Resource types whose replacement or deletion loses data, history or identity. */
const STATEFUL_TYPES: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /^azure-native:storage:StorageAccount$/, what: "storage account" },
  { pattern: /^azure-native:keyvault:(Vault|Secret|Key)$/, what: "Key Vault data" },
  { pattern: /^azure-native:containerregistry:Registry$/, what: "container registry (images)" },
  { pattern: /^azure-native:operationalinsights:Workspace$/, what: "Log Analytics workspace (logs)" },
  { pattern: /^azure-native:(insights|applicationinsights):Component$/, what: "Application Insights (telemetry)" },
  { pattern: /^azure-native:(sql|dbforpostgresql|dbformysql|documentdb|cache):/, what: "database or cache" },
  { pattern: /^azure-native:(servicebus|eventhub):Namespace$/, what: "messaging namespace" },
  { pattern: /^azure-native:compute:Disk$/, what: "managed disk" },
  { pattern: /^azure-native:managedidentity:UserAssignedIdentity$/, what: "managed identity (a new principal loses its role assignments)" },
  { pattern: /^azure-native:resources:ResourceGroup$/, what: "resource group (deleting it deletes everything in it)" },
  { pattern: /^azure:(storage|keyvault|containerservice|mssql|postgresql|cosmosdb)\//, what: "stateful Azure resource" },
];

const ROLE_ASSIGNMENT = /(^azure-native:authorization:RoleAssignment$|^azure(ad)?:.*[Rr]oleAssignment)/;
const NETWORK_TYPE = /^azure-native:network:|^azure:network\//;

/** Property names that open or close network paths or public access. */
const PUBLIC_ACCESS_PROPERTIES = new Set([
  "publicNetworkAccess", "networkAcls", "networkRuleSet", "ipSecurityRestrictions", "scmIpSecurityRestrictions",
  "ipSecurityRestrictionsDefaultAction", "scmIpSecurityRestrictionsDefaultAction", "ipRules", "virtualNetworkRules",
  "firewallRules", "allowBlobPublicAccess", "publicAccess", "anonymousPullEnabled", "vnetRouteAllEnabled",
  "virtualNetworkSubnetId", "privateEndpointConnections", "cors", "httpsOnly", "defaultAction",
]);

const DESTRUCTIVE_OPS = new Set(["replace", "delete", "delete-replaced", "import-replacement", "remove-pending-replace"]);

/** What a resource type alone says about risk; the same few types repeat across thousands of steps. */
interface TypeRisk {
  readonly stateful: string | undefined;
  readonly roleAssignment: boolean;
  readonly network: boolean;
}
const typeRisks = new Map<string, TypeRisk>();

function typeRisk(type: string): TypeRisk {
  let risk = typeRisks.get(type);
  if (!risk) {
    risk = { stateful: STATEFUL_TYPES.find((t) => t.pattern.test(type))?.what, roleAssignment: ROLE_ASSIGNMENT.test(type), network: NETWORK_TYPE.test(type) };
    typeRisks.set(type, risk);
  }
  return risk;
}

const NOT_RISKY: readonly string[] = Object.freeze([]);

/** Why a step is risky; empty when it is not (most steps: nothing is allocated for them). */
export function riskReasons(step: ResourceStep): readonly string[] {
  const risk = typeRisk(step.type);
  let reasons: string[] | undefined;
  if (DESTRUCTIVE_OPS.has(step.op)) {
    if (step.protect) (reasons ??= []).push(`${step.op} of a protected resource`);
    if (risk.stateful) (reasons ??= []).push(`${step.op} of a stateful resource: ${risk.stateful}`);
  }
  if (risk.roleAssignment) (reasons ??= []).push(`role assignment ${step.op}`);
  if (risk.network) (reasons ??= []).push(`network resource ${step.op}`);
  let touched: string[] | undefined;
  // Indexed: for-of allocates an iterator and a result per element until the JIT optimises it.
  const paths = step.changedPaths;
  for (let i = 0; i < paths.length; i++) if (touchesPublicAccess(paths[i])) (touched ??= []).push(paths[i]);
  if (touched) (reasons ??= []).push(`network/public-access setting changed: ${touched.slice(0, 5).join(", ")}${touched.length > 5 ? ", ..." : ""}`);
  return reasons ?? NOT_RISKY;
}

/** The same property paths repeat across resources of a type: each is parsed once. */
const publicAccessPaths = new Map<string, boolean>();

function touchesPublicAccess(path: string): boolean {
  let touches = publicAccessPaths.get(path);
  if (touches === undefined) {
    const keys = parsePropertyPath(path) ?? [path];
    touches = keys.some((k) => typeof k === "string" && PUBLIC_ACCESS_PROPERTIES.has(k));
    publicAccessPaths.set(path, touches);
  }
  return touches;
}

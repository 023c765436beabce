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

/** Why a step is risky; empty when it is not. */
export function riskReasons(step: ResourceStep): string[] {
  const reasons: string[] = [];
  if (DESTRUCTIVE_OPS.has(step.op)) {
    if (step.protect) reasons.push(`${step.op} of a protected resource`);
    const stateful = STATEFUL_TYPES.find((t) => t.pattern.test(step.type));
    if (stateful) reasons.push(`${step.op} of a stateful resource: ${stateful.what}`);
  }
  if (ROLE_ASSIGNMENT.test(step.type)) reasons.push(`role assignment ${step.op}`);
  if (NETWORK_TYPE.test(step.type)) reasons.push(`network resource ${step.op}`);
  const touched = step.changedPaths.filter(touchesPublicAccess);
  if (touched.length > 0) reasons.push(`network/public-access setting changed: ${touched.slice(0, 5).join(", ")}${touched.length > 5 ? ", ..." : ""}`);
  return reasons;
}

function touchesPublicAccess(path: string): boolean {
  const keys = parsePropertyPath(path) ?? [path];
  return keys.some((k) => typeof k === "string" && PUBLIC_ACCESS_PROPERTIES.has(k));
}

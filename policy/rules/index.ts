import { Rule } from "../model";
import { acrAdminUserDisabled } from "./acr-admin-user-disabled";
import { acrAnonymousPullDisabled } from "./acr-anonymous-pull-disabled";
import { appAcrPullManagedIdentity } from "./app-acr-pull-managed-identity";
import { appAlertSet } from "./app-alert-set";
import { appArrAffinityOff } from "./app-arr-affinity-off";
import { appAvailabilityTests } from "./app-availability-tests";
import { appBasicAuthDisabled } from "./app-basic-auth-disabled";
import { appFtpsDisabled } from "./app-ftps-disabled";
import { appHealthCheck } from "./app-health-check";
import { appHttpsOnly } from "./app-https-only";
import { appInsightsWorkspaceBased } from "./appinsights-workspace-based";
import { appMinTls12 } from "./app-min-tls-1-2";
import { appReleaseFieldsIgnored } from "./app-release-fields-ignored";
import { appSecretsFromKeyVault } from "./app-secrets-from-key-vault";
import { appStagingSlot } from "./app-staging-slot";
import { diagnosticSettings } from "./diagnostic-settings";
import { kvPurgeProtection } from "./kv-purge-protection";
import { kvRbacAuthorization } from "./kv-rbac-authorization";
import { kvSoftDelete } from "./kv-soft-delete";
import { appPullOverVnet } from "./app-pull-over-vnet";
import { privateAccessHasEndpoint } from "./private-access-has-endpoint";
import { privateStackOwnAgents } from "./private-stack-own-agents";
import { productionMinInstances } from "./production-min-instances";
import { productionZoneRedundant } from "./production-zone-redundant";
import { releasePathAccess } from "./release-path-access";
import { releasePathNetwork } from "./release-path-network";
import { releasePathPipelines } from "./release-path-pipelines";
import { roleAssignmentServicePrincipal } from "./role-assignment-service-principal";
import { statefulProtectAndLock } from "./stateful-protect-and-lock";

/** Every rule of the pack, in report order. Ids are stable: config and exemptions name them. */
export const RULES: readonly Rule[] = [
  appHttpsOnly,
  appMinTls12,
  appFtpsDisabled,
  appBasicAuthDisabled,
  appAcrPullManagedIdentity,
  appSecretsFromKeyVault,
  appHealthCheck,
  appArrAffinityOff,
  appReleaseFieldsIgnored,
  appStagingSlot,
  appAvailabilityTests,
  appAlertSet,
  acrAdminUserDisabled,
  acrAnonymousPullDisabled,
  kvRbacAuthorization,
  kvSoftDelete,
  kvPurgeProtection,
  appInsightsWorkspaceBased,
  roleAssignmentServicePrincipal,
  diagnosticSettings,
  statefulProtectAndLock,
  productionZoneRedundant,
  productionMinInstances,
  privateAccessHasEndpoint,
  appPullOverVnet,
  privateStackOwnAgents,
  releasePathAccess,
  releasePathNetwork,
  releasePathPipelines,
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

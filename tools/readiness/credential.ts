import type { TokenCredential } from "@azure/core-auth";

/**
 * Inside an AzureCLI@2/AzurePowerShell@5 step with a workload-identity service connection, the
 * task sets AZURESUBSCRIPTION_{SERVICE_CONNECTION_ID,CLIENT_ID,TENANT_ID}; with SYSTEM_ACCESSTOKEN
 * mapped into the step, AzurePipelinesCredential exchanges the pipeline's OIDC token for the
 * connection's identity (no secret anywhere). Elsewhere DefaultAzureCredential (az login,
 * environment, managed identity).
 */
export function credentialFromEnv(env: NodeJS.ProcessEnv): { credential: TokenCredential; kind: string } {
  const identity = require("@azure/identity") as typeof import("@azure/identity");
  const { AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: connection, AZURESUBSCRIPTION_CLIENT_ID: clientId, AZURESUBSCRIPTION_TENANT_ID: tenantId, SYSTEM_ACCESSTOKEN: token } = env;
  if (connection && clientId && tenantId && token) {
    return { credential: new identity.AzurePipelinesCredential(tenantId, clientId, connection, token), kind: "AzurePipelinesCredential (service connection)" };
  }
  return { credential: new identity.DefaultAzureCredential(), kind: "DefaultAzureCredential" };
}

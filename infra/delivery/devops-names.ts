/**
 * The names that tie the Azure DevOps objects the program creates to the pipelines that use them.
 * A pipeline that names an environment the program does not create would get one Azure DevOps
 * makes on the fly, with no checks — so both sides read this module, and a test keeps the YAML
 * consistent with it. Pure data: no Pulumi imports.
 */

/** Per-stack Azure DevOps object names, from the stack's environment code (e.g. "prod"). */
export function environmentObjectNames(environment: string) {
  return {
    /** Azure DevOps environment that deployment jobs bind to (carries the approvals and checks). */
    environment: `pinecone-${environment}`,
    /** Workload-identity-federated AzureRM service connection of the deploy identity (`pulumi up`, releases). */
    azureServiceConnection: `azure-pinecone-${environment}`,
    /** Read-only service connection of the preview identity (PR previews, drift): never the deploy one. */
    previewServiceConnection: `azure-pinecone-${environment}-preview`,
    /** Variable group with the platform's non-secret facts (PLATFORM_VARIABLES). */
    settingsVariableGroup: `pinecone-${environment}-settings`,
    /** Variable group linked to the stack's Key Vault (VAULT_SECRET_NAMES). */
    secretsVariableGroup: `pinecone-${environment}-secrets`,
    /** Incoming-webhook service connection and its WebHook name, for the rollback trigger. */
    rollbackWebhook: `pinecone-${environment}-alert-hook`,
  } as const;
}

/**
 * Name of a private stack's Managed DevOps Pool, which is also the Azure DevOps agent pool the
 * pipelines name in `pool: name:`. Globally unique across Azure, hence the stack's unique suffix.
 */
export function agentPoolName(n: { readonly workload: string; readonly environment: string; readonly uniqueSuffix: string }): string {
  return `mdp-${n.workload}-${n.environment}-${n.uniqueSuffix}`;
}

/** The Microsoft-hosted image public stacks run on (the pool's agents use the same image). */
export const MICROSOFT_HOSTED_IMAGE = "ubuntu-24.04";

/** Where a stack's pipeline jobs run: its own pool when private, Microsoft-hosted otherwise. */
export type PipelinePool = { readonly kind: "managed"; readonly name: string } | { readonly kind: "microsoft-hosted"; readonly vmImage: string };

export function pipelinePool(stack: { readonly privateNetwork: boolean; readonly workload: string; readonly environment: string; readonly uniqueSuffix: string }): PipelinePool {
  return stack.privateNetwork ? { kind: "managed", name: agentPoolName(stack) } : { kind: "microsoft-hosted", vmImage: MICROSOFT_HOSTED_IMAGE };
}

/** Generated variables template (one `agentPool.<environment>` per stack) the pipelines read at expansion time. */
export const PIPELINE_STACKS_TEMPLATE_PATH = "pipelines/templates/stacks.yml";

/** Variables of the settings group: what the pipelines need to find the stack's resources. */
export const PLATFORM_VARIABLES = [
  "AZURE_SUBSCRIPTION_ID",
  "AZURE_RESOURCE_GROUP",
  "WEBAPP_NAME",
  "STAGING_SLOT",
  "ACR_NAME",
  "ACR_LOGIN_SERVER",
  "IMAGE_REPOSITORY",
  "HEALTH_PATH",
  "APPINSIGHTS_NAME",
  "KEYVAULT_NAME",
  "POST_SWAP_WATCH_MINUTES",
  /** The stack's release freezes (`releaseFreezes` entries joined by ";", or "none"): freeze-gate.sh reads them. */
  "RELEASE_FREEZES",
  // Space-separated names of the alert rules that mean "roll back" (rollbackAlertRuleNames).
  "ROLLBACK_ALERT_RULES",
  // Resource group of the web app: the stack's own, or the host's when the app is a slot on another stack's app.
  "WEBAPP_RESOURCE_GROUP",
  // How a release lands: "swap" (staging slot, then swap into production) or "direct" (straight into
  // the stack's slot on a host's app; the swap and traffic scripts refuse to run).
  "RELEASE_SHAPE",
] as const;

/** Key Vault secret names per secret config key; the variable group links exactly these. */
export const VAULT_SECRET_NAMES = {
  erpDatabaseConnectionString: "ConnectionStrings--Erp",
  erpJwtSigningKey: "Auth--JwtSigningKey",
  alertWebhookUrl: "Notifications--WebhookUrl",
} as const;

/** Pipelines of this repository and the application delivery pipeline, all YAML under pipelines/. */
export const PIPELINE_DEFINITIONS = {
  appDelivery: { name: "pinecone-pro-delivery", path: "pipelines/app-delivery.yml" },
  infraPreview: { name: "pinecone-delivery-preview", path: "pipelines/infra-preview.yml" },
  infraDeploy: { name: "pinecone-delivery-deploy", path: "pipelines/infra-deploy.yml" },
  infraDrift: { name: "pinecone-delivery-drift", path: "pipelines/infra-drift.yml" },
  rollback: { name: "pinecone-pro-rollback", path: "pipelines/rollback.yml" },
  toolsPin: { name: "pinecone-delivery-tools-pin", path: "pipelines/tools-pin.yml" },
} as const;

export type PipelineKey = keyof typeof PIPELINE_DEFINITIONS;

/** The template production deployments must extend (required-template check). */
export const DELIVERY_TEMPLATE_PATH = "pipelines/templates/app-delivery.yml";
/**
 * Refs of DELIVERY_TEMPLATE_PATH the required-template check admits: main (this repository's own
 * app pipeline runs it from main) and the tag application pipelines pin
 * (pipelines/examples/azure-pipelines.yml). Moving the tag is a reviewed change here.
 */
export const DELIVERY_TEMPLATE_REFS = ["refs/heads/main", "refs/tags/delivery-templates-v1"] as const;
/** The template infra-deploy.yml extends, admitted by the same check so `pulumi up` reaches protected environments. */
export const INFRA_DEPLOY_TEMPLATE_PATH = "pipelines/templates/infra-deploy.yml";
/** Ref INFRA_DEPLOY_TEMPLATE_PATH is admitted from (infra-deploy runs from main only). */
export const INFRA_DEPLOY_TEMPLATE_REF = "refs/heads/main";
/** Azure DevOps folder of the build definitions. */
export const PIPELINE_FOLDER = "\\pinecone";

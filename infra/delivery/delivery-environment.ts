/**
 * DeliveryEnvironment: everything Azure DevOps needs to deploy to one stack, and nothing shared
 * between stacks. Every stack has one.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as azuredevops from "../azuredevops";
import { constrainRolesCondition, customRoleAssignment, delegableRoleGuids, LOCK_OPERATOR_ACTIONS, roleAssignment, stableGuid } from "../guardrails/role-assignments";
import {
  ApprovalArgs,
  BusinessHoursArgs,
  branchProtectionVerifiable,
  checkArgProblems,
  createEnvironmentChecks,
  RequiredTemplateArgs,
} from "./checks";
import { environmentObjectNames, PipelineKey, PIPELINE_DEFINITIONS, PLATFORM_VARIABLES, VAULT_SECRET_NAMES } from "./devops-names";

export type { ApprovalArgs, BusinessHoursArgs, RequiredTemplateArgs, Weekday } from "./checks";

export type PlatformVariable = (typeof PLATFORM_VARIABLES)[number];

/** The Azure DevOps objects of one environment that pipelines must be authorized to use. */
export type DeliveryResourceKey =
  | "environment"
  | "azureServiceConnection"
  | "previewServiceConnection"
  | "settingsVariableGroup"
  | "secretsVariableGroup"
  | "rollbackWebhook";

/**
 * Which pipeline may use which object (PipelineAuthorization per pair, nothing project-wide):
 * - appDelivery deploys through the environment (its checks), with the service connection, the
 *   settings and the Key Vault secrets.
 * - infraDeploy runs `pulumi up` as a deployment job through the environment (design: "dev → qa →
 *   uat → prod through the environments"), so it is gated by the same checks; it reads settings
 *   only: secrets reach Pulumi as secret config, not as pipeline variables.
 * - infraPreview runs pull-request code: it gets the read-only preview connection only, never the
 *   deploy one (whose branch control would refuse refs/pull/* anyway). No environment.
 * - infraDrift only reads (a refresh preview): the read-only preview connection, like the PR
 *   previews. No environment, so its runs are never held by approvals and never take the lock.
 * - rollback is triggered by the incoming webhook and swaps back with the service connection; it
 *   deliberately does NOT bind to the environment, so approvals and release windows cannot delay
 *   restoring service. It re-checks the alert with Azure before acting (the webhook is
 *   unauthenticated), which needs the settings group; the secrets group carries the notification
 *   webhook URL it reports to.
 */
export const PIPELINE_AUTHORIZATIONS: Readonly<Record<PipelineKey, readonly DeliveryResourceKey[]>> = {
  appDelivery: ["environment", "azureServiceConnection", "settingsVariableGroup", "secretsVariableGroup"],
  infraPreview: ["previewServiceConnection", "settingsVariableGroup"],
  infraDeploy: ["environment", "azureServiceConnection", "settingsVariableGroup"],
  infraDrift: ["previewServiceConnection", "settingsVariableGroup"],
  rollback: ["rollbackWebhook", "azureServiceConnection", "settingsVariableGroup", "secretsVariableGroup"],
  // tools-pin downloads public releases and pushes a branch with the job token: no Azure access.
  toolsPin: [],
};

/** What an application pipeline of another repository (extending the delivery template) uses: as appDelivery. */
export const APPLICATION_PIPELINE_AUTHORIZATIONS: readonly DeliveryResourceKey[] = PIPELINE_AUTHORIZATIONS.appDelivery;

/** PipelineAuthorization `type` per object. */
export const AUTHORIZATION_TYPE: Readonly<Record<DeliveryResourceKey, string>> = {
  environment: "environment",
  azureServiceConnection: "endpoint",
  previewServiceConnection: "endpoint",
  rollbackWebhook: "endpoint",
  settingsVariableGroup: "variablegroup",
  secretsVariableGroup: "variablegroup",
};

/** Audience Entra ID expects in tokens exchanged for a federated credential. */
export const FEDERATION_AUDIENCE = "api://AzureADTokenExchange";
/** HTTP header that carries the HMAC-SHA1 of the body when the webhook has a secret (Azure DevOps' default). */
export const DEFAULT_WEBHOOK_HEADER = "X-Hub-Signature";
/** The one (non-secret) variable of a private stack's secrets group: where the secrets come from instead. */
export const SECRETS_SOURCE_VARIABLE = "SECRETS_SOURCE";

/** The Azure side of the environment: where the pipeline identity lives and what it may touch. */
export interface DeliveryAzureArgs {
  readonly subscriptionId: pulumi.Input<string>;
  /** Display name of the subscription on the service connection. Default: the subscription id (Azure DevOps only displays it). */
  readonly subscriptionName?: pulumi.Input<string>;
  readonly tenantId: pulumi.Input<string>;
  /** ARM id of the stack's resource group: Contributor scope. */
  readonly resourceGroupId: pulumi.Input<string>;
  /** Resource group that holds the pipeline identity. */
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: pulumi.Input<string>;
  /** ARM id of the stack's container registry: AcrPush scope. */
  readonly registryId: pulumi.Input<string>;
  /** ARM id of the stack's Key Vault: Key Vault Secrets Officer scope. Default: no vault grant (give it when the vault uses RBAC in this stack). */
  readonly vaultId?: pulumi.Input<string>;
  /** ARM id of the stack's Application Insights: Monitoring Metrics Publisher, so the pipelines can write the release events the DORA workbook reads while local auth is off. Default: no grant. */
  readonly appInsightsId?: pulumi.Input<string>;
  /** Name of the stack's Key Vault, linked by the secrets variable group. */
  readonly vaultName: pulumi.Input<string>;
  /** Azure name of the pipeline's user-assigned identity, e.g. `id-pcpro-prod-pipeline`. */
  readonly identityName: pulumi.Input<string>;
  /** Azure name of the read-only preview identity, e.g. `id-pcpro-prod-preview`. */
  readonly previewIdentityName: pulumi.Input<string>;
}

export interface DeliveryEnvironmentArgs {
  /**
   * Environment code, e.g. "prod". Every Azure DevOps name comes from it through
   * `environmentObjectNames` (the contract with the pipelines' YAML). Plain: it names objects.
   */
  readonly environmentCode: string;
  /** `https://dev.azure.com/<organization>`: base of the rollback webhook URL. */
  readonly organizationUrl: pulumi.Input<string>;
  /** Azure DevOps project id (GUID, from getProject). */
  readonly projectId: pulumi.Input<string>;
  readonly azure: DeliveryAzureArgs;
  /**
   * The deploy identity may manage delete locks in the resource group (a custom role with only the
   * lock actions, defined at and assignable to the group): for stacks that lock stateful resources.
   * Default: false.
   */
  readonly manageLocks?: boolean;
  /**
   * Principal id of the NEXT stack's deploy identity, which imports images from this stack's
   * registry (Container Registry Data Importer and Data Reader here). Default: nobody imports from here.
   */
  readonly promotionTargetPrincipalId?: pulumi.Input<string>;
  /**
   * The deploy identity signs images with a certificate in this vault (Notation's Key Vault plugin):
   * Crypto User (sign), Certificate User (read the self-signed certificate), Certificates Officer
   * (create it once; azure-native has no data-plane certificate resource). Needs vaultId. Default: false.
   */
  readonly signsImages?: boolean;
  /** Default: no approval check (deployments run without approval). */
  readonly approvals?: ApprovalArgs;
  /**
   * Create the Key-Vault-linked secrets variable group. Azure DevOps reads such a group from its own
   * service, which a vault that denies public traffic refuses (the AzureServices bypass does not
   * cover it). Private stacks set false: the group keeps its name (the pipelines' `group:` line is
   * static) but holds no vault link, and their pipelines read the secrets with the AzureKeyVault@2
   * task on the stack's Managed DevOps Pool, inside the VNet, through the same service connection
   * (pipelines/templates/stacks.yml tells the templates which stacks). Default: true.
   */
  readonly vaultLinkedSecrets?: boolean;
  /** Default: no release window (deployments may start at any time). */
  readonly businessHours?: BusinessHoursArgs;
  /**
   * Full refs a run must come from, e.g. `refs/heads/main`, `refs/tags/release/*`. Plain: the
   * branch-protection default is derived from them. Default: [] (no branch-control check).
   */
  readonly allowedBranches?: readonly string[];
  /**
   * Whether the branch-control check also requires the ref to be protected by branch policies.
   * Default: true only when every allowed ref is one exact branch (tags and wildcards cannot carry
   * branch policies, so verifying them would reject every run from them).
   */
  readonly verifyBranchProtection?: boolean;
  /** One deployment at a time per environment. Default: true. */
  readonly exclusiveLock?: boolean;
  /**
   * Templates runs must extend to deploy here (production: this repo's DELIVERY_TEMPLATE_PATH on
   * refs/heads/main). A run passes when it extends one of them. Default: [] (no check).
   */
  readonly requiredTemplates?: readonly RequiredTemplateArgs[];
  /** Values of the settings variable group, one per PLATFORM_VARIABLES name; no defaults possible. */
  readonly platformVariables: Readonly<Record<PlatformVariable, pulumi.Input<string>>>;
  /**
   * Build definition id per pipeline (numeric, or the numeric string `BuildDefinition.id` is),
   * for the authorizations in PIPELINE_AUTHORIZATIONS.
   */
  readonly pipelineIds: Readonly<Record<PipelineKey, pulumi.Input<number | string>>>;
  /**
   * Build definition ids of application pipelines in other repositories (stable key → id), each
   * authorised like appDelivery (APPLICATION_PIPELINE_AUTHORIZATIONS). Default: {}.
   */
  readonly applicationPipelineIds?: Readonly<Record<string, pulumi.Input<number | string>>>;
  /**
   * Secret of the rollback webhook: Azure DevOps then requires an HMAC-SHA1 of the body in
   * `rollbackWebhookHeader`. Azure Monitor cannot compute it, so only set this when a signing relay
   * sits in between. Default: no secret (the rollback pipeline re-validates the alert with Azure).
   */
  readonly rollbackWebhookSecret?: pulumi.Input<string>;
  /** Header carrying the checksum; only with `rollbackWebhookSecret`. Default: "X-Hub-Signature" when a secret is given. */
  readonly rollbackWebhookHeader?: pulumi.Input<string>;
  /** Tags of the Azure resources. Default: none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

const ENVIRONMENT_CODE = /^[a-z0-9][a-z0-9-]{0,19}$/;

/**
 * One stack's delivery environment in Azure DevOps, and the Azure identity its pipelines use.
 *
 * The service connection uses manual workload identity federation: a user-assigned identity this
 * component owns, a federated credential that trusts the connection's issuer/subject, no secret
 * anywhere. (Automatic federation, where Azure DevOps creates an app registration, fails in several
 * setups: microsoft/terraform-provider-azuredevops#1068, #1052.)
 */
export class DeliveryEnvironment extends pulumi.ComponentResource {
  /** Azure DevOps environment id (numeric string). */
  public readonly environmentId: pulumi.Output<string>;
  /** Id of the AzureRM (workload identity) service connection. */
  public readonly serviceConnectionId: pulumi.Output<string>;
  /** Id of the incoming-webhook service connection. */
  public readonly webhookServiceConnectionId: pulumi.Output<string>;
  /** ARM id of the pipeline identity. */
  public readonly identityId: pulumi.Output<string>;
  public readonly identityClientId: pulumi.Output<string>;
  public readonly identityPrincipalId: pulumi.Output<string>;
  /** The read-only preview identity and its service connection. */
  public readonly previewIdentityClientId: pulumi.Output<string>;
  public readonly previewIdentityPrincipalId: pulumi.Output<string>;
  public readonly previewServiceConnectionId: pulumi.Output<string>;
  /** Variable group ids (numeric strings). */
  public readonly variableGroupIds: { readonly settings: pulumi.Output<string>; readonly secrets: pulumi.Output<string> };
  /** URL an alert posts to in order to trigger the rollback pipeline. */
  public readonly webhookUrl: pulumi.Output<string>;
  /** The Azure DevOps names used (the contract with the pipelines). */
  public readonly names: ReturnType<typeof environmentObjectNames>;

  constructor(name: string, args: DeliveryEnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validated before super(): a bad combination registers nothing, not even this component.
    const allowedBranches = args.allowedBranches ?? [];
    const verifyBranchProtection = args.verifyBranchProtection ?? branchProtectionVerifiable(allowedBranches);
    const requiredTemplates = args.requiredTemplates ?? [];
    validate(name, args, allowedBranches);

    super("pinecone:delivery:DeliveryEnvironment", name, {}, opts);
    const parent = { parent: this };
    const names = environmentObjectNames(args.environmentCode);
    const az = args.azure;

    // --- Azure: the identity the pipelines act as, and what it may do -------------------------
    const identity = new managedidentity.UserAssignedIdentity(
      `${name}-identity`,
      { resourceName: az.identityName, resourceGroupName: az.resourceGroupName, location: az.location, tags: args.tags },
      parent,
    );
    // Every grant of this identity, and why, is in the README ("Who may do what"). Contributor on
    // the stack's resource group: `pulumi up` manages the stack's resources.
    roleAssignment(`${name}-rg-contributor`, { scope: az.resourceGroupId, principalId: identity.principalId, role: "Contributor" }, this);
    // `pulumi up` writes the stack's role assignments, which Contributor may not: RBAC Administrator,
    // constrained (ABAC) to the roles the program assigns, never the owner-only ones.
    roleAssignment(
      `${name}-rg-rbac-admin`,
      { scope: az.resourceGroupId, principalId: identity.principalId, role: "RoleBasedAccessControlAdministrator", condition: constrainRolesCondition(delegableRoleGuids()) },
      this,
    );
    if (args.manageLocks) {
      // Delete locks: only Owner and User Access Administrator carry the lock actions among built-in
      // roles, so a custom role with exactly those, assignable only to this resource group.
      const lockRoleGuid = pulumi.output(az.resourceGroupId).apply((rg) => stableGuid(`${rg}|lock-operator`));
      const lockRole = new authorization.RoleDefinition(
        `${name}-lock-operator-role`,
        {
          scope: az.resourceGroupId,
          roleDefinitionId: lockRoleGuid,
          roleName: pulumi.interpolate`Lock operator (${az.resourceGroupName})`,
          description: "Reads, writes and deletes management locks in one resource group (pinecone-delivery deploy identity).",
          roleType: "CustomRole",
          permissions: [{ actions: [...LOCK_OPERATOR_ACTIONS], notActions: [], dataActions: [], notDataActions: [] }],
          assignableScopes: [az.resourceGroupId],
        },
        parent,
      );
      customRoleAssignment(
        `${name}-rg-lock-operator`,
        { scope: az.resourceGroupId, principalId: identity.principalId, roleGuid: lockRoleGuid, description: `Lock operator for ${name} (pinecone-delivery)`, dependsOn: [lockRole] },
        this,
      );
    }
    // AcrPush explicitly: the push grant must not hang on Contributor, which may be narrowed, and
    // registries with repository-scoped (ABAC) permissions honour only data-plane roles.
    roleAssignment(`${name}-acr-push`, { scope: az.registryId, principalId: identity.principalId, role: "AcrPush" }, this);
    // `az acr import` needs Container Registry Data Importer and Data Reader on the target (here)
    // AND on the source (granted by the previous stack, below for the next one).
    roleAssignment(`${name}-acr-import`, { scope: az.registryId, principalId: identity.principalId, role: "ContainerRegistryDataImporter" }, this);
    if (args.promotionTargetPrincipalId !== undefined) {
      roleAssignment(`${name}-acr-import-next`, { scope: az.registryId, principalId: args.promotionTargetPrincipalId, role: "ContainerRegistryDataImporter" }, this);
    }
    // Secrets are written and deleted through the vault's data plane, which Contributor does not reach.
    const vaultGrant =
      az.vaultId === undefined
        ? undefined
        : roleAssignment(`${name}-vault-secrets-officer`, { scope: az.vaultId, principalId: identity.principalId, role: "KeyVaultSecretsOfficer" }, this);
    if (args.signsImages && az.vaultId !== undefined) {
      // Notation's azure-kv plugin signs with the certificate's key and reads the (self-signed)
      // certificate; the certificate is created once from the pipeline (no azure-native resource).
      roleAssignment(`${name}-vault-crypto-user`, { scope: az.vaultId, principalId: identity.principalId, role: "KeyVaultCryptoUser" }, this);
      roleAssignment(`${name}-vault-certificate-user`, { scope: az.vaultId, principalId: identity.principalId, role: "KeyVaultCertificateUser" }, this);
      roleAssignment(`${name}-vault-certificates-officer`, { scope: az.vaultId, principalId: identity.principalId, role: "KeyVaultCertificatesOfficer" }, this);
    }

    if (az.appInsightsId !== undefined) {
      roleAssignment(`${name}-telemetry-publisher`, { scope: az.appInsightsId, principalId: identity.principalId, role: "MonitoringMetricsPublisher" }, this);
    }

    // --- Azure: the preview identity (pull-request previews run code the PR author controls) -----
    const previewIdentity = new managedidentity.UserAssignedIdentity(
      `${name}-preview-identity`,
      { resourceName: az.previewIdentityName, resourceGroupName: az.resourceGroupName, location: az.location, tags: args.tags },
      parent,
    );
    // Reader on the stack's resource group: `pulumi preview --refresh` reads every resource of the
    // stack through ARM. Nothing that writes, no data-plane role: state (lock, read) and the secrets
    // provider key (decrypt) are granted by the bootstrap, outside this program.
    roleAssignment(`${name}-preview-rg-reader`, { scope: az.resourceGroupId, principalId: previewIdentity.principalId, role: "Reader" }, this);

    // --- Azure DevOps: the service connection and its federation --------------------------------
    const serviceConnection = new azuredevops.ServiceEndpointAzureRM(
      `${name}-service-connection`,
      {
        projectId: args.projectId,
        serviceEndpointName: names.azureServiceConnection,
        description: `Workload identity federation as ${names.azureServiceConnection} (managed by Pulumi; no secret)`,
        serviceEndpointAuthenticationScheme: "WorkloadIdentityFederation",
        // Manual federation: the client id only. No serviceprincipalkey/certificate, by design.
        credentials: { serviceprincipalid: identity.clientId },
        azurermSpnTenantid: az.tenantId,
        azurermSubscriptionId: az.subscriptionId,
        azurermSubscriptionName: az.subscriptionName ?? az.subscriptionId,
        // No resourceGroup: it only scopes automatic creation, and is replace-on-change; the role
        // assignments above are what limit the identity.
      },
      parent,
    );
    // Consumes the connection's issuer/subject, so Pulumi deletes it before the connection: Azure
    // DevOps refuses to delete a connection whose identity still has the credential
    // (microsoft/terraform-provider-azuredevops#1131). The subject contains the connection name,
    // which is why that name comes from the shared names contract and never changes casually.
    const federation = new managedidentity.FederatedIdentityCredential(
      `${name}-federation`,
      {
        resourceGroupName: az.resourceGroupName,
        resourceName: identity.name,
        federatedIdentityCredentialResourceName: `azure-devops-${names.azureServiceConnection}`,
        issuer: serviceConnection.workloadIdentityFederationIssuer,
        subject: serviceConnection.workloadIdentityFederationSubject,
        audiences: [FEDERATION_AUDIENCE],
      },
      parent,
    );

    const previewConnection = new azuredevops.ServiceEndpointAzureRM(
      `${name}-preview-connection`,
      {
        projectId: args.projectId,
        serviceEndpointName: names.previewServiceConnection,
        description: `Read-only workload identity federation as ${names.previewServiceConnection} for pull-request previews (managed by Pulumi; no secret)`,
        serviceEndpointAuthenticationScheme: "WorkloadIdentityFederation",
        credentials: { serviceprincipalid: previewIdentity.clientId },
        azurermSpnTenantid: az.tenantId,
        azurermSubscriptionId: az.subscriptionId,
        azurermSubscriptionName: az.subscriptionName ?? az.subscriptionId,
      },
      parent,
    );
    new managedidentity.FederatedIdentityCredential(
      `${name}-preview-federation`,
      {
        resourceGroupName: az.resourceGroupName,
        resourceName: previewIdentity.name,
        federatedIdentityCredentialResourceName: `azure-devops-${names.previewServiceConnection}`,
        issuer: previewConnection.workloadIdentityFederationIssuer,
        subject: previewConnection.workloadIdentityFederationSubject,
        audiences: [FEDERATION_AUDIENCE],
      },
      parent,
    );
    if (allowedBranches.length > 0) {
      // Branch control on the deploy connection itself, not only on the environment: a job that
      // names the connection without the environment (a preview, a hand-edited pipeline from a PR
      // branch) is refused unless it runs from an allowed ref.
      new azuredevops.CheckBranchControl(
        `${name}-service-connection-branch-control`,
        {
          projectId: args.projectId,
          targetResourceId: serviceConnection.id,
          targetResourceType: "endpoint",
          displayName: "Allowed refs",
          allowedBranches: allowedBranches.join(", "),
          verifyBranchProtection,
          ignoreUnknownProtectionStatus: false,
        },
        parent,
      );
    }

    // --- The environment and its checks ---------------------------------------------------------
    const environment = new azuredevops.Environment(
      `${name}-environment`,
      { projectId: args.projectId, name: names.environment, description: `Deployments to ${args.environmentCode} (managed by Pulumi)` },
      parent,
    );
    createEnvironmentChecks(
      name,
      {
        projectId: args.projectId,
        environmentId: environment.id,
        environmentName: names.environment,
        approvals: args.approvals,
        businessHours: args.businessHours,
        allowedBranches,
        verifyBranchProtection,
        exclusiveLock: args.exclusiveLock ?? true,
        requiredTemplates,
      },
      this,
    );

    // --- Variable groups -----------------------------------------------------------------------
    const settings = new azuredevops.VariableGroup(
      `${name}-settings`,
      {
        projectId: args.projectId,
        name: names.settingsVariableGroup,
        description: `Non-secret facts about the ${args.environmentCode} stack (managed by Pulumi)`,
        // Only the pipelines in PIPELINE_AUTHORIZATIONS, never every pipeline of the project.
        allowAccess: false,
        variables: PLATFORM_VARIABLES.map((v) => ({ name: v, value: args.platformVariables[v], isSecret: false })),
      },
      parent,
    );
    const vaultLinkedSecrets = args.vaultLinkedSecrets ?? true;
    const secrets = new azuredevops.VariableGroup(
      `${name}-secrets`,
      vaultLinkedSecrets
        ? {
            projectId: args.projectId,
            name: names.secretsVariableGroup,
            description: `Secrets of the ${args.environmentCode} stack, read from Key Vault at run time (managed by Pulumi)`,
            allowAccess: false,
            keyVault: { name: az.vaultName, serviceEndpointId: serviceConnection.id },
            // A Key Vault-linked group names the secrets only; values stay in the vault.
            variables: Object.values(VAULT_SECRET_NAMES).map((secretName) => ({ name: secretName })),
          }
        : {
            // Same name, so the pipelines' `group:` line stays static; no vault link and no secret:
            // it only says where the secrets come from instead.
            projectId: args.projectId,
            name: names.secretsVariableGroup,
            description: `The ${args.environmentCode} stack's secrets are read by the AzureKeyVault@2 task on its Managed DevOps Pool (the vault denies the Azure DevOps service) (managed by Pulumi)`,
            allowAccess: false,
            variables: [{ name: SECRETS_SOURCE_VARIABLE, value: "AzureKeyVault@2 on the stack's Managed DevOps Pool", isSecret: false }],
          },
      // Azure DevOps reads the vault through the connection when the group is saved: the
      // federation and the vault grant must exist first (neither is an input of the group).
      { parent: this, dependsOn: vaultGrant ? [federation, vaultGrant] : [federation] },
    );

    // One slot swap at a time per stack. The release's deploy stages and the rollback runs are the only
    // stages that use this group (PIPELINE_AUTHORIZATIONS), so an exclusive lock on it, with
    // `lockBehavior: sequential` in both stage templates, queues a rollback run behind a running
    // release and behind another rollback run (one incident posts its 5xx and health alerts), instead
    // of two runs both reading "production runs the bad release" and both swapping. The environment's
    // own lock cannot do it: the rollback deliberately does not bind to the environment.
    new azuredevops.CheckExclusiveLock(
      `${name}-swap-lock`,
      { projectId: args.projectId, targetResourceId: secrets.id, targetResourceType: "variablegroup" },
      parent,
    );

    // --- Rollback webhook --------------------------------------------------------------------------
    const webhook = new azuredevops.ServiceendpointIncomingwebhook(
      `${name}-rollback-webhook`,
      {
        projectId: args.projectId,
        serviceEndpointName: names.rollbackWebhook,
        webhookName: names.rollbackWebhook,
        description: `Alert webhook that triggers the rollback pipeline for ${args.environmentCode} (managed by Pulumi)`,
        // Wrapped here as well as in the binding, so secrecy does not depend on the binding's version.
        secret: args.rollbackWebhookSecret === undefined ? undefined : pulumi.secret(args.rollbackWebhookSecret),
        httpHeader: args.rollbackWebhookSecret === undefined ? undefined : (args.rollbackWebhookHeader ?? DEFAULT_WEBHOOK_HEADER),
      },
      parent,
    );

    // --- Pipeline authorizations (data table above) ------------------------------------------------
    const resourceIds: Record<DeliveryResourceKey, pulumi.Output<string>> = {
      environment: environment.id,
      azureServiceConnection: serviceConnection.id,
      previewServiceConnection: previewConnection.id,
      settingsVariableGroup: settings.id,
      secretsVariableGroup: secrets.id,
      rollbackWebhook: webhook.id,
    };
    for (const pipeline of Object.keys(PIPELINE_AUTHORIZATIONS) as PipelineKey[]) {
      const pipelineId = numericPipelineId(name, pipeline, args.pipelineIds[pipeline]);
      for (const resource of PIPELINE_AUTHORIZATIONS[pipeline]) {
        const resourceId = resourceIds[resource] as pulumi.Output<string>;
        new azuredevops.PipelineAuthorization(
          `${name}-authorize-${pipeline}-${resource}`,
          { projectId: args.projectId, type: AUTHORIZATION_TYPE[resource], resourceId, pipelineId },
          parent,
        );
      }
    }
    for (const [key, id] of Object.entries(args.applicationPipelineIds ?? {})) {
      const pipelineId = numericPipelineId(name, key, id);
      for (const resource of APPLICATION_PIPELINE_AUTHORIZATIONS) {
        new azuredevops.PipelineAuthorization(
          `${name}-authorize-app-${key}-${resource}`,
          { projectId: args.projectId, type: AUTHORIZATION_TYPE[resource], resourceId: resourceIds[resource], pipelineId },
          parent,
        );
      }
    }

    this.names = names;
    this.environmentId = environment.id;
    this.serviceConnectionId = serviceConnection.id;
    this.webhookServiceConnectionId = webhook.id;
    this.identityId = identity.id;
    this.identityClientId = identity.clientId;
    this.identityPrincipalId = identity.principalId;
    this.previewIdentityClientId = previewIdentity.clientId;
    this.previewIdentityPrincipalId = previewIdentity.principalId;
    this.previewServiceConnectionId = previewConnection.id;
    this.variableGroupIds = { settings: settings.id, secrets: secrets.id };
    this.webhookUrl = pulumi
      .output(args.organizationUrl)
      .apply((url) => `${url.replace(/\/+$/, "")}/_apis/public/distributedtask/webhooks/${names.rollbackWebhook}?api-version=6.0-preview`);
    this.registerOutputs({
      environmentId: this.environmentId,
      serviceConnectionId: this.serviceConnectionId,
      webhookServiceConnectionId: this.webhookServiceConnectionId,
      identityId: this.identityId,
      identityClientId: this.identityClientId,
      identityPrincipalId: this.identityPrincipalId,
      previewIdentityClientId: this.previewIdentityClientId,
      previewIdentityPrincipalId: this.previewIdentityPrincipalId,
      previewServiceConnectionId: this.previewServiceConnectionId,
      variableGroupIds: this.variableGroupIds,
      webhookUrl: this.webhookUrl,
      names,
    });
  }
}

/** Build definition ids arrive as numbers or numeric strings; PipelineAuthorization wants an integer. */
function numericPipelineId(component: string, pipeline: string, id: pulumi.Input<number | string>): pulumi.Output<number> {
  return pulumi.output(id).apply((value) => {
    const n = typeof value === "number" ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n <= 0) {
      throw new Error(`DeliveryEnvironment ${component}: pipelineIds.${pipeline} must be a build definition id (a positive integer); got ${JSON.stringify(value)}`);
    }
    return n;
  });
}

function validate(name: string, args: DeliveryEnvironmentArgs, allowedBranches: readonly string[]): void {
  const problems: string[] = [];
  if (!ENVIRONMENT_CODE.test(args.environmentCode)) {
    problems.push(`environmentCode is "${args.environmentCode}"; expected 1-20 lowercase letters, digits or hyphens (it names every Azure DevOps object)`);
  }
  problems.push(...checkArgProblems({ approvals: args.approvals, businessHours: args.businessHours, allowedBranches, verifyBranchProtection: false, exclusiveLock: true, requiredTemplates: [] }));
  if (args.verifyBranchProtection === true && allowedBranches.length === 0) {
    problems.push("verifyBranchProtection (true) conflicts with allowedBranches (empty): there is no branch-control check to verify with");
  }
  if (args.rollbackWebhookHeader !== undefined && args.rollbackWebhookSecret === undefined) {
    problems.push("rollbackWebhookHeader is set but rollbackWebhookSecret is not: the header carries the checksum computed with the secret");
  }
  if (args.signsImages && args.azure.vaultId === undefined) {
    problems.push("signsImages (true) conflicts with azure.vaultId (not set): the signing certificate and its grants live in the stack's vault");
  }
  for (const key of Object.keys(args.applicationPipelineIds ?? {})) {
    if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/.test(key)) problems.push(`applicationPipelineIds has key "${key}"; expected 1-63 letters, digits or hyphens (it names child resources)`);
  }
  const variables = Object.keys(args.platformVariables ?? {});
  const missing = PLATFORM_VARIABLES.filter((v) => !variables.includes(v));
  const unknown = variables.filter((v) => !(PLATFORM_VARIABLES as readonly string[]).includes(v));
  if (missing.length) problems.push(`platformVariables lacks ${missing.join(", ")}; the pipelines read every PLATFORM_VARIABLES name`);
  if (unknown.length) problems.push(`platformVariables has ${unknown.join(", ")}, which are not in PLATFORM_VARIABLES (add them to devops-names.ts first)`);
  const pipelines = Object.keys(args.pipelineIds ?? {});
  const missingPipelines = (Object.keys(PIPELINE_DEFINITIONS) as PipelineKey[]).filter((p) => !pipelines.includes(p));
  if (missingPipelines.length) problems.push(`pipelineIds lacks ${missingPipelines.join(", ")}; PIPELINE_AUTHORIZATIONS authorizes every pipeline`);
  if (problems.length > 0) {
    throw new Error(`DeliveryEnvironment ${name}: ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was created:\n  - ${problems.join("\n  - ")}`);
  }
}

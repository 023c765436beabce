import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import * as azuredevops from "./azuredevops";
import { StackConfig, loadStackConfig } from "./config";
import { releaseFreezesVariable } from "./stack-config/freezes";
import { DeliveryEnvironment } from "./delivery/delivery-environment";
import { DeliveryPipelines, existingPipelineIds } from "./delivery/delivery-pipelines";
import { DELIVERY_TEMPLATE_PATH, DELIVERY_TEMPLATE_REFS, INFRA_DEPLOY_TEMPLATE_PATH, INFRA_DEPLOY_TEMPLATE_REF, VAULT_SECRET_NAMES } from "./delivery/devops-names";
import { AgentPool } from "./delivery/agent-pool";
import { deliveryIdentityNames } from "./naming";
import { AlertRules } from "./platform/alert-rules";
import { rollbackAlertRuleNames } from "./platform/alert-table";
import { AppHosting } from "./platform/app-hosting";
import { AppIdentities } from "./platform/app-identities";
import { HostedSlot } from "./platform/hosted-slot";
import { SlotGuest, SlotGuestAccess } from "./platform/slot-guest-access";
import { AppHostOutputs, readAppHost } from "./stack-references/app-host";
import { BootstrapImage } from "./platform/bootstrap-image";
import { BootstrapImageSource, ImportedBootstrapImage } from "./platform/bootstrap-image-import";
import { Network } from "./platform/network";
import { Observability } from "./platform/observability";
import { Registry } from "./platform/registry";
import { Vault } from "./platform/vault";

/** App settings the ERP reads, each a Key Vault reference to the secret of that config key. */
const KEY_VAULT_APP_SETTINGS = {
  ConnectionStrings__Erp: VAULT_SECRET_NAMES.erpDatabaseConnectionString,
  Auth__JwtSigningKey: VAULT_SECRET_NAMES.erpJwtSigningKey,
} as const;

/**
 * Composes the stack from its config: config → components → stack outputs. Components take typed
 * args and never read config themselves. Nothing here depends on the stack's name; differences
 * between stacks are config values.
 */
export function definePlatform(cfg: StackConfig, refs: StackReferences = {}) {
  const client = authorization.getClientConfigOutput();
  const tags = cfg.tags;
  const protect = cfg.protectStatefulResources;

  const resourceGroup = new resources.ResourceGroup("resource-group", {
    resourceGroupName: cfg.names.resourceGroup,
    location: cfg.location,
    tags,
  });
  const base = { resourceGroupName: resourceGroup.name, location: cfg.location, tags };

  // Identities first: the registry, vault and App Insights grant them roles before the app exists.
  const identities = new AppIdentities("app-identities", {
    ...base,
    namePrefix: `id-${cfg.values.workload}-${cfg.environment}`,
    // A slot on another stack's app runs as one identity of its own (identities never come from the host).
    slots: cfg.hosting.shape === "slot" ? [cfg.hosting.slotName] : ["production", cfg.appService.stagingSlotName],
  });
  const slotIdentity = (slot: string) => identities.identities[slot];

  const observability = new Observability("observability", {
    ...base,
    workspaceName: cfg.names.logAnalytics,
    appInsightsName: cfg.names.appInsights,
    logRetentionDays: cfg.monitoring.logRetentionDays,
    appInsightsRetentionDays: cfg.monitoring.appInsightsRetentionDays,
    browserTelemetry: cfg.monitoring.browserTelemetry,
    alertEmails: cfg.monitoring.alertEmails,
    notificationWebhookUrl: cfg.secrets.alertWebhookUrl,
    protect,
    telemetryPublisherPrincipalIds: identities.principalIds,
  });
  const workspaceId = observability.workspaceId;

  // The private network path (config: privateNetwork): VNet, subnets, NSGs and the privatelink zones.
  const net = cfg.network.private
    ? new Network("network", {
        ...base,
        vnetName: cfg.names.virtualNetwork,
        addressSpace: cfg.network.addressSpace,
        subnets: cfg.network.subnets,
        devopsInfrastructurePrincipalId: cfg.network.devopsInfrastructurePrincipalId,
        workspaceId,
        protect,
      })
    : undefined;
  const privateLink = (zone: "registry" | "vault") =>
    net ? { subnetId: net.subnetIds.privateEndpoints, dnsZoneId: net.dnsZoneIds[zone], endpointLocation: cfg.location } : undefined;

  const registry = new Registry("registry", {
    ...base,
    registryName: cfg.names.registry,
    sku: cfg.registry.sku,
    zoneRedundant: cfg.registry.zoneRedundant,
    geoReplicationLocations: cfg.registry.geoReplicationLocations,
    untaggedRetentionDays: cfg.registry.untaggedRetentionDays,
    exportEnabled: cfg.registry.isPromotionSource,
    pullerPrincipalIds: identities.principalIds,
    privateLink: privateLink("registry"),
    workspaceId,
    protect,
  });

  const vault = new Vault("vault", {
    ...base,
    vaultName: cfg.names.keyVault,
    tenantId: client.tenantId,
    sku: cfg.keyVault.sku,
    softDeleteRetentionDays: cfg.keyVault.softDeleteRetentionDays,
    purgeProtection: cfg.keyVault.purgeProtection,
    networkDefaultAction: cfg.keyVault.networkDefaultAction,
    allowedIpRanges: cfg.keyVault.allowedIpRanges,
    secrets: {
      [VAULT_SECRET_NAMES.erpDatabaseConnectionString]: cfg.secrets.erpDatabaseConnectionString,
      [VAULT_SECRET_NAMES.erpJwtSigningKey]: cfg.secrets.erpJwtSigningKey,
      [VAULT_SECRET_NAMES.alertWebhookUrl]: cfg.secrets.alertWebhookUrl,
    },
    readerPrincipalIds: identities.principalIds,
    officerPrincipalIds: { deployer: client.objectId },
    privateLink: privateLink("vault"),
    workspaceId,
    protect,
  });

  // A private registry refuses a push from outside its VNet, where a stack's first up runs: private
  // stacks import the promotion source's bootstrap image by digest instead (README, "First day").
  const bootstrapImage = refs.bootstrapSource
    ? new ImportedBootstrapImage("bootstrap-image", {
        targetRegistryId: registry.registryId,
        registryLoginServer: registry.loginServer,
        source: refs.bootstrapSource,
        repository: cfg.appService.imageRepository,
      }, { dependsOn: [registry] })
    : new BootstrapImage("bootstrap-image", {
        registryLoginServer: registry.loginServer,
        repository: cfg.appService.imageRepository,
        healthPath: cfg.appService.healthCheckPath,
      }, { dependsOn: [registry] });

  const keyVaultReferences = Object.fromEntries(
    Object.entries(KEY_VAULT_APP_SETTINGS).map(([setting, secret]) => [setting, vault.secretUris.apply((u) => u[secret])]),
  );
  const host = cfg.hosting.shape === "slot" ? requireAppHost(cfg, refs) : undefined;
  // Slot shape: the app is a slot on the host stack's web app (no plan, no autoscale of its own).
  const hostedSlot = cfg.hosting.shape === "slot" && host
    ? new HostedSlot("app-slot", {
        resourceGroupName: host.resourceGroupName,
        location: host.location,
        appName: host.webAppName,
        planId: host.planId,
        slotName: cfg.hosting.slotName,
        healthCheckPath: cfg.appService.healthCheckPath,
        containerPort: bootstrapImage.port,
        image: { loginServer: registry.loginServer, repository: cfg.appService.imageRepository, digest: bootstrapImage.digest },
        identity: slotIdentity(cfg.hosting.slotName),
        keyVaultReferences,
        appInsightsConnectionString: observability.appInsightsConnectionString,
        workspaceId,
        accessGrants: [registry, vault],
        tags,
      })
    : undefined;
  const app = hostedSlot ? undefined : new AppHosting("app", {
    ...base,
    planName: cfg.names.appServicePlan,
    appName: cfg.names.webApp,
    sku: cfg.appService.sku,
    skuTier: cfg.appService.skuTier,
    zoneRedundant: cfg.appService.zoneRedundant,
    autoscale: cfg.appService.autoscale,
    healthCheckPath: cfg.appService.healthCheckPath,
    stagingSlotName: cfg.appService.stagingSlotName,
    containerPort: bootstrapImage.port,
    image: { loginServer: registry.loginServer, repository: cfg.appService.imageRepository, digest: bootstrapImage.digest },
    identities: { production: slotIdentity("production"), staging: slotIdentity(cfg.appService.stagingSlotName) },
    keyVaultReferences,
    appInsightsConnectionString: observability.appInsightsConnectionString,
    vnetIntegration: net ? { subnetId: net.subnetIds.appIntegration } : undefined,
    workspaceId,
    // Pull and Key Vault reference resolution need the role grants in place before the app starts.
    accessGrants: [registry, vault],
  });


  // Stacks hosted as slots on this app (appSlotGuests): their deploy identities may operate slots, never swap.
  if (app && refs.slotGuests && refs.slotGuests.length > 0) {
    new SlotGuestAccess("slot-guests", { siteId: app.appId, siteName: app.appName, guests: refs.slotGuests });
  }

  // What the pipelines, alerts and outputs need of the app, in either hosting shape.
  const sites = hostedSlot && host
    ? {
        webAppName: pulumi.output(host.webAppName),
        appResourceGroupName: pulumi.output(host.resourceGroupName),
        releaseSlot: hostedSlot.slotName,
        siteId: hostedSlot.slotId,
        stagingSlotId: undefined,
        planId: undefined,
        hostNames: { production: hostedSlot.hostName },
        healthUrls: { production: hostedSlot.healthUrl },
        identityClientIds: { production: slotIdentity(hostedSlot.slotName).clientId },
      }
    : {
        webAppName: (app as AppHosting).appName,
        appResourceGroupName: resourceGroup.name,
        releaseSlot: cfg.appService.stagingSlotName,
        siteId: (app as AppHosting).appId,
        stagingSlotId: (app as AppHosting).stagingSlotId,
        planId: (app as AppHosting).planId,
        hostNames: { production: (app as AppHosting).defaultHostName, staging: (app as AppHosting).stagingHostName },
        healthUrls: (app as AppHosting).healthUrls,
        identityClientIds: { production: slotIdentity("production").clientId, staging: slotIdentity(cfg.appService.stagingSlotName).clientId },
      };

  // --- Azure DevOps: one explicit provider for the organisation in config (auth from the
  // environment: AZDO_PERSONAL_ACCESS_TOKEN locally, OIDC in the pipelines).
  const devopsProvider = new azuredevops.Provider("azure-devops", { orgServiceUrl: cfg.devops.organizationUrl });
  const project = azuredevops.getProjectOutput({ name: cfg.devops.project }, { provider: devopsProvider });
  // Application pipelines of other repositories that extend the delivery template.
  const applicationPipelineIds = Object.fromEntries(
    cfg.devops.applicationPipelines.map((definition, i) => [
      `app${i + 1}`,
      azuredevops.getBuildDefinitionOutput({ projectId: project.id, name: definition }, { provider: devopsProvider }).id,
    ]),
  );
  const pipelineIds = cfg.devops.ownsSharedObjects
    ? new DeliveryPipelines("delivery-pipelines", {
        projectId: project.id,
        repositoryId: azuredevops.getGitRepositoryOutput({ projectId: project.id, name: cfg.devops.infraRepository }, { provider: devopsProvider }).id,
        templateReaderPipelineIds: applicationPipelineIds,
      }, { providers: [devopsProvider] }).pipelineIds
    : existingPipelineIds(project.id, undefined, undefined, devopsProvider);

  // Deployment agents inside the VNet: what pushes and imports images, runs pulumi and reads the
  // vault of a private stack cannot run on Microsoft-hosted agents.
  const agentPool = net
    ? new AgentPool("agent-pool", {
        ...base,
        devCenterName: cfg.names.devCenter,
        projectName: cfg.names.devCenterProject,
        poolName: cfg.names.agentPool,
        subnetId: net.subnetIds.agents,
        maximumConcurrency: cfg.network.agentPool.maximumConcurrency,
        vmSku: cfg.network.agentPool.vmSku,
        organizationUrl: cfg.devops.organizationUrl,
        projects: [cfg.devops.project],
      })
    : undefined;
  // The next stage's deploy identity imports from this registry (read before composing, below).
  const promotionTargetPrincipalId = refs.promotionTargetPrincipalId;

  const delivery = new DeliveryEnvironment("delivery-environment", {
    environmentCode: cfg.environment,
    organizationUrl: cfg.devops.organizationUrl,
    projectId: project.id,
    azure: {
      subscriptionId: client.subscriptionId,
      tenantId: client.tenantId,
      resourceGroupId: resourceGroup.id,
      resourceGroupName: resourceGroup.name,
      location: cfg.location,
      registryId: registry.registryId,
      vaultId: vault.vaultId,
      vaultName: vault.vaultName,
      appInsightsId: observability.appInsightsId,
      identityName: deliveryIdentityNames(cfg.values.workload, cfg.environment).pipeline,
      previewIdentityName: deliveryIdentityNames(cfg.values.workload, cfg.environment).preview,
    },
    manageLocks: protect,
    promotionTargetPrincipalId,
    signsImages: cfg.registry.signingCertificate !== undefined,
    applicationPipelineIds,
    approvals: cfg.release.approvers.length > 0
      ? { approvers: cfg.release.approvers, minimumApprovers: cfg.release.minimumApprovers, requesterCanApprove: cfg.release.requesterCanApprove }
      : undefined,
    // A Deny vault is out of the Azure DevOps service's reach: private stacks read secrets with the
    // Key Vault task on their own agents instead of a vault-linked variable group.
    vaultLinkedSecrets: !cfg.network.private,
    businessHours: cfg.release.window,
    allowedBranches: cfg.release.allowedBranches,
    requiredTemplates: cfg.release.requireDeliveryTemplate
      ? [
          ...DELIVERY_TEMPLATE_REFS.map((ref) => ({ repositoryName: `${cfg.devops.project}/${cfg.devops.infraRepository}`, path: DELIVERY_TEMPLATE_PATH, ref })),
          { repositoryName: `${cfg.devops.project}/${cfg.devops.infraRepository}`, path: INFRA_DEPLOY_TEMPLATE_PATH, ref: INFRA_DEPLOY_TEMPLATE_REF },
        ]
      : [],
    platformVariables: {
      AZURE_SUBSCRIPTION_ID: client.subscriptionId,
      AZURE_RESOURCE_GROUP: resourceGroup.name,
      WEBAPP_NAME: sites.webAppName,
      // The slot a release deploys to: the staging slot, or in the slot shape the stack's own slot.
      STAGING_SLOT: sites.releaseSlot,
      // Slot shape: the app's group is the host's, and the release deploys straight into the slot and
      // never swaps (the scripts refuse to swap or route traffic when RELEASE_SHAPE is direct).
      WEBAPP_RESOURCE_GROUP: sites.appResourceGroupName,
      RELEASE_SHAPE: hostedSlot ? "direct" : "swap",
      ACR_NAME: registry.registryName,
      ACR_LOGIN_SERVER: registry.loginServer,
      IMAGE_REPOSITORY: cfg.appService.imageRepository,
      HEALTH_PATH: cfg.appService.healthCheckPath,
      APPINSIGHTS_NAME: cfg.names.appInsights,
      KEYVAULT_NAME: vault.vaultName,
      POST_SWAP_WATCH_MINUTES: String(cfg.release.postSwapWatchMinutes),
      RELEASE_FREEZES: releaseFreezesVariable(cfg.release.freezes),
      ROLLBACK_ALERT_RULES: rollbackAlertRuleNames(cfg.environment).join(" "),
    },
    pipelineIds,
    tags,
  }, { providers: [devopsProvider] });

  const alerts = new AlertRules("alerts", {
    ...base,
    environment: cfg.environment,
    actionGroupId: observability.actionGroupId,
    // The rollback pipeline's incoming webhook: 5xx and health alerts trigger the swap back. A hosted
    // slot has nothing to swap back to (and a swap could reach the host's production): no trigger.
    rollbackWebhookUrl: hostedSlot ? undefined : delivery.webhookUrl,
    appInsightsId: observability.appInsightsId,
    targets: {
      siteId: sites.siteId, siteIsSlot: hostedSlot !== undefined, stagingSlotId: sites.stagingSlotId, planId: sites.planId,
      vaultId: vault.vaultId, resourceGroupId: resourceGroup.id,
    },
    healthUrls: sites.healthUrls,
    thresholds: cfg.monitoring.thresholds,
    availabilityTestFrequencySeconds: cfg.monitoring.availabilityTestFrequencySeconds as 300 | 600 | 900,
  });

  // Stack outputs: what people and pipelines look up; never a secret.
  return {
    environment: cfg.environment,
    tier: cfg.tier,
    location: cfg.location,
    resourceGroupName: resourceGroup.name,
    resourceGroupId: resourceGroup.id,
    azureNames: cfg.names,
    registryLoginServer: registry.loginServer,
    // What the next stage imports its bootstrap image from (read through its stack reference).
    bootstrapImage: {
      registryId: registry.registryId,
      repository: cfg.appService.imageRepository,
      digest: bootstrapImage.digest,
      port: bootstrapImage.port,
    },
    // The Azure DevOps pool a private stack's pipelines run on; absent: Microsoft-hosted.
    ...(agentPool ? { agentPoolName: agentPool.poolName } : {}),
    keyVaultUri: vault.vaultUri,
    workspaceId,
    webAppName: sites.webAppName,
    hostNames: sites.hostNames,
    healthUrls: sites.healthUrls,
    // Read by a stack hosted as a slot on this one (appHostStack): where its slot goes.
    appHosting: app
      ? { shape: "own-plan", resourceGroupName: resourceGroup.name, location: cfg.location, webAppName: app.appName, planId: app.planId, stagingSlotName: cfg.appService.stagingSlotName, guests: cfg.slotGuests }
      : { shape: "slot", hostStack: host?.stack, slotName: sites.releaseSlot },
    identityClientIds: {
      ...sites.identityClientIds,
      pipeline: delivery.identityClientId,
      preview: delivery.previewIdentityClientId,
    },
    // Read by the bootstrap (state and secrets-provider rights) and by the previous stage's stack
    // reference (import rights on its registry). Principal ids are not secrets.
    identityPrincipalIds: { pipeline: delivery.identityPrincipalId, preview: delivery.previewIdentityPrincipalId },
    alertIds: alerts.metricAlertIds,
    devops: {
      environment: delivery.names.environment,
      serviceConnectionId: delivery.serviceConnectionId,
      previewServiceConnectionId: delivery.previewServiceConnectionId,
      rollbackWebhookUrl: delivery.webhookUrl,
      pipelineIds: pulumi.output(pipelineIds),
      // Build definition id per application pipeline (devopsApplicationPipelines), by name.
      applicationPipelineIds: pulumi.output(
        Object.fromEntries(cfg.devops.applicationPipelines.map((definition, i) => [definition, applicationPipelineIds[`app${i + 1}`]])),
      ),
    },
  };
}

/** What the program reads from other stacks before it composes this one. */
export interface StackReferences {
  /** Principal id of the next stage's deploy identity; undefined: no target, or it has no outputs yet. */
  readonly promotionTargetPrincipalId?: string;
  /** A private stack's bootstrap image source: the promotion source's output bootstrapImage. */
  readonly bootstrapSource?: BootstrapImageSource;
  /** The host's web app and plan (slot shape: appHostStack). */
  readonly appHost?: AppHostOutputs;
  /** Identities of the stacks hosted as slots here (appSlotGuests) that have outputs already. */
  readonly slotGuests?: readonly SlotGuest[];
}

function requireAppHost(cfg: StackConfig, refs: StackReferences): AppHostOutputs {
  if (refs.appHost === undefined) throw new Error(`definePlatform: Pulumi.${cfg.stackName}.yaml chooses the slot shape (appHostStack) but no host outputs were read; call readStackReferences first`);
  return refs.appHost;
}

/**
 * Reads the next stage's deploy identity from that stack's outputs. Awaited before any resource is
 * composed, so a target that has not had its first `up` yet (no outputs) leaves the import grant out
 * with a warning instead of failing: the first day runs dev → qa → uat → prod (dev owns the build
 * definitions the others look up), and each source's grant then lands on its next `up`.
 * `delivery plan` mocks the outputs from the target's own offline plan and says so. A private
 * stack also reads the previous stage's bootstrap image (readBootstrapSource).
 */
export async function readStackReferences(cfg: StackConfig): Promise<StackReferences> {
  const appHost = cfg.hosting.shape === "slot" ? await readAppHost(cfg, cfg.hosting) : undefined;
  const [target, bootstrapSource] = await Promise.all([readPromotionTarget(cfg), readBootstrapSource(cfg)]);
  const slotGuests = await readSlotGuests(cfg);
  return {
    ...target,
    ...(bootstrapSource ? { bootstrapSource } : {}),
    ...(appHost ? { appHost } : {}),
    ...(slotGuests.length > 0 ? { slotGuests } : {}),
  };
}
/**
 * The deploy and preview identities of the stacks hosted as slots here. Like the promotion target,
 * a guest without outputs yet (no first up) is left out with a warning; its grant lands on this
 * stack's next up, before the guest's slot can be created.
 */
async function readSlotGuests(cfg: StackConfig): Promise<SlotGuest[]> {
  const guests: SlotGuest[] = [];
  for (const stack of cfg.slotGuests) {
    const name = `${pulumi.getOrganization()}/${pulumi.getProject()}/${stack}`;
    const details = await new pulumi.StackReference(`slot-guest-${stack}`, { name }).getOutputDetails("identityPrincipalIds");
    const ids = (details.value ?? details.secretValue) as { pipeline?: string; preview?: string } | undefined;
    if (typeof ids?.pipeline !== "string" || typeof ids.preview !== "string") {
      pulumi.log.warn(`appSlotGuests: stack ${name} has no output identityPrincipalIds yet (no first up); its slot operator grant is created by this stack's next up.`);
      continue;
    }
    guests.push({ stack, deployPrincipalId: ids.pipeline, previewPrincipalId: ids.preview });
  }
  return guests;
}

async function readPromotionTarget(cfg: StackConfig): Promise<StackReferences> {
  if (cfg.registry.promotionTarget === undefined) return {};
  const name = `${pulumi.getOrganization()}/${pulumi.getProject()}/${cfg.registry.promotionTarget}`;
  const details = await new pulumi.StackReference("promotion-target", { name }).getOutputDetails("identityPrincipalIds");
  const ids = (details.value ?? details.secretValue) as { pipeline?: string } | undefined;
  if (typeof ids?.pipeline !== "string") {
    pulumi.log.warn(
      `registryPromotionTarget: stack ${name} has no output identityPrincipalIds.pipeline yet (no first up); ` +
        `the import grant for its deploy identity on this registry is created by this stack's next up.`,
    );
    return {};
  }
  return { promotionTargetPrincipalId: ids.pipeline };
}

/** The promotion source's output that a private stack imports its bootstrap image from. */
export class BootstrapSourceError extends pulumi.RunError {}

/**
 * A private stack (privateNetwork) imports its bootstrap image from the promotion source
 * (registryPromotionSource; the config rules require one). Unlike the import grant, this cannot be
 * postponed: the app's first `linuxFxVersion` pins that digest. A source without the output (no
 * first up yet, or an up from before this output existed) fails here, before any resource, naming
 * the stack to run first; scripts/bootstrap.sh checks the same before a private stack's first up.
 */
async function readBootstrapSource(cfg: StackConfig): Promise<BootstrapImageSource | undefined> {
  if (!cfg.network.private || cfg.registry.promotionSource === undefined) return undefined;
  const stack = cfg.registry.promotionSource;
  const name = `${pulumi.getOrganization()}/${pulumi.getProject()}/${stack}`;
  const details = await new pulumi.StackReference("promotion-source", { name }).getOutputDetails("bootstrapImage");
  const image = (details.value ?? details.secretValue) as Partial<Record<keyof BootstrapImageSource, unknown>> | undefined;
  const ok = typeof image?.registryId === "string" && typeof image.repository === "string" && typeof image.digest === "string" && typeof image.port === "number";
  if (!ok) {
    throw new BootstrapSourceError(
      `registryPromotionSource: stack ${name} has no complete output bootstrapImage (registryId, repository, digest, port); found ${JSON.stringify(image ?? null)}. ` +
        `This stack is private (privateNetwork: true), so its bootstrap image is imported from that stack's registry by digest. ` +
        `Run that stack's first up (or an up with this version of the program) before this stack's, in pipeline order (scripts/bootstrap.sh does).`,
    );
  }
  return { stack, registryId: image.registryId as string, repository: image.repository as string, digest: image.digest as string, port: image.port as number };
}

/**
 * The whole program: what `pulumi up` runs (via index.ts) and what `delivery plan` runs under mocks.
 * Invalid config throws here, synchronously, before any resource (the stack reference included).
 */
export function runProgram() {
  const cfg = loadStackConfig();
  return readStackReferences(cfg).then((refs) => definePlatform(cfg, refs));
}

import * as pulumi from "@pulumi/pulumi";
import { APP_SERVICE_SKUS, AppServiceSku, WEEKDAYS } from "./azure-catalog";
import { FieldValues } from "./stack-config/fields";
import { OWN_PLAN } from "./stack-config/hosting";
import { ReleaseFreeze, parseFreeze } from "./stack-config/freezes";
import { RawStackConfig } from "./stack-config/raw-config";
import { SecretValue } from "./stack-config/secret-value";
import { ConfigIssue, validateStackConfig } from "./stack-config/validate";
import { NamedResource, deriveNames } from "./naming";

export type { RawStackConfig } from "./stack-config/raw-config";
export type { ConfigIssue } from "./stack-config/validate";

export type Weekday = (typeof WEEKDAYS)[number];

/** An accepted exception to one policy rule. */
export interface PolicyExemption {
  readonly id: string;
  readonly ruleId: string;
  /** Logical name of the resource it covers, or "*" for every resource. */
  readonly resource: string;
  /** Last day (UTC) the exemption applies, YYYY-MM-DD. */
  readonly expires: string;
  readonly reason: string;
}

/** The stack's config, parsed and validated once; components receive parts of it as typed args. */
export interface StackConfig {
  readonly stackName: string;
  readonly project: string;
  readonly environment: string;
  readonly tier: "production" | "nonproduction";
  readonly location: string;
  /** Azure names derived from workload, environment and uniqueSuffix (all checked against Azure's rules). */
  readonly names: Readonly<Record<NamedResource, string>>;
  /** Tags on every taggable resource. */
  readonly tags: Readonly<Record<string, string>>;
  readonly protectStatefulResources: boolean;
  readonly appService: {
    readonly sku: AppServiceSku;
    readonly skuTier: string;
    readonly zoneRedundant: boolean;
    readonly autoscale: {
      readonly minimum: number;
      readonly maximum: number;
      readonly default: number;
      readonly cpuScaleOutPercent: number;
      readonly cpuScaleInPercent: number;
      readonly httpQueueScaleOut: number;
    };
    readonly healthCheckPath: string;
    readonly stagingSlotName: string;
    readonly imageRepository: string;
  };
  /**
   * Where the app runs: its own plan (the default), or a slot on another stack's web app
   * (appHostStack, appHostSlotName). In the slot shape appService's plan values (sku, autoscale,
   * zone redundancy) do not apply: the host's plan decides them.
   */
  readonly hosting: { readonly shape: "own-plan" } | { readonly shape: "slot"; readonly hostStack: string; readonly slotName: string };
  /** Stacks whose app is a slot on this stack's web app (appSlotGuests). */
  readonly slotGuests: readonly string[];
  readonly registry: {
    readonly sku: "Basic" | "Standard" | "Premium";
    readonly zoneRedundant: boolean;
    readonly geoReplicationLocations: readonly string[];
    readonly untaggedRetentionDays: number;
    readonly isPromotionSource: boolean;
    /** Stack whose deploy identity imports from this registry; undefined: none. */
    readonly promotionTarget: string | undefined;
    /** Stack whose registry this one imports from (the previous stage); undefined: none. */
    readonly promotionSource: string | undefined;
    /** Certificate the build signs images with, in this stack's vault; undefined: this stack signs nothing. */
    readonly signingCertificate: string | undefined;
  };
  readonly keyVault: {
    readonly sku: "standard" | "premium";
    readonly softDeleteRetentionDays: number;
    readonly purgeProtection: boolean;
    readonly networkDefaultAction: "Allow" | "Deny";
    readonly allowedIpRanges: readonly string[];
  };
  /**
   * The private network path. `private: false` means no VNet, no private endpoints and
   * Microsoft-hosted pipeline agents; the CIDRs are validated either way.
   */
  readonly network: {
    readonly private: boolean;
    readonly addressSpace: string;
    readonly subnets: { readonly appIntegration: string; readonly privateEndpoints: string; readonly agents: string };
    readonly agentPool: { readonly maximumConcurrency: number; readonly vmSku: string };
    /** Object id of the DevOpsInfrastructure service principal, when config gives it. */
    readonly devopsInfrastructurePrincipalId: string | undefined;
  };
  readonly monitoring: {
    readonly logRetentionDays: number;
    readonly appInsightsRetentionDays: number;
    readonly browserTelemetry: boolean;
    readonly alertEmails: readonly string[];
    readonly thresholds: {
      readonly http5xxCount: number;
      readonly responseTimeMs: number;
      readonly healthCheckPercent: number;
      readonly cpuPercent: number;
      readonly memoryPercent: number;
      readonly httpQueueLength: number;
      readonly keyVaultAvailabilityPercent: number;
    };
    readonly availabilityTestFrequencySeconds: number;
  };
  readonly release: {
    readonly approvers: readonly string[];
    readonly minimumApprovers: number;
    readonly requesterCanApprove: boolean;
    readonly window: { readonly days: readonly Weekday[]; readonly start: string; readonly end: string; readonly timeZone: string };
    readonly allowedBranches: readonly string[];
    readonly requireDeliveryTemplate: boolean;
    readonly postSwapWatchMinutes: number;
    /** Release freezes, in the order written (validated: well-formed, end after start, no overlaps). */
    readonly freezes: readonly ReleaseFreeze[];
  };
  readonly devops: {
    readonly organizationUrl: string;
    readonly project: string;
    readonly infraRepository: string;
    readonly appRepository: string;
    readonly ownsSharedObjects: boolean;
    /** Build definitions of application pipelines that extend the delivery template. */
    readonly applicationPipelines: readonly string[];
  };
  readonly parity: { readonly reference: string | undefined; readonly allowedDeviations: readonly string[] };
  readonly policy: {
    /** Level of every rule not listed in ruleLevels. */
    readonly enforcement: "advisory" | "mandatory";
    readonly ruleLevels: Readonly<Record<string, "advisory" | "mandatory" | "disabled">>;
    readonly exemptions: readonly PolicyExemption[];
  };
  /** Secret values as Pulumi secrets: they stay secret in state, plan output and logs. */
  readonly secrets: {
    readonly alertWebhookUrl: pulumi.Output<string>;
    readonly erpDatabaseConnectionString: pulumi.Output<string>;
    readonly erpJwtSigningKey: pulumi.Output<string>;
  };
  /** The validated flat values, for tools that compare stacks key by key. */
  readonly values: Readonly<FieldValues>;
}

/**
 * Invalid stack config. A RunError, so `pulumi up` prints the message without a stack trace; the
 * `delivery` CLI recognises `isUserError` and exits 2.
 */
export class ConfigError extends pulumi.RunError {
  readonly isUserError = true;
  constructor(
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(
      `${source} has ${issues.length} configuration problem${issues.length === 1 ? "" : "s"}; no resource was registered:\n` +
        issues.map((i) => `  - ${source}: ${i.path}: expected ${i.expected}; found ${i.found}.`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** Validates raw config and shapes it into a StackConfig; throws ConfigError listing every problem. */
export function parseStackConfig(raw: RawStackConfig): StackConfig {
  const result = validateStackConfig(raw);
  if (!result.ok) throw new ConfigError(raw.source, result.issues);
  const v = result.values;
  const secret = (s: SecretValue) => pulumi.secret(s.reveal());
  return {
    stackName: raw.stackName,
    project: raw.project,
    environment: v.environment,
    tier: v.tier,
    location: v.location,
    names: deriveNames(v),
    tags: {
      application: "pinecone-pro",
      environment: v.environment,
      costCenter: v.costCenter,
      owner: v.owner,
      managedBy: "pulumi",
      pulumiProject: raw.project,
      pulumiStack: raw.stackName,
    },
    protectStatefulResources: v.protectStatefulResources,
    appService: {
      sku: v.appServiceSku,
      skuTier: APP_SERVICE_SKUS[v.appServiceSku],
      zoneRedundant: v.zoneRedundant,
      autoscale: {
        minimum: v.autoscaleMinimum,
        maximum: v.autoscaleMaximum,
        default: v.autoscaleDefault,
        cpuScaleOutPercent: v.autoscaleCpuScaleOutPercent,
        cpuScaleInPercent: v.autoscaleCpuScaleInPercent,
        httpQueueScaleOut: v.autoscaleHttpQueueScaleOut,
      },
      healthCheckPath: v.healthCheckPath,
      stagingSlotName: v.stagingSlotName,
      imageRepository: v.imageRepository,
    },
    hosting: v.appHostStack === OWN_PLAN ? { shape: "own-plan" } : { shape: "slot", hostStack: v.appHostStack, slotName: v.appHostSlotName },
    slotGuests: v.appSlotGuests,
    registry: {
      sku: v.registrySku,
      zoneRedundant: v.registryZoneRedundant,
      geoReplicationLocations: v.registryGeoReplicationLocations,
      untaggedRetentionDays: v.registryUntaggedRetentionDays,
      isPromotionSource: v.registryIsPromotionSource,
      promotionTarget: v.registryPromotionTarget === "none" ? undefined : v.registryPromotionTarget,
      promotionSource: v.registryPromotionSource === "none" ? undefined : v.registryPromotionSource,
      signingCertificate: v.imageSigningCertificate === "none" ? undefined : v.imageSigningCertificate,
    },
    keyVault: {
      sku: v.keyVaultSku,
      softDeleteRetentionDays: v.keyVaultSoftDeleteRetentionDays,
      purgeProtection: v.keyVaultPurgeProtection,
      networkDefaultAction: v.keyVaultNetworkDefaultAction,
      allowedIpRanges: v.keyVaultAllowedIpRanges,
    },
    network: {
      private: v.privateNetwork,
      addressSpace: v.vnetAddressSpace,
      subnets: { appIntegration: v.appSubnetPrefix, privateEndpoints: v.privateEndpointSubnetPrefix, agents: v.agentSubnetPrefix },
      agentPool: { maximumConcurrency: v.agentPoolMaximumConcurrency, vmSku: v.agentPoolVmSku },
      devopsInfrastructurePrincipalId: v.devopsInfrastructurePrincipalId === "none" ? undefined : v.devopsInfrastructurePrincipalId,
    },
    monitoring: {
      logRetentionDays: v.logRetentionDays,
      appInsightsRetentionDays: v.appInsightsRetentionDays,
      browserTelemetry: v.browserTelemetry,
      alertEmails: v.alertEmails,
      thresholds: {
        http5xxCount: v.alertHttp5xxCount,
        responseTimeMs: v.alertResponseTimeMs,
        healthCheckPercent: v.alertHealthCheckPercent,
        cpuPercent: v.alertCpuPercent,
        memoryPercent: v.alertMemoryPercent,
        httpQueueLength: v.alertHttpQueueLength,
        keyVaultAvailabilityPercent: v.alertKeyVaultAvailabilityPercent,
      },
      availabilityTestFrequencySeconds: v.availabilityTestFrequencySeconds,
    },
    release: {
      approvers: v.approvers,
      minimumApprovers: v.minimumApprovers,
      requesterCanApprove: v.requesterCanApprove,
      window: { days: v.releaseWindowDays as Weekday[], start: v.releaseWindowStart, end: v.releaseWindowEnd, timeZone: v.releaseWindowTimeZone },
      allowedBranches: v.allowedBranches,
      requireDeliveryTemplate: v.requireDeliveryTemplate,
      postSwapWatchMinutes: v.postSwapWatchMinutes,
      freezes: v.releaseFreezes.map((e) => parseFreeze(e) as ReleaseFreeze),
    },
    devops: {
      organizationUrl: v.devopsOrganizationUrl.replace(/\/$/, ""),
      project: v.devopsProject,
      infraRepository: v.infraRepository,
      appRepository: v.appRepository,
      ownsSharedObjects: v.ownsSharedDevOpsObjects,
      applicationPipelines: v.devopsApplicationPipelines,
    },
    parity: { reference: v.parityReference === "none" ? undefined : v.parityReference, allowedDeviations: v.parityAllowedDeviations },
    policy: {
      enforcement: v.policyEnforcement,
      ruleLevels: Object.fromEntries(v.policyRuleLevels.map((e) => e.split("=") as [string, "advisory" | "mandatory" | "disabled"])),
      exemptions: v.policyExemptions.map((e) => {
        const [id, ruleId, resource, expires, reason] = e.split("|");
        return { id, ruleId, resource, expires, reason };
      }),
    },
    secrets: {
      alertWebhookUrl: secret(v.alertWebhookUrl),
      erpDatabaseConnectionString: secret(v.erpDatabaseConnectionString),
      erpJwtSigningKey: secret(v.erpJwtSigningKey),
    },
    values: v,
  };
}

/** Reads the running stack's config from the Pulumi engine (or the mocks) and parses it. */
export function loadStackConfig(): StackConfig {
  const values = pulumi.runtime.allConfig();
  // isConfigSecret is internal to the SDK but is the only way to learn which keys are secret
  // without reading each one through Config.requireSecret.
  const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(k: string): boolean };
  const secretKeys = new Set(
    Object.keys(values).filter((k) => isConfigSecret(k) || isConfigSecret(k.replace(":", ":config:"))),
  );
  const stackName = pulumi.getStack();
  return parseStackConfig({ stackName, project: pulumi.getProject(), source: `Pulumi.${stackName}.yaml`, values, secretKeys });
}

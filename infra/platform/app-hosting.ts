import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import * as web from "@pulumi/azure-native/web";
import { diagnosticSetting } from "../guardrails/diagnostics";
import { WEB_APP_SLOT_TYPE, WEB_APP_TYPE, releaseOwnedPaths } from "../guardrails/release-owned";
import { AutoscaleArgs, autoscaleProfile, resolveAutoscale } from "./app-hosting/autoscale";
import { ImageRef, STICKY_APP_SETTING_NAMES } from "./app-hosting/site-config";
import { siteArgs } from "./app-hosting/site-args";
import { hostingArgProblems } from "./app-hosting/validate";
import { APP_SERVICE_SKUS } from "../azure-catalog";

export type { AutoscaleArgs } from "./app-hosting/autoscale";
export type { ImageRef } from "./app-hosting/site-config";

/** The identity one slot runs as (AppIdentities' outputs fit). */
export interface SlotIdentity {
  /** ARM resource id of the user-assigned identity. */
  readonly id: pulumi.Input<string>;
  /** Its client id. */
  readonly clientId: pulumi.Input<string>;
}

export interface AppHostingArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  /** Region of the plan, sites and autoscale setting. Default: the resource group's (the provider fills it in). */
  readonly location?: pulumi.Input<string>;
  /** Azure name of the App Service plan. */
  readonly planName: pulumi.Input<string>;
  /** Azure name of the web app (globally unique host name). */
  readonly appName: pulumi.Input<string>;
  /** Plan SKU. Plain: checked against skuTier and zoneRedundant before any child is created. Default: "P1v3". */
  readonly sku?: string;
  /** Plan tier; must match `sku`. Default: the tier of `sku` in the App Service SKU catalog. */
  readonly skuTier?: string;
  /** Spread the plan's instances across availability zones (needs autoscale.minimum >= 3). Default: false. */
  readonly zoneRedundant?: boolean;
  /** Instance bounds and scale rules (autoscale owns the instance count). Default: see AutoscaleArgs. */
  readonly autoscale?: AutoscaleArgs;
  /** Path App Service health checks and the swap warm-up call. Default: "/health". */
  readonly healthCheckPath?: string;
  /**
   * Port the container listens on (WEBSITES_PORT). Plain: checked before any child is created.
   * Default: 8080 (the ASP.NET Core 8+ image default, and BootstrapImage's).
   */
  readonly containerPort?: number;
  /** Azure name of the staging slot releases deploy to and swap from. Default: "staging". */
  readonly stagingSlotName?: string;
  /**
   * The bootstrap image both slots start with, pinned by digest: `siteConfig.linuxFxVersion` must
   * exist from the first deployment or ignoring it later fails (azure-native-notes pitfall 7).
   * After that the release pipeline owns the image.
   */
  readonly image: ImageRef;
  /** The identity of each slot (from AppIdentities); identities stay with their slot on a swap. */
  readonly identities: Readonly<Record<"production" | "staging", SlotIdentity>>;
  /**
   * Secret app settings: app setting name → Key Vault secret URI (versionless, so rotation is
   * picked up). Written as `@Microsoft.KeyVault(SecretUri=…)` and resolved with the slot's
   * identity. Default: {}.
   */
  readonly keyVaultReferences?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Plain, non-secret app settings, identical on both slots. Default: {}. */
  readonly appSettings?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Application Insights connection string (non-secret per Microsoft; a secret Output stays secret). */
  readonly appInsightsConnectionString: pulumi.Input<string>;
  /**
   * Regional VNet integration, identical on the app and the staging slot (integration is per site
   * and slot-sticky, so a swap never changes the network path): all outbound traffic and the image
   * pull go through this subnet (delegated to Microsoft.Web/serverFarms). Needed when the registry
   * or the vault is reachable only privately. Default: none (public outbound).
   */
  readonly vnetIntegration?: { readonly subnetId: pulumi.Input<string> };
  /** Log Analytics workspace that receives the diagnostics of plan, app, slot and autoscale. */
  readonly workspaceId: pulumi.Input<string>;
  /**
   * Role assignments the sites need to start (AcrPull, Key Vault Secrets User for both
   * identities). App and slot wait for them, so the first image pull and Key Vault reference
   * resolution do not race the grants. Default: [].
   */
  readonly accessGrants?: readonly pulumi.Resource[];
  /** Default: no tags. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * Linux App Service plan with autoscale, a web app for containers and its staging slot. The
 * platform (plan, sites, security settings, app settings, identities) is owned here; the image and
 * the traffic-routing rules belong to the release pipeline (infra/guardrails/release-owned.ts) and
 * are ignored after creation.
 */
export class AppHosting extends pulumi.ComponentResource {
  public readonly planId: pulumi.Output<string>;
  public readonly appId: pulumi.Output<string>;
  public readonly appName: pulumi.Output<string>;
  public readonly stagingSlotId: pulumi.Output<string>;
  public readonly defaultHostName: pulumi.Output<string>;
  public readonly stagingHostName: pulumi.Output<string>;
  /** `https://<host><healthCheckPath>` of each slot (availability tests, smoke tests). */
  public readonly healthUrls: { readonly production: pulumi.Output<string>; readonly staging: pulumi.Output<string> };

  constructor(name: string, args: AppHostingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pinecone:platform:AppHosting", name, {}, opts);

    const sku = args.sku ?? "P1v3";
    const zoneRedundant = args.zoneRedundant ?? false;
    const autoscale = resolveAutoscale(args.autoscale);
    const healthCheckPath = args.healthCheckPath ?? "/health";
    const stagingSlotName = args.stagingSlotName ?? "staging";
    const containerPort = args.containerPort ?? 8080;
    const appSettings = args.appSettings ?? {};
    const keyVaultReferences = args.keyVaultReferences ?? {};

    // Every conflict is reported at once, before a single child exists: a half-built component
    // would otherwise register resources that the failed run then leaves pending.
    const problems = hostingArgProblems({
      sku, skuTier: args.skuTier, zoneRedundant, autoscale, healthCheckPath, containerPort, stagingSlotName,
      digest: args.image.digest, appSettings, keyVaultReferences,
    });
    if (problems.length > 0) throw new Error(`AppHosting ${name}: ${problems.join("; ")}`);
    const skuTier = args.skuTier ?? APP_SERVICE_SKUS[sku as keyof typeof APP_SERVICE_SKUS];

    const { resourceGroupName, location, tags, workspaceId } = args;

    const plan = new web.AppServicePlan(
      `${name}-plan`,
      {
        name: args.planName,
        resourceGroupName,
        location,
        // Linux needs both kind and reserved, or the provider proposes replacements (pitfall 16).
        kind: "linux",
        reserved: true,
        sku: { name: sku, tier: skuTier, capacity: autoscale.default },
        zoneRedundant,
        perSiteScaling: false,
        tags,
      },
      // Autoscale owns the instance count; without this every `up` resets it to the default (pitfall 18).
      { parent: this, ignoreChanges: ["sku.capacity"] },
    );

    const autoscaleName = pulumi.interpolate`${args.planName}-autoscale`;
    const autoscaleSetting = new monitor.AutoscaleSetting(
      `${name}-autoscale`,
      {
        autoscaleSettingName: autoscaleName,
        name: autoscaleName,
        resourceGroupName,
        location,
        // The SDK default is false: a setting that exists but never scales.
        enabled: true,
        targetResourceUri: plan.id,
        targetResourceLocation: location,
        profiles: [autoscaleProfile(autoscale, plan.id)],
        tags,
      },
      { parent: this },
    );

    // Everything except the identity is identical on app and slot (siteArgs).
    const site = (identity: SlotIdentity) =>
      siteArgs({
        resourceGroupName, location, serverFarmId: plan.id, identity, image: args.image, healthCheckPath, containerPort,
        appInsightsConnectionString: args.appInsightsConnectionString, appSettings, keyVaultReferences,
        vnetIntegration: args.vnetIntegration, tags,
      });
    const grants = [...(args.accessGrants ?? [])];

    const app = new web.WebApp(
      `${name}-app`,
      { name: args.appName, ...site(args.identities.production) },
      { parent: this, dependsOn: grants, ignoreChanges: releaseOwnedPaths(WEB_APP_TYPE) },
    );
    const slot = new web.WebAppSlot(
      `${name}-staging-slot`,
      // `name` is the parent site; the slot name must be explicit or the logical name is used.
      { name: app.name, slot: stagingSlotName, ...site(args.identities.staging) },
      { parent: this, dependsOn: grants, ignoreChanges: releaseOwnedPaths(WEB_APP_SLOT_TYPE) },
    );

    // One resource per site covers all its slots; NameValuePair has no slotSetting flag (pulumi-azure-native#834).
    new web.WebAppSlotConfigurationNames(
      `${name}-sticky-settings`,
      {
        name: app.name,
        resourceGroupName,
        appSettingNames: [...STICKY_APP_SETTING_NAMES],
        connectionStringNames: [],
        azureStorageConfigNames: [],
      },
      { parent: this },
    );

    // Basic (user/password) publishing credentials off on every endpoint; deployments go through
    // ARM with Entra ID (`az webapp config set`, slot swap), which these policies do not affect.
    new web.WebAppFtpAllowed(`${name}-app-ftp-basic-auth`, { resourceGroupName, name: app.name, allow: false }, { parent: this });
    new web.WebAppScmAllowed(`${name}-app-scm-basic-auth`, { resourceGroupName, name: app.name, allow: false }, { parent: this });
    new web.WebAppFtpAllowedSlot(
      `${name}-staging-ftp-basic-auth`,
      { resourceGroupName, name: app.name, slot: stagingSlotName, allow: false },
      { parent: this, dependsOn: [slot] },
    );
    new web.WebAppScmAllowedSlot(
      `${name}-staging-scm-basic-auth`,
      { resourceGroupName, name: app.name, slot: stagingSlotName, allow: false },
      { parent: this, dependsOn: [slot] },
    );

    diagnosticSetting(`${name}-plan`, { profile: "appServicePlan", resourceId: plan.id, workspaceId }, this);
    diagnosticSetting(`${name}-app`, { profile: "webApp", resourceId: app.id, workspaceId }, this);
    // A slot is its own diagnostic target; the app's setting does not cover it.
    diagnosticSetting(`${name}-staging-slot`, { profile: "webApp", resourceId: slot.id, workspaceId }, this);
    diagnosticSetting(`${name}-autoscale`, { profile: "autoscale", resourceId: autoscaleSetting.id, workspaceId }, this);

    this.planId = plan.id;
    this.appId = app.id;
    this.appName = app.name;
    this.stagingSlotId = slot.id;
    this.defaultHostName = app.defaultHostName;
    this.stagingHostName = slot.defaultHostName;
    this.healthUrls = {
      production: pulumi.interpolate`https://${app.defaultHostName}${healthCheckPath}`,
      staging: pulumi.interpolate`https://${slot.defaultHostName}${healthCheckPath}`,
    };

    this.registerOutputs({
      planId: this.planId,
      appId: this.appId,
      appName: this.appName,
      stagingSlotId: this.stagingSlotId,
      defaultHostName: this.defaultHostName,
      stagingHostName: this.stagingHostName,
      healthUrls: this.healthUrls,
    });
  }
}

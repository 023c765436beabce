import * as pulumi from "@pulumi/pulumi";
import * as web from "@pulumi/azure-native/web";
import type * as inputs from "@pulumi/azure-native/types/input";

/**
 * `siteConfig.netFrameworkVersion`, set explicitly. The SDK otherwise injects "v4.6" on every
 * WebApp/WebAppSlot (a Windows .NET Framework setting that means nothing to a container), and
 * Azure reports its own value for Linux sites (Azure/azure-sdk-for-js#26893), so the silent
 * default is a standing source of refresh diffs (pulumi/pulumi-azure-native#3074). "v4.0" is the
 * value App Service reports for Linux sites. Unverified here (no Azure): if the first
 * `up --refresh` still shows a recurring diff on it, change this one constant.
 */
export const NET_FRAMEWORK_VERSION = "v4.0";

/** Statuses the swap warm-up accepts from the health path; any other status stops the swap. */
export const SWAP_WARMUP_PING_STATUSES = "200,202";

/** App settings the component writes itself, with the argument whose value each carries. */
export const COMPONENT_APP_SETTINGS = {
  WEBSITE_SWAP_WARMUP_PING_PATH: "healthCheckPath",
  WEBSITE_SWAP_WARMUP_PING_STATUSES: "healthCheckPath",
  APPLICATIONINSIGHTS_CONNECTION_STRING: "appInsightsConnectionString",
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "identities",
  AZURE_CLIENT_ID: "identities",
  WEBSITES_PORT: "containerPort",
} as const;

/**
 * Slot (sticky) app settings: exactly the settings whose value differs per slot. Both name the
 * slot's own identity, and identities do not swap; if these moved with a swap, the code now in
 * production would ask for tokens of the staging identity, which is not assigned to the
 * production site, and telemetry and Azure SDK calls would fail. Every other setting has the same
 * value on both slots, so swapping it changes nothing; keeping it non-sticky avoids the extra
 * restart sticky settings cause in the first phase of a swap with preview.
 */
export const STICKY_APP_SETTING_NAMES = ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "AZURE_CLIENT_ID"] as const;

/** The `siteConfig` every slot shares: security and runtime settings that must not differ between slots. */
export const SHARED_SITE_CONFIG = {
  acrUseManagedIdentityCreds: true,
  alwaysOn: true,
  ftpsState: web.FtpsState.Disabled,
  minTlsVersion: web.SupportedTlsVersions.SupportedTlsVersions_1_2,
  scmMinTlsVersion: web.SupportedTlsVersions.SupportedTlsVersions_1_2,
  http20Enabled: true,
  remoteDebuggingEnabled: false,
  netFrameworkVersion: NET_FRAMEWORK_VERSION,
} as const;

export interface ImageRef {
  /** Registry host, e.g. `acrpcproprodx7k2.azurecr.io` (no scheme). */
  readonly loginServer: pulumi.Input<string>;
  /** Repository in the registry, e.g. `pinecone-pro`. */
  readonly repository: pulumi.Input<string>;
  /** `sha256:<64 hex>` of the bootstrap image. */
  readonly digest: pulumi.Input<string>;
}

export const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** `DOCKER|<loginServer>/<repository>@<digest>`: pinned by digest, never by tag. */
export function linuxFxVersion(image: ImageRef): pulumi.Output<string> {
  return pulumi.all([image.loginServer, image.repository, image.digest]).apply(([server, repo, digest]) => {
    // Values that were Outputs could not be checked before the children were created.
    if (!DIGEST.test(digest)) throw new Error(`image.digest must be sha256:<64 hex digits>; found "${digest}"`);
    if (/^[a-z]+:\/\//i.test(server)) throw new Error(`image.loginServer must be a host name without a scheme; found "${server}"`);
    return `DOCKER|${server}/${repo}@${digest}`;
  });
}

export interface SlotSiteConfig {
  readonly image: ImageRef;
  readonly healthCheckPath: string;
  readonly containerPort: number;
  /** Client id of this slot's identity. */
  readonly identityClientId: pulumi.Input<string>;
  readonly appInsightsConnectionString: pulumi.Input<string>;
  readonly appSettings: Readonly<Record<string, pulumi.Input<string>>>;
  readonly keyVaultReferences: Readonly<Record<string, pulumi.Input<string>>>;
}

/**
 * The `siteConfig` of one slot. App and staging slot are built by this one function so that
 * only the identity differs between them: a swap then produces no diff other than the image.
 * `siteConfig.appSettings` is the single owner of app settings (pitfall 5: never combine with
 * WebAppApplicationSettings). Settings are sorted by name so the order never causes a diff.
 */
export function slotSiteConfig(s: SlotSiteConfig): inputs.web.SiteConfigArgs {
  const settings: Record<string, pulumi.Input<string>> = {
    ...s.appSettings,
    ...Object.fromEntries(
      Object.entries(s.keyVaultReferences).map(([k, uri]) => [k, pulumi.interpolate`@Microsoft.KeyVault(SecretUri=${uri})`]),
    ),
    WEBSITE_SWAP_WARMUP_PING_PATH: s.healthCheckPath,
    WEBSITE_SWAP_WARMUP_PING_STATUSES: SWAP_WARMUP_PING_STATUSES,
    // Where App Service sends traffic (and health checks) inside the container.
    WEBSITES_PORT: `${s.containerPort}`,
    // Passed through untouched: if the caller's Output is secret, it stays secret.
    APPLICATIONINSIGHTS_CONNECTION_STRING: s.appInsightsConnectionString,
    // Entra ID ingestion with this slot's identity; works whether or not the component has local auth off.
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: pulumi.interpolate`Authorization=AAD;ClientId=${s.identityClientId}`,
    // The site has only user-assigned identities, so Azure SDK credentials need the client id to pick one.
    AZURE_CLIENT_ID: s.identityClientId,
  };
  return {
    ...SHARED_SITE_CONFIG,
    linuxFxVersion: linuxFxVersion(s.image),
    acrUserManagedIdentityID: s.identityClientId,
    healthCheckPath: s.healthCheckPath,
    appSettings: Object.keys(settings)
      .sort()
      .map((name) => ({ name, value: settings[name] })),
  };
}

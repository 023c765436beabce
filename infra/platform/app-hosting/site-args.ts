import * as pulumi from "@pulumi/pulumi";
import * as web from "@pulumi/azure-native/web";
import { ImageRef, slotSiteConfig } from "./site-config";

/** The identity one site or slot runs as. */
export interface SiteIdentity {
  readonly id: pulumi.Input<string>;
  readonly clientId: pulumi.Input<string>;
}

export interface SiteArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location?: pulumi.Input<string>;
  readonly serverFarmId: pulumi.Input<string>;
  readonly identity: SiteIdentity;
  readonly image: ImageRef;
  readonly healthCheckPath: string;
  readonly containerPort: number;
  readonly appInsightsConnectionString: pulumi.Input<string>;
  readonly appSettings: Readonly<Record<string, pulumi.Input<string>>>;
  readonly keyVaultReferences: Readonly<Record<string, pulumi.Input<string>>>;
  readonly vnetIntegration?: { readonly subnetId: pulumi.Input<string> };
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The arguments every site of the platform shares: the production app, its staging slot (AppHosting)
 * and a slot hosted on another stack's app (HostedSlot). One function, so that only the identity
 * differs between sites: settings that do not swap (TLS, HTTPS only, Always On, identities) must
 * already match, and a swap must leave no diff other than the image (pitfall 6).
 */
export function siteArgs(a: SiteArgs) {
  return {
    resourceGroupName: a.resourceGroupName,
    location: a.location,
    serverFarmId: a.serverFarmId,
    // The slot kind must equal production's or replacing the slot fails (pulumi-azure-native#4748).
    kind: "app,linux,container",
    reserved: true,
    httpsOnly: true,
    clientAffinityEnabled: false,
    // azure-native web takes an array of resource ids here (containerregistry takes a map).
    identity: { type: web.ManagedServiceIdentityType.UserAssigned, userAssignedIdentities: [a.identity.id] },
    keyVaultReferenceIdentity: a.identity.id,
    // v3 has no top-level vnetRouteAllEnabled/vnetImagePullEnabled: outboundVnetRouting is their
    // successor, and only it is set (siteConfig.vnetRouteAllEnabled is left alone: no two spellings).
    // Application traffic covers Key Vault references to a private vault; image pull covers ACR.
    ...(a.vnetIntegration
      ? { virtualNetworkSubnetId: a.vnetIntegration.subnetId, outboundVnetRouting: { applicationTraffic: true, imagePullTraffic: true } }
      : {}),
    siteConfig: slotSiteConfig({
      image: a.image,
      healthCheckPath: a.healthCheckPath,
      containerPort: a.containerPort,
      identityClientId: a.identity.clientId,
      appInsightsConnectionString: a.appInsightsConnectionString,
      appSettings: a.appSettings,
      keyVaultReferences: a.keyVaultReferences,
    }),
    tags: a.tags,
  };
}

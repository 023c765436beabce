import * as pulumi from "@pulumi/pulumi";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import { diagnosticSetting } from "../guardrails/diagnostics";
import { deleteLock, statefulOptions } from "../guardrails/locks";
import { privateEndpoint } from "../guardrails/private-endpoint";
import { roleAssignment } from "../guardrails/role-assignments";

/**
 * Invalid Registry args. Thrown before any child resource is registered, so a bad combination
 * never reaches a preview half-built.
 */
export class RegistryArgsError extends Error {
  constructor(component: string, message: string) {
    super(`Registry "${component}": ${message}`);
    this.name = "RegistryArgsError";
  }
}

export type RegistrySku = "Basic" | "Standard" | "Premium";

/**
 * Args of the stack's container registry. The shape-deciding fields (sku, regions, retention,
 * export, principals' keys, protect) are plain values: they are validated before any child is
 * created and decide how many resources exist, which must be known without `apply`.
 */
export interface RegistryArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  /** Azure region of the registry (plain: geo-replication regions are checked against it). */
  readonly location: string;
  /** Globally unique registry name (infra/naming.ts: `acr<workload><env><suffix>`). */
  readonly registryName: pulumi.Input<string>;
  /** Default: "Standard". Premium is needed for zone redundancy, geo-replication, retention and disabled export. */
  readonly sku?: RegistrySku;
  /**
   * Zone redundancy of the registry and its replicas. Premium only. Default: false. (Azure now makes
   * registries in AZ regions zone redundant anyway; the property may still read Disabled.)
   */
  readonly zoneRedundant?: boolean;
  /**
   * Extra regions the registry replicates to, one `containerregistry.Replication` each, named
   * `${name}-replica-<region>`. Premium only; must not contain `location`. Replicas take the
   * registry's zone redundancy, so with `zoneRedundant` every region must offer availability zones.
   * Default: [].
   */
  readonly geoReplicationLocations?: readonly string[];
  /**
   * Days after which untagged manifests are deleted; 0 turns retention off. Premium only (preview
   * feature). Soft delete stays off because Azure does not allow both. Always tag what you import:
   * an image referenced only by digest is untagged and would be deleted. Default: 0.
   */
  readonly untaggedRetentionDays?: number;
  /**
   * Whether artifacts may be exported / imported *from* this registry. Registries that are
   * promotion sources (`az acr import` reads from them) keep it; only the last registry of the
   * chain may disable it. Azure accepts a disabled export policy only with public network access
   * disabled, so `false` also sets `publicNetworkAccess: "Disabled"` (Premium): pulls then need a
   * private endpoint (`privateLink`) and App Service VNet integration (the stack config requires
   * privateNetwork for it). Default: true.
   */
  readonly exportEnabled?: boolean;
  /**
   * Reach the registry only through a private endpoint in this subnet, its records in this
   * privatelink.azurecr.io zone: public network access is then Disabled. Premium only. One endpoint
   * covers the home region and every geo-replica's data endpoint (the endpoint's NIC gets a
   * `registry_data_<region>` member per region, and it is created after the replicas). That the
   * zone group also writes the records of a replica added *later* is unconfirmed: after adding a
   * region, check `nslookup <registry>.<region>.data.azurecr.io` from inside the VNet.
   * Default: none (public access as exportEnabled decides).
   */
  readonly privateLink?: { readonly subnetId: pulumi.Input<string>; readonly dnsZoneId: pulumi.Input<string>; readonly endpointLocation: pulumi.Input<string> };
  /** Identities that pull images (AcrPull), by stable key → principal (object) id. Default: {}. */
  readonly pullerPrincipalIds?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Id of the stack's Log Analytics workspace; the registry's logs and metrics go there. */
  readonly workspaceId: pulumi.Input<string>;
  /** `protect` the registry and put a CanNotDelete lock on it. Default: false. */
  readonly protect?: boolean;
  /** Default: {}. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

const SKUS: readonly RegistrySku[] = ["Basic", "Standard", "Premium"];
const STABLE_KEY = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;

/** "West Europe" and "westeurope" are the same region to ARM. */
export function normalizeRegion(region: string): string {
  return region.toLowerCase().replace(/\s+/g, "");
}

/** An Azure Container Registry per stack: admin user and anonymous pull off, identities pull with AcrPull. */
export class Registry extends pulumi.ComponentResource {
  public readonly registryId: pulumi.Output<string>;
  public readonly registryName: pulumi.Output<string>;
  public readonly loginServer: pulumi.Output<string>;

  constructor(name: string, args: RegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    const v = validate(name, args);
    super("pinecone:platform:Registry", name, {}, opts);

    const premium = v.sku === "Premium";
    const zoneRedundancy = v.zoneRedundant ? "Enabled" : "Disabled";
    const registry = new containerregistry.Registry(
      name,
      {
        resourceGroupName: args.resourceGroupName,
        registryName: args.registryName,
        location: args.location,
        sku: { name: v.sku },
        // Identities only: no shared admin password, no unauthenticated pulls.
        adminUserEnabled: false,
        anonymousPullEnabled: false,
        zoneRedundancy,
        publicNetworkAccess: v.exportEnabled && !args.privateLink ? "Enabled" : "Disabled",
        // `az acr import` between registries and App Service pulls from restricted registries go through trusted services.
        networkRuleBypassOptions: "AzureServices",
        policies: {
          // Managed-identity pulls present ARM-audience tokens; disabling this breaks them (pitfall 15).
          azureADAuthenticationAsArmPolicy: { status: "enabled" },
          exportPolicy: { status: v.exportEnabled ? "enabled" : "disabled" },
          // Excludes retention and geo-replication, and soft-deleted artifacts cannot be purged.
          softDeletePolicy: { status: "disabled" },
          // Only Premium accepts a retention policy; sent explicitly so 0 turns an earlier one off.
          ...(premium
            ? { retentionPolicy: v.untaggedRetentionDays > 0 ? { status: "enabled", days: v.untaggedRetentionDays } : { status: "disabled" } }
            : {}),
        },
        tags: args.tags,
      },
      statefulOptions(v.protect, this),
    );

    const replicas: pulumi.Resource[] = [];
    for (const region of v.geoReplicationLocations) {
      const replica = new containerregistry.Replication(
        `${name}-replica-${region}`,
        {
          resourceGroupName: args.resourceGroupName,
          registryName: registry.name,
          replicationName: region,
          location: region,
          zoneRedundancy,
          regionEndpointEnabled: true,
          tags: args.tags,
        },
        { parent: this },
      );
      replicas.push(replica);
    }

    if (args.privateLink) {
      privateEndpoint(name, {
        resourceGroupName: args.resourceGroupName,
        location: args.privateLink.endpointLocation,
        endpointName: pulumi.interpolate`pe-${args.registryName}`,
        subnetId: args.privateLink.subnetId,
        targetId: registry.id,
        groupId: "registry",
        dnsZoneId: args.privateLink.dnsZoneId,
        // The replicas' data endpoints exist first, so the endpoint's NIC includes them.
        dependsOn: replicas,
        tags: args.tags,
      }, this);
    }

    for (const [key, principalId] of Object.entries(v.pullerPrincipalIds)) {
      roleAssignment(`${name}-acrpull-${key}`, { scope: registry.id, principalId, role: "AcrPull" }, this);
    }

    diagnosticSetting(name, { profile: "registry", resourceId: registry.id, workspaceId: args.workspaceId }, this);
    deleteLock(name, { resourceId: registry.id, protect: v.protect, what: "container registry" }, this);

    this.registryId = registry.id;
    this.registryName = registry.name;
    this.loginServer = registry.loginServer;
    this.registerOutputs({ registryId: this.registryId, registryName: this.registryName, loginServer: this.loginServer });
  }
}

function validate(name: string, args: RegistryArgs) {
  const fail = (message: string): never => {
    throw new RegistryArgsError(name, message);
  };
  const sku = args.sku ?? "Standard";
  const zoneRedundant = args.zoneRedundant ?? false;
  const regions = (args.geoReplicationLocations ?? []).map(normalizeRegion);
  const untaggedRetentionDays = args.untaggedRetentionDays ?? 0;
  const exportEnabled = args.exportEnabled ?? true;
  const pullerPrincipalIds = args.pullerPrincipalIds ?? {};
  const found = (v: unknown) => JSON.stringify(v);

  if (!SKUS.includes(sku)) fail(`sku: expected one of ${SKUS.join(", ")}; found ${found(sku)}.`);
  const premiumOnly = (arg: string, value: unknown) =>
    fail(`${arg} needs sku "Premium": expected sku "Premium" or ${arg} at its default; found sku ${found(sku)} with ${arg} ${found(value)}.`);
  if (sku !== "Premium") {
    if (zoneRedundant) premiumOnly("zoneRedundant", zoneRedundant);
    if (regions.length > 0) premiumOnly("geoReplicationLocations", args.geoReplicationLocations);
    if (untaggedRetentionDays !== 0) premiumOnly("untaggedRetentionDays", untaggedRetentionDays);
    if (!exportEnabled) premiumOnly("exportEnabled", exportEnabled);
    if (args.privateLink) premiumOnly("privateLink", "(a private endpoint)");
  }
  if (!Number.isInteger(untaggedRetentionDays) || untaggedRetentionDays < 0 || untaggedRetentionDays > 365) {
    fail(`untaggedRetentionDays: expected an integer from 0 (off) to 365; found ${found(untaggedRetentionDays)}.`);
  }
  const home = normalizeRegion(args.location);
  if (regions.includes(home)) {
    fail(`geoReplicationLocations and location overlap: expected replica regions other than location ${found(args.location)}; found ${found(args.geoReplicationLocations)}.`);
  }
  const bad = regions.find((r) => !/^[a-z0-9]{5,50}$/.test(r));
  if (bad !== undefined) fail(`geoReplicationLocations: expected Azure region names such as "northeurope"; found ${found(bad)}.`);
  const dup = regions.find((r, i) => regions.indexOf(r) !== i);
  if (dup !== undefined) fail(`geoReplicationLocations: expected each region once; found ${found(dup)} twice.`);
  const badKey = Object.keys(pullerPrincipalIds).find((k) => !STABLE_KEY.test(k));
  if (badKey !== undefined) fail(`pullerPrincipalIds: expected keys of letters, digits and hyphens (they name resources); found ${found(badKey)}.`);

  return { sku, zoneRedundant, geoReplicationLocations: regions, untaggedRetentionDays, exportEnabled, pullerPrincipalIds, protect: args.protect ?? false };
}

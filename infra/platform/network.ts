import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import { diagnosticSetting } from "../guardrails/diagnostics";
import { deleteLock, statefulOptions } from "../guardrails/locks";
import { roleAssignment } from "../guardrails/role-assignments";

/** Invalid Network args. Thrown before any child resource is registered. */
export class NetworkArgsError extends Error {
  constructor(component: string, message: string) {
    super(`Network "${component}": ${message}`);
    this.name = "NetworkArgsError";
  }
}

/** The private DNS zones of the services this platform reaches privately (public cloud). */
export const PRIVATE_DNS_ZONES = {
  registry: "privatelink.azurecr.io",
  vault: "privatelink.vaultcore.azure.net",
} as const;

export type PrivateDnsZoneKey = keyof typeof PRIVATE_DNS_ZONES;

/** What each subnet is for; the keys name the subnets and their NSGs. */
export type SubnetKey = "appIntegration" | "privateEndpoints" | "agents";

/** Service each subnet is delegated to (none for the private endpoints). */
export const SUBNET_DELEGATIONS: Readonly<Record<SubnetKey, string | undefined>> = {
  // Regional VNet integration of the App Service plan (one plan per subnet).
  appIntegration: "Microsoft.Web/serverFarms",
  privateEndpoints: undefined,
  // Managed DevOps Pools inject their agents here (one pool per subnet).
  agents: "Microsoft.DevOpsInfrastructure/pools",
};

const SUBNET_NAMES: Readonly<Record<SubnetKey, string>> = {
  appIntegration: "snet-app-integration",
  privateEndpoints: "snet-private-endpoints",
  agents: "snet-deployment-agents",
};

export interface NetworkArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  /** Region of the VNet; the App Service plan and the agent pool must be in the same one. */
  readonly location: pulumi.Input<string>;
  /** Azure name of the VNet (infra/naming.ts); NSGs are `nsg-<vnet>-<subnet key>`. */
  readonly vnetName: string;
  /** IPv4 address space (plain: the stack config rules have checked containment and overlap). */
  readonly addressSpace: string;
  /** Prefix of each subnet. */
  readonly subnets: Readonly<Record<SubnetKey, string>>;
  /**
   * Object id of the DevOpsInfrastructure service principal: when given, it gets Reader and
   * Network Contributor on the VNet, which Managed DevOps Pools need to inject agents. Default: no
   * grant (a one-time manual step, see README).
   */
  readonly devopsInfrastructurePrincipalId?: pulumi.Input<string>;
  /** Log Analytics workspace for the VNet's and NSGs' logs and metrics. */
  readonly workspaceId: pulumi.Input<string>;
  /** `protect` the VNet and the DNS zones and lock them against deletion. Default: false. */
  readonly protect?: boolean;
  /** Default: {}. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The stack's VNet: an App Service integration subnet, a private-endpoint subnet and a
 * deployment-agent subnet, each with its NSG, plus the private DNS zones of the registry and the
 * vault linked to the VNet. Private endpoints themselves are made by the components that own the
 * target (infra/guardrails/private-endpoint.ts).
 */
export class Network extends pulumi.ComponentResource {
  public readonly vnetId: pulumi.Output<string>;
  public readonly subnetIds: Readonly<Record<SubnetKey, pulumi.Output<string>>>;
  public readonly dnsZoneIds: Readonly<Record<PrivateDnsZoneKey, pulumi.Output<string>>>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    validate(name, args);
    super("pinecone:platform:Network", name, {}, opts);
    const protect = args.protect ?? false;
    const { resourceGroupName, location, tags } = args;

    const vnet = new network.VirtualNetwork(
      `${name}-vnet`,
      {
        virtualNetworkName: args.vnetName,
        resourceGroupName,
        location,
        addressSpace: { addressPrefixes: [args.addressSpace] },
        // No inline `subnets`: they are standalone resources below, and mixing both deletes subnets.
        tags,
      },
      statefulOptions(protect, this),
    );

    const nsgs = {} as Record<SubnetKey, network.NetworkSecurityGroup>;
    const subnets = {} as Record<SubnetKey, network.Subnet>;
    let previous: network.Subnet | undefined;
    for (const key of Object.keys(SUBNET_NAMES) as SubnetKey[]) {
      nsgs[key] = new network.NetworkSecurityGroup(
        `${name}-nsg-${key}`,
        {
          networkSecurityGroupName: `nsg-${args.vnetName}-${SUBNET_NAMES[key].replace(/^snet-/, "")}`,
          resourceGroupName,
          location,
          // Azure's default rules already deny inbound from the internet and allow the VNet; the
          // endpoints' subnet narrows that to HTTPS (the only port ACR and Key Vault serve).
          securityRules: key === "privateEndpoints" ? PRIVATE_ENDPOINT_RULES : [],
          tags,
        },
        { parent: this },
      );
      const delegation = SUBNET_DELEGATIONS[key];
      subnets[key] = new network.Subnet(
        `${name}-subnet-${key}`,
        {
          subnetName: SUBNET_NAMES[key],
          virtualNetworkName: vnet.name,
          resourceGroupName,
          addressPrefix: args.subnets[key],
          networkSecurityGroup: { id: nsgs[key].id },
          delegations: delegation ? [{ name: delegation.split("/")[0].replace(/^Microsoft\./, "").toLowerCase(), serviceName: delegation }] : [],
          // Network policies on for the endpoints' subnet, so its NSG filters endpoint traffic too
          // (by default Azure ignores NSGs for private endpoints). Off where nothing is injected.
          privateEndpointNetworkPolicies: key === "privateEndpoints" ? "NetworkSecurityGroupEnabled" : "Disabled",
          // New subnets lose implicit outbound internet access in 2025; the agents and the app need it.
          defaultOutboundAccess: key !== "privateEndpoints",
        },
        // One subnet operation at a time: Azure rejects concurrent writes to one VNet (AnotherOperationInProgress).
        { parent: this, dependsOn: previous ? [previous] : [] },
      );
      previous = subnets[key];
    }

    const zoneIds = {} as Record<PrivateDnsZoneKey, pulumi.Output<string>>;
    for (const [key, zoneName] of Object.entries(PRIVATE_DNS_ZONES) as [PrivateDnsZoneKey, string][]) {
      const zone = new privatedns.PrivateZone(
        `${name}-dns-${key}`,
        { privateZoneName: zoneName, resourceGroupName, location: "global", tags },
        statefulOptions(protect, this),
      );
      new privatedns.VirtualNetworkLink(
        `${name}-dns-${key}-link`,
        {
          virtualNetworkLinkName: `${args.vnetName}-link`,
          privateZoneName: zone.name,
          resourceGroupName,
          location: "global",
          // Resolution only: the zone holds the endpoints' records, VMs must not register theirs.
          registrationEnabled: false,
          virtualNetwork: { id: vnet.id },
          tags,
        },
        { parent: this },
      );
      deleteLock(`${name}-dns-${key}`, { resourceId: zone.id, protect, what: `private DNS zone ${zoneName}` }, this);
      zoneIds[key] = zone.id;
    }

    if (args.devopsInfrastructurePrincipalId !== undefined) {
      // Managed DevOps Pools' documented minimum for VNet injection (configure-networking).
      roleAssignment(`${name}-devopsinfrastructure-reader`, { scope: vnet.id, principalId: args.devopsInfrastructurePrincipalId, role: "Reader" }, this);
      roleAssignment(`${name}-devopsinfrastructure-network`, { scope: vnet.id, principalId: args.devopsInfrastructurePrincipalId, role: "NetworkContributor" }, this);
    }

    diagnosticSetting(`${name}-vnet`, { profile: "virtualNetwork", resourceId: vnet.id, workspaceId: args.workspaceId }, this);
    for (const key of Object.keys(nsgs) as SubnetKey[]) {
      diagnosticSetting(`${name}-nsg-${key}`, { profile: "networkSecurityGroup", resourceId: nsgs[key].id, workspaceId: args.workspaceId }, this);
    }
    deleteLock(`${name}-vnet`, { resourceId: vnet.id, protect, what: "virtual network" }, this);

    this.vnetId = vnet.id;
    this.subnetIds = { appIntegration: subnets.appIntegration.id, privateEndpoints: subnets.privateEndpoints.id, agents: subnets.agents.id };
    this.dnsZoneIds = zoneIds;
    this.registerOutputs({ vnetId: this.vnetId, subnetIds: this.subnetIds, dnsZoneIds: this.dnsZoneIds });
  }
}

const PRIVATE_ENDPOINT_RULES = [
  {
    name: "allow-https-from-vnet",
    priority: 100,
    direction: "Inbound",
    access: "Allow",
    protocol: "Tcp",
    sourceAddressPrefix: "VirtualNetwork",
    sourcePortRange: "*",
    destinationAddressPrefix: "*",
    destinationPortRange: "443",
  },
  {
    name: "deny-all-other-inbound",
    priority: 4096,
    direction: "Inbound",
    access: "Deny",
    protocol: "*",
    sourceAddressPrefix: "*",
    sourcePortRange: "*",
    destinationAddressPrefix: "*",
    destinationPortRange: "*",
  },
];

function validate(name: string, args: NetworkArgs): void {
  const cidr = /^(?:\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;
  const bad = [["addressSpace", args.addressSpace], ...Object.entries(args.subnets ?? {})].filter(([, v]) => typeof v !== "string" || !cidr.test(v));
  if (bad.length > 0) {
    throw new NetworkArgsError(name, `expected IPv4 CIDR ranges such as 10.60.0.0/26; found ${bad.map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(", ")}.`);
  }
  const missing = (Object.keys(SUBNET_NAMES) as SubnetKey[]).filter((k) => !(k in args.subnets));
  if (missing.length > 0) throw new NetworkArgsError(name, `subnets: expected a prefix for ${missing.join(", ")}; found none.`);
}

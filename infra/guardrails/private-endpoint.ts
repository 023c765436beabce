import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";

export interface PrivateEndpointArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  /** Region of the endpoint: the VNet's (the target may live elsewhere). */
  readonly location: pulumi.Input<string>;
  /** Azure name of the endpoint (its NIC is `<name>-nic`). */
  readonly endpointName: pulumi.Input<string>;
  /** Id of the private-endpoint subnet. */
  readonly subnetId: pulumi.Input<string>;
  /** ARM id of the resource the endpoint reaches. */
  readonly targetId: pulumi.Input<string>;
  /** Private Link sub-resource: "registry" (ACR), "vault" (Key Vault). */
  readonly groupId: string;
  /** Id of the private DNS zone that gets the endpoint's A records (privatelink.<service>). */
  readonly dnsZoneId: pulumi.Input<string>;
  /** Resources the endpoint must wait for (e.g. registry replicas, whose data endpoints it must cover). */
  readonly dependsOn?: readonly pulumi.Resource[];
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * A private endpoint for one resource plus its DNS zone group: the zone group is what writes (and
 * on deletion removes) the A records in the private zone, so name resolution inside the VNet
 * follows the endpoint without hand-made records. The one way this project makes endpoints.
 */
export function privateEndpoint(
  name: string,
  args: PrivateEndpointArgs,
  parent: pulumi.Resource,
): { readonly endpoint: network.PrivateEndpoint; readonly zoneGroup: network.PrivateDnsZoneGroup } {
  const endpoint = new network.PrivateEndpoint(
    `${name}-private-endpoint`,
    {
      privateEndpointName: args.endpointName,
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      subnet: { id: args.subnetId },
      // A readable NIC name instead of "<endpoint>.nic.<guid>".
      customNetworkInterfaceName: pulumi.interpolate`${args.endpointName}-nic`,
      // Auto-approved: the deploying identity owns the target (no manual connection request).
      privateLinkServiceConnections: [{ name: args.endpointName, privateLinkServiceId: args.targetId, groupIds: [args.groupId] }],
      tags: args.tags,
    },
    { parent, dependsOn: [...(args.dependsOn ?? [])] },
  );
  const zoneGroup = new network.PrivateDnsZoneGroup(
    `${name}-private-dns`,
    {
      privateDnsZoneGroupName: "default",
      privateEndpointName: endpoint.name,
      resourceGroupName: args.resourceGroupName,
      privateDnsZoneConfigs: [{ name: args.groupId, privateDnsZoneId: args.dnsZoneId }],
    },
    { parent },
  );
  return { endpoint, zoneGroup };
}

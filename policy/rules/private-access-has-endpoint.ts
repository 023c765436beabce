import { Finding, PolicyResource, StackRule, UNKNOWN, benchmarks, idRefersTo, ofType, read } from "../model";
import { T } from "./types";

/** Private Link sub-resource per target type. */
const GROUP_ID: Readonly<Record<string, string>> = { [T.Registry]: "registry", [T.Vault]: "vault" };

/** Why the resource refuses public traffic, or undefined when it does not. */
function closedBecause(r: PolicyResource): string | undefined {
  if (r.type === T.Registry) {
    return r.inputs.publicNetworkAccess === "Disabled" ? 'publicNetworkAccess is "Disabled"' : undefined;
  }
  const acl = read(r.inputs, "properties.networkAcls.defaultAction");
  const pna = read(r.inputs, "properties.publicNetworkAccess");
  if (pna.state === "value" && typeof pna.value === "string" && pna.value.toLowerCase() === "disabled") return 'properties.publicNetworkAccess is "Disabled"';
  return acl.state === "value" && acl.value === "Deny" ? 'properties.networkAcls.defaultAction is "Deny"' : undefined;
}

/** Zone name from a private DNS zone id (…/privateDnsZones/<zone> or a mock id ending in the zone). */
const zoneNameOf = (id: unknown) => (typeof id === "string" && id !== UNKNOWN ? id.split("/").pop()?.toLowerCase() : undefined);

/**
 * A registry or vault that refuses public traffic is reachable only through a private endpoint,
 * and only by name when the endpoint's DNS zone group writes its records into a private zone that
 * is linked to the VNet. Missing any of the three, App Service cannot pull or resolve Key Vault
 * references and the deployment agents cannot push or read secrets, yet the plan looks fine.
 */
export const privateAccessHasEndpoint: StackRule = {
  id: "private-access-has-endpoint",
  kind: "stack",
  description: "A registry or vault with public access disabled or a Deny default has a private endpoint to it, a DNS zone group on that endpoint, and the zone linked to a VNet.",
  benchmarks: benchmarks({
    asb: ["NS-2"],
    checkov: ["CKV2_AZURE_32"],
    azurePolicy: ["e8eef0a8-67cf-4eb4-9386-14b0e78733d4", "a6abeaec-4d90-4a02-805f-6b26c4d3fbe9"],
    cis: ["3.0.0 3.3.7"],
  }),
  check: (resources) => {
    const endpoints = ofType(resources, T.PrivateEndpoint);
    const zoneGroups = ofType(resources, T.PrivateDnsZoneGroup);
    const links = ofType(resources, T.VirtualNetworkLink);
    const findings: Finding[] = [];
    for (const target of ofType(resources, T.Registry, T.Vault)) {
      const why = closedBecause(target);
      if (!why) continue;
      const groupId = GROUP_ID[target.type];
      const mine = endpoints.filter((pe) => {
        const conns = pe.inputs.privateLinkServiceConnections;
        return Array.isArray(conns) && conns.some((c) => {
          const conn = c as { privateLinkServiceId?: unknown; groupIds?: unknown };
          return idRefersTo(conn.privateLinkServiceId, target) && Array.isArray(conn.groupIds) && conn.groupIds.includes(groupId);
        });
      }) ;
      if (mine.length === 0) {
        findings.push({ resource: target, detail: `${why} but no private endpoint reaches it; add privateEndpoint(…, { targetId: <its id>, groupId: "${groupId}" }) (infra/guardrails/private-endpoint.ts), e.g. privateNetwork: true` });
        continue;
      }
      const groups = zoneGroups.filter((g) => mine.some((pe) => g.inputs.privateEndpointName === pe.inputs.privateEndpointName || g.references?.privateEndpointName?.includes(pe.urn)));
      const zones = groups.flatMap((g) => (Array.isArray(g.inputs.privateDnsZoneConfigs) ? g.inputs.privateDnsZoneConfigs : []).map((c) => zoneNameOf((c as { privateDnsZoneId?: unknown }).privateDnsZoneId)));
      if (zones.filter(Boolean).length === 0) {
        findings.push({ resource: target, detail: `${why}; its private endpoint ${mine.map((pe) => pe.name).join(", ")} has no DNS zone group, so its name still resolves to the public address; add a PrivateDnsZoneGroup with the privatelink zone (privateEndpoint(…) makes both)` });
        continue;
      }
      const linked = zones.some((z) => links.some((l) => typeof l.inputs.privateZoneName === "string" && l.inputs.privateZoneName.toLowerCase() === z && l.inputs.virtualNetwork !== undefined));
      if (!linked) {
        findings.push({ resource: target, detail: `${why}; the private DNS zone ${zones.join(", ")} of its endpoint is linked to no VNet, so callers in the VNet resolve the public address; add a privatedns.VirtualNetworkLink to the VNet (Network component)` });
      }
    }
    return findings;
  },
};

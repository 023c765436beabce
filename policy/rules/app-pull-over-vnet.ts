import { Finding, PolicyResource, StackRule, UNKNOWN, benchmarks, ofType, physicalName, read } from "../model";
import { hostedSlots, slotsOf } from "./links";
import { T } from "./types";

/** Login servers (`<name>.azurecr.io`) of the registries that refuse public traffic. */
function privateLoginServers(resources: readonly PolicyResource[]): string[] {
  return ofType(resources, T.Registry)
    .filter((r) => r.inputs.publicNetworkAccess === "Disabled")
    .map((r) => physicalName(r)?.toLowerCase())
    .filter((n): n is string => n !== undefined)
    .map((n) => `${n}.azurecr.io`);
}

/** True when the site's image comes from one of `servers` (or cannot be read: then assume it does). */
function pullsFrom(site: PolicyResource, servers: readonly string[]): boolean {
  const fx = read(site.inputs, "siteConfig.linuxFxVersion");
  if (fx.state !== "value" || typeof fx.value !== "string" || fx.value === UNKNOWN) return true;
  const image = fx.value.replace(/^DOCKER\|/i, "").toLowerCase();
  return servers.some((s) => image.startsWith(`${s}/`));
}

function siteFindings(site: PolicyResource, what: string): Finding[] {
  const findings: Finding[] = [];
  const subnet = site.inputs.virtualNetworkSubnetId;
  if (typeof subnet !== "string" || subnet.length === 0) {
    findings.push({ resource: site, detail: `${what} pulls from a registry with public access disabled but virtualNetworkSubnetId is not set; integrate it with the app subnet (AppHosting vnetIntegration) on the app and on every slot` });
  }
  const pull = read(site.inputs, "outboundVnetRouting.imagePullTraffic");
  const all = read(site.inputs, "outboundVnetRouting.allTraffic");
  const pullOverVnet = (pull.state === "value" && pull.value === true) || (all.state === "value" && all.value === true);
  if (!pullOverVnet) {
    findings.push({ resource: site, detail: `${what} pulls from a registry with public access disabled but outboundVnetRouting.imagePullTraffic is ${pull.state === "value" ? JSON.stringify(pull.value) : "not set"}; set outboundVnetRouting: { applicationTraffic: true, imagePullTraffic: true }` });
  }
  return findings;
}

/**
 * Image pull is "configuration routing": it takes the public route unless routed through the VNet,
 * so an app pulling from a private registry needs VNet integration AND image pull over the VNet —
 * on every slot, since VNet integration is per slot and sticky on swap.
 */
export const appPullOverVnet: StackRule = {
  id: "app-pull-over-vnet",
  kind: "stack",
  description: "A web app pulling from a registry with public access disabled has VNet integration with image pull over the VNet, on the app and on every slot.",
  benchmarks: benchmarks({
    asb: ["NS-2"],
    azurePolicy: ["72d04c29-f87d-4575-9731-419ff16a2757", "801543d1-1953-4a90-b8b0-8cf6d41473a5", "5747353b-1ca9-42c1-a4dd-b874b894f3d4"],
  }),
  check: (resources) => {
    const servers = privateLoginServers(resources);
    if (servers.length === 0) return [];
    const slotFindings = (slot: PolicyResource) => (pullsFrom(slot, servers) ? siteFindings(slot, `slot ${JSON.stringify(slot.inputs.slot ?? slot.name)}`) : []);
    return [
      ...ofType(resources, T.WebApp).flatMap((app) => [...(pullsFrom(app, servers) ? siteFindings(app, "the app") : []), ...slotsOf(resources, app).flatMap(slotFindings)]),
      // A slot hosted on another stack's app pulls this stack's image like any slot.
      ...hostedSlots(resources).flatMap(slotFindings),
    ];
  },
};

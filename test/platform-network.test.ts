/**
 * The network pieces as components: what each declares and what it rejects before registering
 * anything. The wiring into the real stacks is proved in stacks-platform.test.ts and
 * policy-stacks.test.ts.
 */
import { AgentPool, AgentPoolArgs, AgentPoolArgsError } from "../infra/delivery/agent-pool";
import { Network, NetworkArgs, NetworkArgsError } from "../infra/platform/network";
import { Registry, RegistryArgsError } from "../infra/platform/registry";
import { Vault, VaultArgsError } from "../infra/platform/vault";
import { MOCK_SUBSCRIPTION_ID, MOCK_TENANT_ID } from "../tools/plan/mocks";
import { Recorded, recordResources } from "./support/harness";

const RG = "rg-pcpro-test";
const WORKSPACE = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/log-pcpro-test`;
const PE_SUBNET = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe`;
const children = (rec: Recorded) => rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");

const networkArgs = (over: Partial<NetworkArgs> = {}): NetworkArgs => ({
  resourceGroupName: RG,
  location: "westeurope",
  vnetName: "vnet-pcpro-test",
  addressSpace: "10.60.0.0/22",
  subnets: { appIntegration: "10.60.0.0/26", privateEndpoints: "10.60.0.64/27", agents: "10.60.0.128/27" },
  workspaceId: WORKSPACE,
  ...over,
});

describe("Network", () => {
  test("unprotected: no locks, no protect; subnets written one after another; no grant without a principal", async () => {
    const rec = await recordResources(() => void new Network("net", networkArgs()));
    expect(rec.ofType("azure-native:authorization:ManagementLockByScope")).toEqual([]);
    expect(rec.one("azure-native:network:VirtualNetwork").protect).toBe(false);
    expect(rec.ofType("azure-native:authorization:RoleAssignment")).toEqual([]);
    const [app, pe, agents] = ["appIntegration", "privateEndpoints", "agents"].map((k) => rec.one("azure-native:network:Subnet", `net-subnet-${k}`));
    expect(app.dependsOn).toEqual([]);
    expect(pe.dependsOn).toEqual([app.urn]);
    expect(agents.dependsOn).toEqual([pe.urn]);
    // The endpoints' NSG filters endpoint traffic only because network policies are on there.
    expect(rec.one("azure-native:network:NetworkSecurityGroup", "net-nsg-privateEndpoints").inputs.securityRules).toEqual([
      expect.objectContaining({ name: "allow-https-from-vnet", access: "Allow", destinationPortRange: "443", sourceAddressPrefix: "VirtualNetwork" }),
      expect.objectContaining({ name: "deny-all-other-inbound", access: "Deny", priority: 4096 }),
    ]);
    // Diagnostics for the VNet and each NSG.
    expect(rec.ofType("azure-native:monitor:DiagnosticSetting")).toHaveLength(4);
  });

  test("protected: VNet and both DNS zones protected and locked; DevOpsInfrastructure gets Reader and Network Contributor on the VNet", async () => {
    const rec = await recordResources(() => void new Network("net", networkArgs({ protect: true, devopsInfrastructurePrincipalId: "mdp-sp" })));
    const vnet = rec.one("azure-native:network:VirtualNetwork");
    const zones = rec.ofType("azure-native:privatedns:PrivateZone");
    expect([vnet, ...zones].map((r) => r.protect)).toEqual([true, true, true]);
    const scopes = rec.ofType("azure-native:authorization:ManagementLockByScope").map((l) => String(l.inputs.scope)).sort();
    expect(scopes.map((s) => s.split("/providers/")[1])).toEqual([
      "Mock.network/VirtualNetwork/vnet-pcpro-test",
      "Mock.privatedns/PrivateZone/privatelink.azurecr.io",
      "Mock.privatedns/PrivateZone/privatelink.vaultcore.azure.net",
    ]);
    const grants = rec.ofType("azure-native:authorization:RoleAssignment");
    expect(grants.map((g) => [g.inputs.principalId, String(g.inputs.roleDefinitionId).split("/").pop(), String(g.inputs.scope).endsWith("/VirtualNetwork/vnet-pcpro-test")])).toEqual([
      ["mdp-sp", "acdd72a7-3385-48ef-bd42-f606fba81ae7", true],
      ["mdp-sp", "4d97b98b-1d4f-4787-a291-c67834d212e7", true],
    ]);
  });

  test("bad prefixes are rejected before anything is registered", async () => {
    const rec = await recordResources(() => {
      expect(() => new Network("net", networkArgs({ addressSpace: "10.60.0.0" }))).toThrow(NetworkArgsError);
      expect(() => new Network("net", networkArgs({ subnets: { appIntegration: "10.60.0.0/26", privateEndpoints: "10.60.0.64/27" } as NetworkArgs["subnets"] }))).toThrow(/subnets: expected a prefix for agents/);
    });
    expect(children(rec)).toEqual([]);
  });
});

describe("private endpoints of the registry and the vault", () => {
  const link = { subnetId: PE_SUBNET, dnsZoneId: "zone-id", endpointLocation: "westeurope" };

  test("registry: public access Disabled, one endpoint after the replicas, zone group on it", async () => {
    const rec = await recordResources(() => {
      new Registry("acr", { resourceGroupName: RG, location: "westeurope", registryName: "acrpcprotest", sku: "Premium", geoReplicationLocations: ["northeurope"], privateLink: link, workspaceId: WORKSPACE });
    });
    expect(rec.one("azure-native:containerregistry:Registry").inputs.publicNetworkAccess).toBe("Disabled");
    const pe = rec.one("azure-native:network:PrivateEndpoint");
    expect(pe.inputs).toMatchObject({ privateEndpointName: "pe-acrpcprotest", privateLinkServiceConnections: [{ groupIds: ["registry"] }] });
    expect(pe.dependsOn).toEqual([rec.one("azure-native:containerregistry:Replication").urn]);
    expect(rec.one("azure-native:network:PrivateDnsZoneGroup").inputs).toMatchObject({ privateEndpointName: "pe-acrpcprotest", privateDnsZoneConfigs: [{ name: "registry", privateDnsZoneId: "zone-id" }] });
  });

  test("a private endpoint needs Premium (registry) and a Deny firewall (vault)", async () => {
    const rec = await recordResources(() => {
      expect(() => new Registry("acr", { resourceGroupName: RG, location: "westeurope", registryName: "acrpcprotest", privateLink: link, workspaceId: WORKSPACE })).toThrow(RegistryArgsError);
      expect(() => new Vault("kv", { resourceGroupName: RG, location: "westeurope", vaultName: "kv-test", tenantId: MOCK_TENANT_ID, networkDefaultAction: "Allow", privateLink: link, workspaceId: WORKSPACE })).toThrow(
        /privateLink needs networkDefaultAction "Deny"/,
      );
    });
    expect(children(rec)).toEqual([]);
    expect(VaultArgsError).toBeDefined();
  });
});

describe("AgentPool", () => {
  const poolArgs = (over: Partial<AgentPoolArgs> = {}): AgentPoolArgs => ({
    resourceGroupName: RG, location: "westeurope", devCenterName: "dc-test", projectName: "dcp-test", poolName: "mdp-test-x7k2",
    subnetId: "agents-subnet", maximumConcurrency: 3, organizationUrl: "https://dev.azure.com/contoso", projects: ["Proj"], ...over,
  });

  test("the pool belongs to the Dev Center project and its agents sit in the subnet", async () => {
    const rec = await recordResources(() => void new AgentPool("agents", poolArgs()));
    const project = rec.one("azure-native:devcenter:Project");
    expect(project.inputs.devCenterId).toMatch(/\/DevCenter\/dc-test$/);
    expect(rec.one("azure-native:devopsinfrastructure:Pool").inputs).toMatchObject({
      devCenterProjectResourceId: expect.stringMatching(/\/Project\/dcp-test$/),
      maximumConcurrency: 3,
      fabricProfile: { sku: { name: "Standard_D2ads_v5" }, networkProfile: { subnetId: "agents-subnet" }, osProfile: { logonType: "Service" } },
      organizationProfile: { organizations: [{ parallelism: 3, openAccess: false }], permissionProfile: { kind: "Inherit" } },
    });
  });

  test("no projects or a non-positive concurrency are rejected before anything is registered", async () => {
    const rec = await recordResources(() => {
      expect(() => new AgentPool("agents", poolArgs({ projects: [] }))).toThrow(AgentPoolArgsError);
      expect(() => new AgentPool("agents", poolArgs({ maximumConcurrency: 0 }))).toThrow(/maximumConcurrency: expected a whole number of agents >= 1; found 0/);
    });
    expect(children(rec)).toEqual([]);
  });
});

import { createHash } from "crypto";
import type * as pulumi from "@pulumi/pulumi";

/** Fixed ids so plans are stable across runs and machines. */
export const MOCK_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
export const MOCK_TENANT_ID = "11111111-1111-1111-1111-111111111111";

/** A GUID derived from a seed, so mock identities and ids are stable from run to run. */
export function mockGuid(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

type Inputs = Record<string, unknown>;
export type InvokeMock = (args: Inputs) => Inputs;

/** Results of the functions (invokes) the program calls, by token. */
export const DEFAULT_INVOKES: Record<string, InvokeMock> = {
  "azure-native:authorization:getClientConfig": () => ({
    clientId: mockGuid("client"),
    objectId: mockGuid("deployer"),
    subscriptionId: MOCK_SUBSCRIPTION_ID,
    tenantId: MOCK_TENANT_ID,
  }),
  "docker:index/getRegistryImage:getRegistryImage": (args) => ({
    id: `${String(args.name)}-id`,
    name: args.name,
    sha256Digest: `sha256:${mockGuid(`digest:${String(args.name)}`).replace(/-/g, "")}${"0".repeat(32)}`,
  }),
  // The chat relay's trigger URL (signed; the program keeps it secret).
  "azure-native:logic:listWorkflowTriggerCallbackUrl": (args) => ({
    value: `https://prod-00.westeurope.logic.azure.com/workflows/${mockGuid(`workflow:${String(args.workflowName)}`).replace(/-/g, "")}/triggers/${String(args.triggerName)}/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2F${String(args.triggerName)}%2Frun&sv=1.0&sig=mock-signature-${mockGuid(`sig:${String(args.workflowName)}`).slice(0, 8)}`,
    method: "POST",
    basePath: `https://prod-00.westeurope.logic.azure.com/workflows/${String(args.workflowName)}/triggers/${String(args.triggerName)}/paths/invoke`,
    relativePath: "",
  }),
  // Stacks that do not own the build definitions look them up by name.
  "azuredevops:index/getBuildDefinition:getBuildDefinition": (args) => ({
    id: numericId(`definition:${String(args.name)}`),
    name: args.name,
    path: args.path,
    projectId: args.projectId,
  }),
  "azuredevops:index/getProject:getProject": (args) => ({
    id: mockGuid(`project:${String(args.name)}`),
    projectId: mockGuid(`project:${String(args.name)}`),
    name: args.name,
    visibility: "private",
    processTemplateId: mockGuid("agile"),
  }),
  "azuredevops:index/getGitRepository:getGitRepository": (args) => ({
    id: mockGuid(`repo:${String(args.name)}`),
    name: args.name,
    projectId: args.projectId,
    defaultBranch: "refs/heads/main",
    url: `https://dev.azure.com/mock/_git/${String(args.name)}`,
  }),
};

/**
 * Types with several `…Name` inputs (inputs arrive sorted by key): the one that is the resource's
 * own name, so ids and `name` outputs match what Azure would answer.
 */
const NAME_INPUT: Readonly<Record<string, string>> = {
  "azure-native:network:PrivateEndpoint": "privateEndpointName",
  "azure-native:network:PrivateDnsZoneGroup": "privateDnsZoneGroupName",
  "azure-native:network:Subnet": "subnetName",
  "azure-native:privatedns:VirtualNetworkLink": "virtualNetworkLinkName",
  "azure-native:devopsinfrastructure:Pool": "poolName",
};

/** The Azure name a resource's inputs give it (azure-native names its name property per type). */
function physicalName(type: string, inputs: Inputs, logicalName: string): string {
  if (type === "azure-native:resources:ResourceGroup" && typeof inputs.resourceGroupName === "string") return inputs.resourceGroupName;
  const own = NAME_INPUT[type];
  if (own !== undefined && typeof inputs[own] === "string") return inputs[own] as string;
  if (typeof inputs.name === "string") return inputs.name;
  const nameKey = Object.keys(inputs).find(
    (k) => k.endsWith("Name") && k !== "resourceGroupName" && typeof inputs[k] === "string",
  );
  return nameKey ? (inputs[nameKey] as string) : logicalName;
}

/** An ARM-shaped id, so ids passed between resources (scopes, parents) look like the real ones. */
export function armId(type: string, inputs: Inputs, name: string): string {
  const sub = `/subscriptions/${MOCK_SUBSCRIPTION_ID}`;
  if (type === "azure-native:resources:ResourceGroup") return `${sub}/resourceGroups/${name}`;
  const [, module, kind] = type.split(":");
  const rg = typeof inputs.resourceGroupName === "string" ? inputs.resourceGroupName : "mock-rg";
  return `${sub}/resourceGroups/${rg}/providers/Mock.${module}/${kind}/${name}`;
}

/** Azure DevOps answers these with numeric ids, which the binding converts to integers. */
const NUMERIC_ID_TYPES: ReadonlySet<string> = new Set([
  "azuredevops:index/buildDefinition:BuildDefinition",
  "azuredevops:index/environment:Environment",
  "azuredevops:index/variableGroup:VariableGroup",
]);

function numericId(seed: string): string {
  return String(1000 + (parseInt(createHash("sha256").update(seed).digest("hex").slice(0, 6), 16) % 9000));
}

/** Outputs Azure computes that later resources read, per type (ids and names come generically). */
function computedOutputs(type: string, inputs: Inputs, name: string, id: string): Inputs {
  switch (type) {
    case "azure-native:managedidentity:UserAssignedIdentity":
      return { clientId: mockGuid(`client:${id}`), principalId: mockGuid(`principal:${id}`), tenantId: MOCK_TENANT_ID };
    case "azure-native:containerregistry:Registry":
      return { loginServer: `${name}.azurecr.io` };
    case "azure-native:keyvault:Vault":
      return { properties: { ...(inputs.properties as Inputs), vaultUri: `https://${name}.vault.azure.net/` } };
    case "azure-native:keyvault:Secret": {
      const uri = `https://${String(inputs.vaultName)}.vault.azure.net/secrets/${name}`;
      return { properties: { ...(inputs.properties as Inputs), secretUri: uri, secretUriWithVersion: `${uri}/${mockGuid(uri).replace(/-/g, "")}` } };
    }
    case "azure-native:web:WebApp":
      return { defaultHostName: `${name}.azurewebsites.net` };
    case "azure-native:web:WebAppSlot":
      return { defaultHostName: `${name}-${String(inputs.slot)}.azurewebsites.net` };
    case "azure-native:operationalinsights:Workspace":
      return { customerId: mockGuid(`workspace:${id}`) };
    case "azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM":
      // Values no input carries, so a test that finds them downstream proves the wiring.
      return {
        workloadIdentityFederationIssuer: `https://vstoken.dev.azure.com/${mockGuid("organization")}`,
        workloadIdentityFederationSubject: `sc://pinecone-software/PineCone Pro/${String(inputs.serviceEndpointName)}`,
      };
    case "azure-native:applicationinsights:Component":
      return {
        appId: mockGuid(`appinsights:${id}`),
        instrumentationKey: mockGuid(`ikey:${id}`),
        connectionString: `InstrumentationKey=${mockGuid(`ikey:${id}`)};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/`,
      };
    default:
      return {};
  }
}

/** The principal id the mocks give a user-assigned identity (what that stack's offline plan shows). */
export function mockIdentityPrincipalId(resourceGroupName: string, identityName: string): string {
  const type = "azure-native:managedidentity:UserAssignedIdentity";
  return mockGuid(`principal:${armId(type, { resourceGroupName }, identityName)}`);
}

/** Outputs of another stack, by fully qualified stack name, for `pulumi.StackReference` under mocks. */
export type StackOutputsMock = (stackName: string) => Inputs | undefined;

/**
 * Pulumi mocks for offline plans and tests: every resource echoes its inputs as its state, plus
 * the computed outputs later resources read (ids, names, identity ids). Stack references get
 * `stackOutputs(name)` (nothing when it is not given).
 */
export function createMocks(extraInvokes: Record<string, InvokeMock> = {}, stackOutputs?: StackOutputsMock): pulumi.runtime.Mocks {
  const invokes = { ...DEFAULT_INVOKES, ...extraInvokes };
  return {
    newResource(args) {
      const inputs = args.inputs as Inputs;
      if (args.type === "pulumi:pulumi:StackReference") {
        const refName = String(inputs.name);
        return { id: refName, state: { name: refName, outputs: stackOutputs?.(refName) ?? {}, secretOutputNames: [] } };
      }
      const name = physicalName(args.type, inputs, args.name);
      const isAzure = args.type.startsWith("azure-native:");
      const id = isAzure ? armId(args.type, inputs, name) : NUMERIC_ID_TYPES.has(args.type) ? numericId(args.name) : `${args.name}-id`;
      const state: Inputs = { ...inputs, name, ...(isAzure ? { id } : {}) };
      Object.assign(state, computedOutputs(args.type, inputs, name, id));
      return { id, state };
    },
    call(args) {
      const mock = invokes[args.token];
      return mock ? mock(args.inputs as Inputs) : (args.inputs as Inputs);
    },
  };
}

import * as pulumi from "@pulumi/pulumi";
import * as devcenter from "@pulumi/azure-native/devcenter";
import * as devopsinfrastructure from "@pulumi/azure-native/devopsinfrastructure";

/** Invalid AgentPool args. Thrown before any child resource is registered. */
export class AgentPoolArgsError extends Error {
  constructor(component: string, message: string) {
    super(`AgentPool "${component}": ${message}`);
    this.name = "AgentPoolArgsError";
  }
}

/**
 * The image of the agents. "ubuntu-24.04" is the Azure Pipelines image of the same name (the tools
 * the Microsoft-hosted agents have, so the pipelines' scripts run unchanged). Written like the
 * documented well-known aliases ("ubuntu-22.04"); the "/latest" suffix seen in third-party code is
 * unconfirmed, so it is left out (the alias follows the newest version). Verify the name in the
 * portal's image library once per organisation.
 */
export const AGENT_IMAGE = "ubuntu-24.04";

export interface AgentPoolArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  /** Region of the pool: the VNet's (Managed DevOps Pools require the same region). */
  readonly location: pulumi.Input<string>;
  /** Azure name of the Dev Center the pool's project belongs to. */
  readonly devCenterName: pulumi.Input<string>;
  /** Azure name of the Dev Center project. */
  readonly projectName: pulumi.Input<string>;
  /** Globally unique pool name, also the Azure DevOps agent pool name (devops-names.ts agentPoolName). */
  readonly poolName: pulumi.Input<string>;
  /** Id of the subnet delegated to Microsoft.DevOpsInfrastructure/pools. */
  readonly subnetId: pulumi.Input<string>;
  /** Most agents at once (plain: the subnet was sized for it). */
  readonly maximumConcurrency: number;
  /** VM size of the agents. Default: "Standard_D2ads_v5" (Microsoft's default). */
  readonly vmSku?: string;
  /** Azure DevOps organisation URL (https://dev.azure.com/<org>). */
  readonly organizationUrl: pulumi.Input<string>;
  /** Azure DevOps projects that may use the pool. */
  readonly projects: readonly pulumi.Input<string>[];
  /** Default: {}. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * A Managed DevOps Pool whose agents run inside the stack's VNet, with the Dev Center and project
 * Azure requires for it. Stateless: every job gets a fresh agent, so nothing one pipeline leaves
 * behind (credentials, caches) reaches the next.
 */
export class AgentPool extends pulumi.ComponentResource {
  public readonly poolId: pulumi.Output<string>;
  public readonly poolName: pulumi.Output<string>;

  constructor(name: string, args: AgentPoolArgs, opts?: pulumi.ComponentResourceOptions) {
    if (!Number.isInteger(args.maximumConcurrency) || args.maximumConcurrency < 1) {
      throw new AgentPoolArgsError(name, `maximumConcurrency: expected a whole number of agents >= 1; found ${JSON.stringify(args.maximumConcurrency)}.`);
    }
    if (args.projects.length === 0) throw new AgentPoolArgsError(name, "projects: expected at least one Azure DevOps project; found none (the pool would be open to every project).");
    super("pinecone:delivery:AgentPool", name, {}, opts);
    const { resourceGroupName, location, tags } = args;

    const center = new devcenter.DevCenter(`${name}-devcenter`, { devCenterName: args.devCenterName, resourceGroupName, location, tags }, { parent: this });
    const project = new devcenter.Project(
      `${name}-devcenter-project`,
      { projectName: args.projectName, resourceGroupName, location, devCenterId: center.id, tags },
      { parent: this },
    );
    const pool = new devopsinfrastructure.Pool(
      `${name}-pool`,
      {
        poolName: args.poolName,
        resourceGroupName,
        location,
        devCenterProjectResourceId: project.id,
        maximumConcurrency: args.maximumConcurrency,
        organizationProfile: {
          kind: "AzureDevOps",
          // Only the named projects, and pipelines must be authorised to use the pool (openAccess off):
          // agents inside the private network are not for every pipeline of the organisation.
          organizations: [{ url: args.organizationUrl, projects: [...args.projects], parallelism: args.maximumConcurrency, openAccess: false }],
          // Administrators of the Azure DevOps pool follow the organisation's agent-pool roles.
          permissionProfile: { kind: "Inherit" },
        },
        agentProfile: { kind: "Stateless" },
        fabricProfile: {
          kind: "Vmss",
          sku: { name: args.vmSku ?? "Standard_D2ads_v5" },
          images: [{ wellKnownImageName: AGENT_IMAGE }],
          networkProfile: { subnetId: args.subnetId },
          osProfile: { logonType: "Service" },
        },
        tags,
      },
      { parent: this },
    );

    this.poolId = pool.id;
    this.poolName = pool.name;
    this.registerOutputs({ poolId: this.poolId, poolName: this.poolName });
  }
}

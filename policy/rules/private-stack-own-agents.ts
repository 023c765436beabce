import { PolicyResource, StackRule, benchmarks, ofType, read } from "../model";
import { T } from "./types";

/** Stands for the stack when the finding is about something that is missing. */
const STACK: PolicyResource = { urn: "", type: "pulumi:pulumi:Stack", name: "(stack)", inputs: {}, protect: false, ignoreChanges: [] };

/**
 * A private stack's registry and vault answer only inside its VNet, so the jobs that push and
 * import images, run `pulumi up`/`preview` and read the vault must run there: on the stack's own
 * Managed DevOps Pool, injected into a subnet, never on a Microsoft-hosted pool. The pool the
 * pipelines target comes from the stack facts (`pipelineAgentPool`, the value the generated
 * pipelines/templates/stacks.yml holds; "" = Microsoft-hosted).
 */
export const privateStackOwnAgents: StackRule = {
  id: "private-stack-own-agents",
  kind: "stack",
  description: "A private stack's pipelines target a Managed DevOps Pool that the stack declares inside its VNet, never a Microsoft-hosted pool.",
  benchmarks: benchmarks({ asb: ["NS-2"] }),
  check: (resources, ctx) => {
    if (!ctx.privateNetwork) return [];
    if (ctx.pipelineAgentPool === "") {
      return [{ resource: STACK, detail: "the stack is private (privateNetwork: true) but its pipelines target Microsoft-hosted agents, which cannot reach its registry or vault; run `npm run gen:config-docs` so pipelines/templates/stacks.yml names the stack's Managed DevOps Pool" }];
    }
    const pools = ofType(resources, T.AgentPool);
    const pool = pools.find((p) => p.inputs.poolName === ctx.pipelineAgentPool);
    if (!pool) {
      const found = pools.length === 0 ? "declares no Managed DevOps Pool" : `declares only ${pools.map((p) => JSON.stringify(p.inputs.poolName)).join(", ")}`;
      return [{ resource: STACK, detail: `the pipelines target the pool "${ctx.pipelineAgentPool}" but the stack ${found}; declare it (AgentPool, infra/delivery/agent-pool.ts) in the agent subnet` }];
    }
    const subnet = read(pool.inputs, "fabricProfile.networkProfile.subnetId");
    if (subnet.state !== "value" || typeof subnet.value !== "string" || subnet.value.length === 0) {
      return [{ resource: pool, detail: "fabricProfile.networkProfile.subnetId is not set, so the agents run on Microsoft's network and cannot reach the private endpoints; inject the pool into the agent subnet" }];
    }
    return [];
  },
};

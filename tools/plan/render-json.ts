import { StackPlan } from "./plan";

/** Version of the machine form; bump it when a field changes meaning or disappears. */
export const PLAN_JSON_VERSION = 1;

/** The machine form of a plan (documented in README.md, "delivery plan --json"). Pure. */
export function planToJson(plan: StackPlan) {
  return {
    stack: plan.stack,
    project: plan.project,
    source: plan.source,
    offline: true,
    resources: plan.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      parent: r.parent ?? null,
      custom: r.custom,
      inputs: r.inputs,
      secretInputs: r.secretPaths,
      options: {
        protect: r.protect,
        ignoreChanges: r.ignoreChanges,
        dependsOn: r.dependsOn,
        provider: r.provider ?? null,
        version: r.version ?? null,
      },
    })),
    outputs: plan.outputs,
    secretOutputs: plan.secretOutputs,
    releaseFreezes: plan.releaseFreezes,
    policy: plan.policy,
    assumptions: plan.assumptions,
    paths: plan.paths.map(pathToJson),
  };
}

export function plansToJson(plans: readonly StackPlan[]) {
  return { kind: "pinecone-delivery/plan", version: PLAN_JSON_VERSION, plans: plans.map(planToJson) };
}

/** One release path in the machine form (README, "Release paths"). */
export function pathToJson(p: StackPlan["paths"][number]) {
  return {
    id: p.id,
    kind: p.kind,
    from: p.from,
    to: p.to,
    needs: p.needs,
    ok: p.ok,
    access: p.access,
    network: p.network,
    assumed: p.assumed ?? null,
    message: p.message ?? null,
    resource: p.resource?.name ?? null,
  };
}

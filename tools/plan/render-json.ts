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
  };
}

export function plansToJson(plans: readonly StackPlan[]) {
  return { kind: "pinecone-delivery/plan", version: PLAN_JSON_VERSION, plans: plans.map(planToJson) };
}

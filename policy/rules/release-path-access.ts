import { PolicyResource, StackRule, UNKNOWN, benchmarks } from "../model";
import { evaluateReleasePaths, PathResult, PT } from "../release-paths/evaluate";

/** Where a path's finding is reported: its target, else the stack. */
export function pathResource(p: PathResult): PolicyResource {
  return p.resource ?? { urn: "", name: "(stack)", type: "pulumi:pulumi:Stack", inputs: {}, protect: false, ignoreChanges: [] };
}

/**
 * True when a preview has not computed some role assignment's role, scope or principal yet (a new
 * stack in CrossGuard): the access rows cannot be judged, so they are reported unverified, never
 * as violations that would block the first `up`.
 */
export function grantsUnknown(resources: readonly PolicyResource[]): boolean {
  return resources.some((r) => r.type === PT.RoleAssignment && ["roleDefinitionId", "scope", "principalId"].some((k) => r.inputs[k] === UNKNOWN));
}

export const releasePathAccess: StackRule = {
  id: "release-path-access",
  kind: "stack",
  defaultLevel: "mandatory",
  description:
    "Every identity the delivery system relies on (slot, deploy, preview, next stage) holds exactly the roles its release path needs at the target's scope: pull, secrets, deploy, constrained role assignment, locks, import on both registries, signing, release events, read-only previews, and the rollback alert reaches its webhook.",
  benchmarks: benchmarks({ asb: ["PA-7"] }),
  check: (resources, ctx) =>
    evaluateReleasePaths(resources, { ...ctx.releasePaths, pipelines: undefined })
      .filter((p) => !p.access.ok)
      .map((p) => ({ resource: pathResource(p), detail: p.message ?? `${p.from} → ${p.to}: broken`, ...(grantsUnknown(resources) ? { unverifiable: true } : {}) })),
};

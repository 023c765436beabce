import { StackRule, benchmarks } from "../model";
import { evaluateReleasePaths } from "../release-paths/evaluate";
import { pathResource } from "./release-path-access";

export const releasePathNetwork: StackRule = {
  id: "release-path-network",
  kind: "stack",
  defaultLevel: "mandatory",
  description:
    "Every release path has a network path: a public target, ARM, trusted services for registry imports, or, for a target with public access off or denied, a private endpoint to it, its DNS zone group and the caller's VNet path (the app's VNet integration routing that traffic; a Managed DevOps Pool for pipelines).",
  benchmarks: benchmarks({ asb: ["NS-2"] }),
  check: (resources, ctx) =>
    evaluateReleasePaths(resources, { ...ctx.releasePaths, pipelines: undefined })
      .filter((p) => p.access.ok && !p.network.ok)
      .map((p) => ({ resource: pathResource(p), detail: p.message ?? `${p.from} → ${p.to}: no network path` })),
};

import { StackRule, benchmarks } from "../model";
import { evaluateReleasePaths } from "../release-paths/evaluate";
import { pathResource } from "./release-path-access";

export const releasePathPipelines: StackRule = {
  id: "release-path-pipelines",
  kind: "stack",
  defaultLevel: "mandatory",
  description:
    "Every pipeline file that binds this stack's environment or service connection passes its checks (required template by path and ref, branch control for the ref its runs come from, branch control on every deploy connection) and is authorised on it. Needs the pipelines' YAML (delivery plan reads it); without it the rule has nothing to judge.",
  benchmarks: benchmarks({}),
  check: (resources, ctx) =>
    ctx.releasePaths?.pipelines === undefined
      ? []
      : evaluateReleasePaths(resources, ctx.releasePaths)
          .filter((p) => p.kind === "pipeline" && !p.ok)
          .map((p) => ({ resource: pathResource(p), detail: p.message ?? `${p.from} → ${p.to}: broken` })),
};

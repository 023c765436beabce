import { Finding, StackRule, benchmarks, ofType, refersTo } from "../model";
import { T } from "./types";

/** Resources whose deletion loses data or names: registry images, vault secrets, logs, telemetry. */
export const STATEFUL_TYPES = [T.Registry, T.Vault, T.Workspace, T.Component];

export const statefulProtectAndLock: StackRule = {
  id: "stateful-protect-and-lock",
  kind: "stack",
  description: "In a stack that protects stateful resources, every registry, vault, workspace and Application Insights component has Pulumi `protect` and a CanNotDelete lock.",
  benchmarks: benchmarks({ asb: ["AM-4"], cis: ["3.0.0 10.1"] }),
  check: (resources, ctx) => {
    if (!ctx.protectStatefulResources) return [];
    const locks = ofType(resources, T.Lock);
    const findings: Finding[] = [];
    for (const r of ofType(resources, ...STATEFUL_TYPES)) {
      if (!r.protect) findings.push({ resource: r, detail: "protect is false; pass statefulOptions(protect, …) (infra/guardrails/locks.ts) so it is true" });
      const mine = locks.filter((l) => refersTo(l, "scope", r));
      if (!mine.some((l) => l.inputs.level === "CanNotDelete")) {
        const found = mine.length === 0 ? "has no management lock" : `has only ${mine.map((l) => JSON.stringify(l.inputs.level)).join(", ")} locks`;
        findings.push({ resource: r, detail: `${found}; add deleteLock(…) (a CanNotDelete lock, infra/guardrails/locks.ts)` });
      }
    }
    return findings;
  },
};

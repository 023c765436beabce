import { releaseOwnedPaths } from "../../infra/guardrails/release-owned";
import { ResourceRule, benchmarks } from "../model";
import { SITE_TYPES } from "./types";

export const appReleaseFieldsIgnored: ResourceRule = {
  id: "app-release-fields-ignored",
  kind: "resource",
  description: "Every app and slot ignores the release-owned fields (infra/guardrails/release-owned.ts), so `pulumi up` never reverts a release.",
  benchmarks: benchmarks({}),
  resourceTypes: SITE_TYPES,
  check: (r) => {
    const missing = releaseOwnedPaths(r.type).filter((p) => !r.ignoreChanges.includes(p));
    return missing.length === 0
      ? []
      : [{
          resource: r,
          detail: `ignoreChanges is ${JSON.stringify(r.ignoreChanges)}; add ${missing.map((m) => `"${m}"`).join(", ")} (releaseOwnedPaths("${r.type}"))`,
        }];
  },
};

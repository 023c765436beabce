import { ResourceRule, benchmarks } from "../model";
import { SITE_TYPES, T } from "./types";

/**
 * The fields a release writes, stated here rather than read from the program's release-owned
 * list (a path dropped from that list must make this rule fail): the release deploys an image
 * digest to the staging slot and swaps (linuxFxVersion on both), and a traffic ramp writes
 * routing rules on the production app (experiments).
 */
export const RELEASE_WRITTEN_PATHS: Readonly<Record<string, readonly string[]>> = {
  [T.WebApp]: ["siteConfig.linuxFxVersion", "siteConfig.experiments"],
  [T.WebAppSlot]: ["siteConfig.linuxFxVersion"],
};

export const appReleaseFieldsIgnored: ResourceRule = {
  id: "app-release-fields-ignored",
  kind: "resource",
  description: "Every app ignores siteConfig.linuxFxVersion and siteConfig.experiments, every slot siteConfig.linuxFxVersion, so `pulumi up` never reverts a release.",
  benchmarks: benchmarks({}),
  resourceTypes: SITE_TYPES,
  check: (r) => {
    const missing = (RELEASE_WRITTEN_PATHS[r.type] ?? []).filter((p) => !r.ignoreChanges.includes(p));
    return missing.length === 0
      ? []
      : [{
          resource: r,
          detail: `ignoreChanges is ${JSON.stringify(r.ignoreChanges)}; add ${missing.map((m) => `"${m}"`).join(", ")} (RELEASE_OWNED_FIELDS in infra/guardrails/release-owned.ts)`,
        }];
  },
};

import { Finding, ResourceRule, benchmarks, expectValue, read, unverifiable } from "../model";
import { T } from "./types";

export const productionMinInstances: ResourceRule = {
  id: "production-min-instances",
  kind: "resource",
  description: "In a production-tier stack the App Service plan runs at least 3 instances, and autoscale never goes below that.",
  benchmarks: benchmarks({ checkov: ["CKV_AZURE_212"] }),
  resourceTypes: [T.Plan, T.Autoscale],
  check: (r, ctx) => {
    if (ctx.tier !== "production") return [];
    const min = ctx.productionMinimumInstances;
    if (r.type === T.Plan) {
      return expectValue(r, "sku.capacity", (v) => typeof v === "number" && v >= min, `set it to ${min} or more (one instance per availability zone)`);
    }
    const profiles = read(r.inputs, "profiles");
    if (profiles.state === "hidden") return [unverifiable(r, "profiles", profiles)];
    if (profiles.state !== "value" || !Array.isArray(profiles.value) || profiles.value.length === 0) {
      return [{ resource: r, detail: `profiles is ${profiles.state === "value" ? JSON.stringify(profiles.value) : "not set"}; add a profile with capacity.minimum "${min}"` }];
    }
    const findings: Finding[] = [];
    profiles.value.forEach((_, i) => {
      findings.push(
        ...expectValue(r, `profiles[${i}].capacity.minimum`, (v) => Number(v) >= min, `set it to "${min}" or more (autoscale must not scale a production plan below one instance per zone)`),
      );
    });
    return findings;
  },
};

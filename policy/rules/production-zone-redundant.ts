import { ResourceRule, benchmarks, expectValue } from "../model";
import { T } from "./types";

export const productionZoneRedundant: ResourceRule = {
  id: "production-zone-redundant",
  kind: "resource",
  description: "In a production-tier stack the App Service plan and the container registry are zone redundant.",
  benchmarks: benchmarks({
    checkov: ["CKV_AZURE_225", "CKV_AZURE_233"],
    azurePolicy: ["22888755-d824-4e43-8e0b-42d481836554", "9d2b0a20-57d6-474c-9d12-44a4a20999c6"],
  }),
  resourceTypes: [T.Plan, T.Registry],
  check: (r, ctx) => {
    if (ctx.tier !== "production") return [];
    return r.type === T.Plan
      ? expectValue(r, "zoneRedundant", (v) => v === true, "set it to true (a production-tier stack spreads its instances over availability zones)")
      : expectValue(r, "zoneRedundancy", (v) => v === "Enabled", 'set it to "Enabled" (a production-tier stack needs a zone-redundant registry)');
  },
};

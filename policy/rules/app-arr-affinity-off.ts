import { ResourceRule, benchmarks, expectValue } from "../model";
import { SITE_TYPES } from "./types";

export const appArrAffinityOff: ResourceRule = {
  id: "app-arr-affinity-off",
  kind: "resource",
  description: "ARR affinity (sticky sessions) is off on App Service apps and slots, so load spreads over all instances and zones.",
  benchmarks: benchmarks({}),
  resourceTypes: SITE_TYPES,
  // The SDK sends false when the input is left out, so a missing value is off.
  check: (r) => expectValue(r, "clientAffinityEnabled", (v) => v === undefined || v === false, "set it to false"),
};

import { ResourceRule, benchmarks, expectValue } from "../model";
import { SITE_TYPES } from "./types";

export const appHealthCheck: ResourceRule = {
  id: "app-health-check",
  kind: "resource",
  description: "App Service apps and slots have a health check path (instance replacement, swap warm-up, availability tests).",
  benchmarks: benchmarks({ checkov: ["CKV_AZURE_213"] }),
  resourceTypes: SITE_TYPES,
  check: (r) =>
    expectValue(r, "siteConfig.healthCheckPath", (v) => typeof v === "string" && v.startsWith("/"), 'set it to the app\'s health endpoint, e.g. "/health"'),
};

import { ResourceRule, benchmarks, expectValue } from "../model";
import { SITE_TYPES } from "./types";

export const appHttpsOnly: ResourceRule = {
  id: "app-https-only",
  kind: "resource",
  description: "App Service apps and slots redirect HTTP to HTTPS (httpsOnly).",
  benchmarks: benchmarks({
    asb: ["DP-3"],
    checkov: ["CKV_AZURE_14", "CKV_AZURE_153"],
    azurePolicy: ["a4af4a39-4135-47fb-b175-47fbdf85311d", "ae1b9a8c-dfce-4605-bd91-69213b4a26fc"],
    cis: ["3.0.0 9.1"],
  }),
  resourceTypes: SITE_TYPES,
  check: (r) => expectValue(r, "httpsOnly", (v) => v === true, "set it to true"),
};

import { ResourceRule, benchmarks, expectValue } from "../model";
import { SITE_TYPES } from "./types";

export const appFtpsDisabled: ResourceRule = {
  id: "app-ftps-disabled",
  kind: "resource",
  description: "FTP and FTPS deployment are disabled on App Service apps and slots (ftpsState Disabled; stricter than FtpsOnly).",
  benchmarks: benchmarks({
    asb: ["DP-3"],
    checkov: ["CKV_AZURE_78"],
    azurePolicy: ["4d24b6d4-5e53-4a4f-a7f4-618fa573ee4b", "c285a320-8830-4665-9cc7-bbd05fc7c5c0"],
    cis: ["3.0.0 9.3"],
  }),
  resourceTypes: SITE_TYPES,
  check: (r) => expectValue(r, "siteConfig.ftpsState", (v) => v === "Disabled", 'set it to "Disabled"'),
};

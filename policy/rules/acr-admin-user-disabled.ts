import { ResourceRule, benchmarks, expectValue } from "../model";
import { T } from "./types";

export const acrAdminUserDisabled: ResourceRule = {
  id: "acr-admin-user-disabled",
  kind: "resource",
  description: "Container registries have the shared admin user disabled; pulls and pushes use Entra identities.",
  benchmarks: benchmarks({
    asb: ["IM-1", "PA-1"],
    checkov: ["CKV_AZURE_137"],
    azurePolicy: ["dc921057-6b28-4fbe-9b83-f7bec05db6c2"],
  }),
  resourceTypes: [T.Registry],
  check: (r) => expectValue(r, "adminUserEnabled", (v) => v === undefined || v === false, "set it to false"),
};

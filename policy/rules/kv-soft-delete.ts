import { ResourceRule, benchmarks, expectValue } from "../model";
import { T } from "./types";

export const kvSoftDelete: ResourceRule = {
  id: "kv-soft-delete",
  kind: "resource",
  description: "Key Vaults keep soft delete on, with a retention of 7-90 days.",
  benchmarks: benchmarks({
    asb: ["DP-8"],
    checkov: ["CKV_AZURE_111", "CKV_AZURE_42"],
    azurePolicy: ["1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d"],
    cis: ["3.0.0 3.3.5"],
  }),
  resourceTypes: [T.Vault],
  check: (r) => [
    ...expectValue(r, "properties.enableSoftDelete", (v) => v === undefined || v === true, "set it to true (Azure no longer allows vaults without soft delete)"),
    ...expectValue(
      r,
      "properties.softDeleteRetentionInDays",
      (v) => v === undefined || (typeof v === "number" && v >= 7 && v <= 90),
      "set it to a number of days from 7 to 90",
    ),
  ],
};

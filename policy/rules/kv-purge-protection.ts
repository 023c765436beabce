import { ResourceRule, benchmarks, expectValue } from "../model";
import { T } from "./types";

export const kvPurgeProtection: ResourceRule = {
  id: "kv-purge-protection",
  kind: "resource",
  description: "Key Vaults have purge protection where the stack requires it (keyVaultPurgeProtection).",
  benchmarks: benchmarks({
    asb: ["DP-8"],
    checkov: ["CKV_AZURE_110", "CKV_AZURE_42"],
    azurePolicy: ["0b60c0b2-2dc2-4e1c-b5c9-abbed971de53"],
    cis: ["3.0.0 3.3.5"],
  }),
  resourceTypes: [T.Vault],
  check: (r, ctx) =>
    ctx.purgeProtectionRequired
      ? expectValue(r, "properties.enablePurgeProtection", (v) => v === true, "set it to true (the stack requires purge protection; it cannot be turned off again)")
      : [],
};

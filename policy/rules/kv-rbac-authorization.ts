import { ResourceRule, benchmarks, expectValue } from "../model";
import { T } from "./types";

export const kvRbacAuthorization: ResourceRule = {
  id: "kv-rbac-authorization",
  kind: "resource",
  description: "Key Vaults use the Azure RBAC permission model, not access policies (the SDK default is off).",
  benchmarks: benchmarks({ asb: ["PA-7"], azurePolicy: ["12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5"], cis: ["3.0.0 3.3.6"] }),
  resourceTypes: [T.Vault],
  check: (r) => expectValue(r, "properties.enableRbacAuthorization", (v) => v === true, "set it to true"),
};

import { DIAGNOSTIC_TYPES } from "../../infra/guardrails/diagnostics";
import { StackRule, benchmarks, refersTo } from "../model";
import { T } from "./types";

export const diagnosticSettings: StackRule = {
  id: "diagnostic-settings",
  kind: "stack",
  description: "Every resource of a type that supports diagnostic settings (infra/guardrails/diagnostics.ts DIAGNOSTIC_TYPES) sends them to Log Analytics.",
  benchmarks: benchmarks({
    asb: ["LT-3", "LT-4"],
    azurePolicy: [
      "91a78b24-f231-4a8a-8da9-02c35b2b6510",
      "d639b3af-a535-4bef-8dcf-15078cddf5e2",
      "cf820ca0-f99e-4f3e-84fb-66e913812d21",
      "7f89b1eb-583c-429a-8828-af049802c1d9",
    ],
    cis: ["3.0.0 6.4"],
  }),
  check: (resources) => {
    const settings = resources.filter((r) => r.type === T.DiagnosticSetting);
    return resources
      .filter((r) => r.type in DIAGNOSTIC_TYPES)
      .filter((target) => !settings.some((s) => refersTo(s, "resourceUri", target) && sendsSomewhere(s.inputs)))
      .map((target) => ({
        resource: target,
        detail: `has no diagnostic setting; add diagnosticSetting(…, { profile: "${DIAGNOSTIC_TYPES[target.type]}", resourceId: <its id>, workspaceId }) (infra/guardrails/diagnostics.ts)`,
      }));
  },
};

/** A setting with no destination sends nothing (an unknown destination counts as set). */
function sendsSomewhere(inputs: Readonly<Record<string, unknown>>): boolean {
  return ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "marketplacePartnerId"].some((k) => typeof inputs[k] === "string" && inputs[k] !== "");
}

import { StackRule, benchmarks, refersTo } from "../model";
import { T } from "./types";

/**
 * Resource types that must send diagnostic settings to Log Analytics, stated here rather than read
 * from the program (a type the program forgets must fail this rule, not vanish from it). Every
 * type the stack declares that Azure Monitor can collect resource logs or platform metrics from
 * (Microsoft Learn, "Supported categories for Azure Monitor resource logs" and "Supported metrics").
 */
export const TYPES_NEEDING_DIAGNOSTICS: readonly string[] = [
  T.WebApp,
  T.WebAppSlot,
  T.Plan,
  T.Registry,
  T.Vault,
  T.Workspace,
  T.Component,
  T.Autoscale,
  // The private network: VNet metrics and logs, NSG rule events (no metrics).
  "azure-native:network:VirtualNetwork",
  "azure-native:network:NetworkSecurityGroup",
  // The chat relay's Logic App: a refused message is otherwise invisible.
  "azure-native:logic:Workflow",
];

export const diagnosticSettings: StackRule = {
  id: "diagnostic-settings",
  kind: "stack",
  description: `Every ${TYPES_NEEDING_DIAGNOSTICS.map((t) => t.split(":").slice(1).join(":")).join(", ")} sends diagnostic settings to Log Analytics.`,
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
      .filter((r) => TYPES_NEEDING_DIAGNOSTICS.includes(r.type))
      .filter((target) => !settings.some((s) => refersTo(s, "resourceUri", target) && sendsSomewhere(s.inputs)))
      .map((target) => ({
        resource: target,
        detail: `has no diagnostic setting; add a monitor.DiagnosticSetting with resourceUri: <its id> and workspaceId: <the stack's workspace> (diagnosticSetting() in infra/guardrails/diagnostics.ts)`,
      }));
  },
};

/** A setting with no destination sends nothing (an unknown destination counts as set). */
function sendsSomewhere(inputs: Readonly<Record<string, unknown>>): boolean {
  return ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "marketplacePartnerId"].some((k) => typeof inputs[k] === "string" && inputs[k] !== "");
}

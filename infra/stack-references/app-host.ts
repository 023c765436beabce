import * as pulumi from "@pulumi/pulumi";
import { ConfigError, StackConfig } from "../config";

/** What a slot-shaped stack reads of its host: the output `appHosting` of the host stack. */
export interface AppHostOutputs {
  /** The host's stack name (appHostStack). */
  readonly stack: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly webAppName: string;
  readonly planId: string;
  /** The host's own staging slot: this stack's slot must not take its name. */
  readonly stagingSlotName: string;
}

/** The output a host exports (infra/program.ts), and the stack-reference name that reads it. */
export const APP_HOSTING_OUTPUT = "appHosting";
export const APP_HOST_REFERENCE = "app-host";

/**
 * Reads the host stack's `appHosting` output and checks it can host this stack's slot. Every
 * problem is a ConfigError naming appHostStack or appHostSlotName (the CLI exits 2), raised before
 * any resource is composed. A host that is itself a slot is refused, so chains and cycles
 * (uat → qa → uat) cannot form: each stack of a cycle sees its host report the slot shape.
 */
export async function readAppHost(cfg: StackConfig, hosting: { readonly hostStack: string; readonly slotName: string }): Promise<AppHostOutputs> {
  const name = `${pulumi.getOrganization()}/${pulumi.getProject()}/${hosting.hostStack}`;
  const details = await new pulumi.StackReference(APP_HOST_REFERENCE, { name }).getOutputDetails(APP_HOSTING_OUTPUT);
  const out = (details.value ?? details.secretValue) as Record<string, unknown> | undefined;
  return checkAppHost(cfg, hosting, name, out);
}

/** Pure: the host's outputs as this stack needs them, or a ConfigError saying what is wrong. */
export function checkAppHost(
  cfg: Pick<StackConfig, "stackName" | "project">,
  hosting: { readonly hostStack: string; readonly slotName: string },
  reference: string,
  out: Record<string, unknown> | undefined,
): AppHostOutputs {
  const source = `Pulumi.${cfg.stackName}.yaml`;
  const fail = (key: "appHostStack" | "appHostSlotName", expected: string, found: string): never => {
    throw new ConfigError(source, [{ path: `${cfg.project}:${key}`, expected, found }]);
  };
  if (out === undefined || typeof out !== "object") {
    return fail("appHostStack", `a stack of this project with its own plan whose outputs include ${APP_HOSTING_OUTPUT} (run its up first: the slot is created on its web app)`, `stack ${reference} has no output ${APP_HOSTING_OUTPUT}`);
  }
  if (out.shape === "slot") {
    return fail("appHostStack", `a stack with its own plan (a slot cannot host another slot: no chains or cycles)`, `"${hosting.hostStack}", itself a slot (${String(out.slotName)}) on stack ${String(out.hostStack)}`);
  }
  const text = (k: string) => (typeof out[k] === "string" && (out[k] as string).length > 0 ? (out[k] as string) : undefined);
  const fields = ["resourceGroupName", "location", "webAppName", "planId", "stagingSlotName"] as const;
  const missing = fields.filter((k) => text(k) === undefined);
  if (out.shape !== "own-plan" || missing.length > 0) {
    return fail("appHostStack", `a stack whose ${APP_HOSTING_OUTPUT} output has shape own-plan and ${fields.join(", ")}`, `stack ${reference} answers shape ${JSON.stringify(out.shape)}${missing.length ? ` without ${missing.join(", ")}` : ""}`);
  }
  // Both sides consent: the host lists its guests (appSlotGuests) and grants them the slot operator role.
  if (!Array.isArray(out.guests) || !out.guests.includes(cfg.stackName)) {
    return fail("appHostStack", `a host whose appSlotGuests lists ${cfg.stackName} (the host grants this stack's deploy identity the slot operator role on its web app)`, `stack ${reference} lists ${JSON.stringify(Array.isArray(out.guests) ? out.guests : [])}`);
  }
  if (text("stagingSlotName") === hosting.slotName) {
    return fail("appHostSlotName", `a slot name other than ${hosting.hostStack}'s own staging slot "${hosting.slotName}" (the host's releases deploy there)`, `"${hosting.slotName}"`);
  }
  return {
    stack: hosting.hostStack,
    resourceGroupName: text("resourceGroupName") as string,
    location: text("location") as string,
    webAppName: text("webAppName") as string,
    planId: text("planId") as string,
    stagingSlotName: text("stagingSlotName") as string,
  };
}

import { FieldKey } from "./fields";

/**
 * The hosting shape of a stack's app. "own plan" (the default): the stack declares its App Service
 * plan, autoscale, web app and staging slot. "slot": the app is one deployment slot on the web app
 * of another stack of this project (appHostStack), read through a stack reference; the stack
 * declares that slot, its identity, settings and alerts, and no plan of its own.
 */
export const OWN_PLAN = "none";

/**
 * Keys that describe the stack's own plan (its size, scaling, zones and the plan-metric alerts):
 * in the slot shape the host stack's plan decides them, so setting one is a mistake the stack file
 * must not carry silently. appSubnetPrefix sizes the integration subnet of an own plan; a slot has
 * no integration of its own (see SLOT_SHAPE_PRIVATE_NETWORK). stagingSlotName names the staging slot
 * of an own plan; a hosted slot has none.
 */
export const OWN_PLAN_KEYS: readonly FieldKey[] = [
  "appServiceSku",
  "zoneRedundant",
  "autoscaleMinimum",
  "autoscaleMaximum",
  "autoscaleDefault",
  "autoscaleCpuScaleOutPercent",
  "autoscaleCpuScaleInPercent",
  "autoscaleHttpQueueScaleOut",
  "alertCpuPercent",
  "alertMemoryPercent",
  "alertHttpQueueLength",
  "appSubnetPrefix",
  // The slot is released directly (no staging slot, no swap).
  "stagingSlotName",
];

/**
 * Why a slot-shaped stack cannot be private: regional VNet integration belongs to the plan — a
 * Linux plan has exactly one integration subnet and that subnet serves one plan ("hard limit of one
 * VNet integration per App Service Plan"; the slot API refuses a subnet "in use by another App
 * Service Plan other than the one this App is in", Microsoft Learn, Web Apps - Create Or Update
 * Swift Virtual Network Connection With Check Slot). So the slot cannot join a subnet of its own
 * stack's VNet; it could only join the host's, whose private DNS zones and endpoints are the host's,
 * not this stack's registry and vault. A private guest would plan cleanly and never pull its image.
 */
export const SLOT_SHAPE_PRIVATE_NETWORK =
  "false because appHostStack puts the app on another stack's plan: a Linux plan has one VNet integration subnet (the host's), so the slot cannot reach this stack's private endpoints; keep an own plan (appHostStack: none) for a private stack";

/** The stack's appHostStack as written (before validation), when it chooses the slot shape. */
export function chosenHost(given: ReadonlyMap<string, unknown>): string | undefined {
  const v = given.get("appHostStack");
  return typeof v === "string" && v.trim() !== "" && v.trim() !== OWN_PLAN ? v.trim() : undefined;
}

/** A required own-plan key (appServiceSku) is not required in the slot shape: it must be absent. */
export function waivedInSlotShape(key: FieldKey, given: ReadonlyMap<string, unknown>): boolean {
  return chosenHost(given) !== undefined && OWN_PLAN_KEYS.includes(key);
}

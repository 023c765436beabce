import { PolicyResource, ofType, siteName, slotName } from "../model";
import { T } from "./types";

/** True when `r` (a slot, or a slot/site-level config resource) belongs to the site `app`. */
export function belongsToSite(r: PolicyResource, app: PolicyResource): boolean {
  if (r.references?.name?.includes(app.urn)) return true;
  if (r.dependsOn?.includes(app.urn)) return true;
  const site = siteName(app);
  return site !== undefined && siteName(r) === site;
}

/** True when the slot-level resource `r` targets the slot resource `slot`. */
export function targetsSlot(r: PolicyResource, slot: PolicyResource): boolean {
  if (r.dependsOn?.includes(slot.urn) || r.references?.slot?.includes(slot.urn)) return true;
  const s = slotName(slot);
  return s !== undefined && slotName(r) === s && siteName(r) === siteName(slot);
}

/** The slots of an app. */
export function slotsOf(resources: readonly PolicyResource[], app: PolicyResource): PolicyResource[] {
  return ofType(resources, T.WebAppSlot).filter((s) => belongsToSite(s, app));
}

/**
 * Slots whose site the stack does not declare: the stack's app is a slot on another stack's web app
 * (hosting shape "slot"). Rules that require something of every app and slot judge these as the
 * stack's own app; the host stack answers for its site and plan.
 */
export function hostedSlots(resources: readonly PolicyResource[]): PolicyResource[] {
  const apps = ofType(resources, T.WebApp);
  return ofType(resources, T.WebAppSlot).filter((s) => !apps.some((app) => belongsToSite(s, app)));
}

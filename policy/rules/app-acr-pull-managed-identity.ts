import { Finding, ResourceRule, benchmarks, expectValue, read } from "../model";
import { SITE_TYPES } from "./types";

/** Registry credentials in app settings mean the site pulls with the ACR admin user or a token. */
const REGISTRY_PASSWORD_SETTING = "DOCKER_REGISTRY_SERVER_PASSWORD";

export const appAcrPullManagedIdentity: ResourceRule = {
  id: "app-acr-pull-managed-identity",
  kind: "resource",
  description: "App Service apps and slots pull their image from ACR with a user-assigned managed identity, never with registry credentials.",
  benchmarks: benchmarks({ asb: ["IM-3"] }),
  resourceTypes: SITE_TYPES,
  check: (r) => {
    const findings: Finding[] = [
      ...expectValue(r, "siteConfig.acrUseManagedIdentityCreds", (v) => v === true, "set it to true"),
      ...expectValue(
        r,
        "siteConfig.acrUserManagedIdentityID",
        (v) => typeof v === "string" && v.length > 0,
        "set it to the client id of the slot's user-assigned identity",
      ),
    ];
    const settings = read(r.inputs, "siteConfig.appSettings");
    if (settings.state === "value" && Array.isArray(settings.value)) {
      const found = settings.value.some((s) => (s as { name?: unknown })?.name === REGISTRY_PASSWORD_SETTING);
      if (found) {
        findings.push({ resource: r, detail: `siteConfig.appSettings has ${REGISTRY_PASSWORD_SETTING}; remove it and pull with the managed identity (acrUseManagedIdentityCreds)` });
      }
    }
    return findings;
  },
};

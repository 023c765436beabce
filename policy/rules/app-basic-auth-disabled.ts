import { Finding, PolicyResource, StackRule, benchmarks, ofType, slotName } from "../model";
import { belongsToSite, slotsOf, targetsSlot } from "./links";
import { T } from "./types";

export const appBasicAuthDisabled: StackRule = {
  id: "app-basic-auth-disabled",
  kind: "stack",
  description: "Basic (user/password) publishing credentials are off for FTP and SCM on every app and slot.",
  benchmarks: benchmarks({
    asb: ["IM-1"],
    azurePolicy: [
      "871b205b-57cf-4e1e-a234-492616998bf7",
      "aede300b-d67f-480a-ae26-4b3dfb1a1fdc",
      "ec71c0bc-6a45-4b1f-9587-80dc83e6898c",
      "847ef871-e2fe-4e6e-907e-4adbf71de5cf",
    ],
    cis: ["3.0.0 9.6"],
  }),
  check: (resources) => {
    const findings: Finding[] = [];
    const judge = (site: PolicyResource, endpoint: "ftp" | "scm", policies: PolicyResource[], kind: string) => {
      if (policies.length === 0) {
        findings.push({ resource: site, detail: `has no ${kind} resource, so basic ${endpoint.toUpperCase()} publishing credentials stay on (Azure's default); add one with allow: false` });
        return;
      }
      for (const p of policies) {
        if (p.inputs.allow !== false) {
          findings.push({ resource: p, detail: `allow is ${JSON.stringify(p.inputs.allow)}; set it to false (basic ${endpoint.toUpperCase()} credentials for ${site.name})` });
        }
      }
    };
    for (const app of ofType(resources, T.WebApp)) {
      const siteLevel = (type: string) => ofType(resources, type).filter((p) => belongsToSite(p, app));
      judge(app, "ftp", siteLevel(T.FtpAllowed), "WebAppFtpAllowed");
      judge(app, "scm", siteLevel(T.ScmAllowed), "WebAppScmAllowed");
      for (const slot of slotsOf(resources, app)) {
        const slotLevel = (type: string) => ofType(resources, type).filter((p) => belongsToSite(p, app) && targetsSlot(p, slot));
        judge(slot, "ftp", slotLevel(T.FtpAllowedSlot), `WebAppFtpAllowedSlot (slot "${slotName(slot) ?? "?"}")`);
        judge(slot, "scm", slotLevel(T.ScmAllowedSlot), `WebAppScmAllowedSlot (slot "${slotName(slot) ?? "?"}")`);
      }
    }
    return findings;
  },
};

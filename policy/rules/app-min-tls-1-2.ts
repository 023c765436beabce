import { ResourceRule, benchmarks, expectValue } from "../model";
import { SITE_TYPES } from "./types";

const ACCEPTED = ["1.2", "1.3"];

export const appMinTls12: ResourceRule = {
  id: "app-min-tls-1-2",
  kind: "resource",
  description: "App Service apps and slots accept TLS 1.2 or later only, on the site and on the SCM (Kudu) endpoint.",
  benchmarks: benchmarks({
    asb: ["DP-3", "NS-8"],
    checkov: ["CKV_AZURE_15", "CKV_AZURE_154"],
    azurePolicy: ["f0e6e85b-9b9f-4a4b-b67b-f730d42f1b0b", "4ee5b817-627a-435a-8932-116193268172"],
    cis: ["3.0.0 9.4"],
  }),
  resourceTypes: SITE_TYPES,
  check: (r) => [
    // Required explicitly: the platform must not depend on Azure's default for new sites.
    ...expectValue(r, "siteConfig.minTlsVersion", (v) => ACCEPTED.includes(v as string), 'set it to "1.2"'),
    // No benchmark covers scmMinTlsVersion; an old value there is the same exposure on Kudu.
    ...expectValue(r, "siteConfig.scmMinTlsVersion", (v) => v === undefined || ACCEPTED.includes(v as string), 'set it to "1.2"'),
  ],
};

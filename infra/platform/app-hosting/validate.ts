import { APP_SERVICE_SKUS, ZONE_REDUNDANT_TIERS } from "../../azure-catalog";
import { ResolvedAutoscale } from "./autoscale";
import { COMPONENT_APP_SETTINGS, DIGEST } from "./site-config";

/** The plain (known before deployment) values AppHosting checks before it creates any child. */
export interface PlainHostingArgs {
  readonly sku: string;
  readonly skuTier: string | undefined;
  readonly zoneRedundant: boolean;
  readonly autoscale: ResolvedAutoscale;
  readonly healthCheckPath: string;
  readonly containerPort: number;
  readonly stagingSlotName: string;
  readonly digest: unknown;
  readonly appSettings: Readonly<Record<string, unknown>>;
  readonly keyVaultReferences: Readonly<Record<string, unknown>>;
}

// Names that usually hold a secret, and values that are one whatever their name.
const SECRET_NAME = /password|passwd|secret|connection_?string|key/i;
const SECRET_VALUE = [
  /(^|;)\s*(password|pwd|accountkey|sharedaccesskey|sharedaccesssignature)\s*=/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /[?&]sig=[^&]+/i,
];
const KEY_VAULT_REFERENCE = /^@Microsoft\.KeyVault\(/;
const SECRET_URI = /^https:\/\/[a-z0-9-]+\.vault\.[a-z0-9.]+\/secrets\/[A-Za-z0-9-]+(\/[0-9a-f]{32})?\/?$/i;
const HEALTH_PATH = /^\/[\w\-./]*$/;
const SLOT_NAME = /^[a-z0-9][a-z0-9-]{1,19}$/;
const TIER_OF: Readonly<Record<string, string>> = APP_SERVICE_SKUS;

/** Every conflict in the args, each naming the args involved; empty when they are consistent. */
export function hostingArgProblems(a: PlainHostingArgs): string[] {
  const problems: string[] = [];
  const s = a.autoscale;

  const catalogTier = Object.hasOwn(TIER_OF, a.sku) ? TIER_OF[a.sku] : undefined;
  if (a.skuTier === undefined && catalogTier === undefined) {
    problems.push(`skuTier is required because sku "${a.sku}" is not in the App Service SKU catalog`);
  }
  if (a.skuTier !== undefined && catalogTier !== undefined && a.skuTier !== catalogTier) {
    problems.push(`sku "${a.sku}" belongs to tier "${catalogTier}" but skuTier is "${a.skuTier}"`);
  }
  const tier = a.skuTier ?? catalogTier;
  if (a.zoneRedundant && tier !== undefined && !ZONE_REDUNDANT_TIERS.has(tier)) {
    problems.push(`zoneRedundant is true but skuTier "${tier}" cannot spread instances across zones (needs ${[...ZONE_REDUNDANT_TIERS].join(", ")})`);
  }
  // Three, as the stack config rule and the design's prod shape say: one instance per zone. The
  // current Microsoft page accepts two (azure-native-notes pitfall 10); three keeps a zone outage
  // from leaving a single instance.
  if (a.zoneRedundant && s.minimum < 3) {
    problems.push(`zoneRedundant is true but autoscale.minimum is ${s.minimum}; a zone-redundant plan needs at least 3 instances (one per availability zone)`);
  }

  for (const key of ["minimum", "maximum", "default"] as const) {
    if (!Number.isInteger(s[key]) || s[key] < 1) problems.push(`autoscale.${key} must be a whole number of instances >= 1; found ${s[key]}`);
  }
  if (s.minimum > s.default) problems.push(`autoscale.minimum (${s.minimum}) is above autoscale.default (${s.default})`);
  if (s.default > s.maximum) problems.push(`autoscale.default (${s.default}) is above autoscale.maximum (${s.maximum})`);
  for (const key of ["cpuScaleOutPercent", "cpuScaleInPercent"] as const) {
    if (!(s[key] > 0 && s[key] <= 100)) problems.push(`autoscale.${key} must be a percentage in (0, 100]; found ${s[key]}`);
  }
  if (s.cpuScaleInPercent >= s.cpuScaleOutPercent) {
    problems.push(`autoscale.cpuScaleInPercent (${s.cpuScaleInPercent}) must be below autoscale.cpuScaleOutPercent (${s.cpuScaleOutPercent}), or scaling flaps`);
  }
  if (!(s.httpQueueScaleOut > 0)) problems.push(`autoscale.httpQueueScaleOut must be > 0; found ${s.httpQueueScaleOut}`);
  return [...problems, ...siteArgProblems(a)];
}

/** The plain values every site checks (AppHosting's app and slot, HostedSlot's slot). */
export type PlainSiteArgs = Pick<PlainHostingArgs, "healthCheckPath" | "containerPort" | "stagingSlotName" | "digest" | "appSettings" | "keyVaultReferences">;

/** Conflicts in the site args (health path, port, slot name, image digest, settings); empty when consistent. */
export function siteArgProblems(a: PlainSiteArgs): string[] {
  const problems: string[] = [];
  if (!HEALTH_PATH.test(a.healthCheckPath)) problems.push(`healthCheckPath must be an absolute URL path such as /health; found "${a.healthCheckPath}"`);
  if (!Number.isInteger(a.containerPort) || a.containerPort < 1 || a.containerPort > 65535) {
    problems.push(`containerPort must be a TCP port (1-65535); found ${a.containerPort}`);
  }
  if (!SLOT_NAME.test(a.stagingSlotName) || a.stagingSlotName === "production") {
    problems.push(`stagingSlotName must be 2-20 lowercase letters, digits or hyphens and not "production"; found "${a.stagingSlotName}"`);
  }
  if (typeof a.digest === "string" && !DIGEST.test(a.digest)) {
    problems.push(`image.digest must be sha256:<64 hex digits> (the image is pinned by digest, never by tag); found "${a.digest}"`);
  }

  const owned: Readonly<Record<string, string>> = COMPONENT_APP_SETTINGS;
  for (const [arg, settings] of [["appSettings", a.appSettings], ["keyVaultReferences", a.keyVaultReferences]] as const) {
    for (const key of Object.keys(settings)) {
      if (Object.hasOwn(owned, key)) problems.push(`${arg} sets "${key}", which the component derives from ${owned[key]}; remove it from ${arg}`);
    }
  }
  for (const [key, value] of Object.entries(a.appSettings)) {
    if (Object.hasOwn(a.keyVaultReferences, key)) {
      problems.push(`"${key}" is in both appSettings and keyVaultReferences; an app setting has one value, keep it in keyVaultReferences if it is secret`);
      continue;
    }
    const isReference = typeof value === "string" && KEY_VAULT_REFERENCE.test(value);
    if (SECRET_NAME.test(key) && !isReference) {
      problems.push(`appSettings "${key}" looks like a secret by its name; put its vault secret URI in keyVaultReferences instead (no secret in plain app settings)`);
    } else if (typeof value === "string" && SECRET_VALUE.some((p) => p.test(value))) {
      problems.push(`appSettings "${key}" has a value that looks like a credential; put it in Key Vault and reference it through keyVaultReferences instead`);
    }
  }
  for (const [key, uri] of Object.entries(a.keyVaultReferences)) {
    if (typeof uri === "string" && !SECRET_URI.test(uri)) {
      problems.push(`keyVaultReferences "${key}" must be a Key Vault secret URI (https://<vault>.vault.azure.net/secrets/<name>[/<version>]); found "${uri}"`);
    }
  }
  return problems;
}

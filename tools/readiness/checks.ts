import { ArmReader } from "./arm";
import { ReadinessExpectation } from "./expectation";

/** Built-in role GUIDs (the same in every tenant). */
export const ROLES = {
  AcrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
  KeyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
} as const;

/** The checks, in the order they run and print (documented by `delivery readiness --help`). */
export const CHECKS = {
  "staging-warm": "the staging slot is Running and its health path answers 200 from the slot's host name",
  "sticky-settings": "the slot-sticky app setting names equal the program's",
  "app-settings": "each slot has every app setting the program declares",
  "key-vault-references": "every Key Vault reference of each slot has status Resolved (configreferences/appsettings)",
  "identity-roles": "each slot's identity is attached and holds AcrPull on the registry and Key Vault Secrets User on the vault",
  "metric-alert": "every metric alert of the stack exists and is enabled",
  "activity-log-alert": "every activity-log alert of the stack exists and is enabled",
  "availability-test": "every availability test of the stack exists and is enabled",
  autoscale: "the plan's autoscale setting exists, is enabled and has the declared instance bounds",
} as const;

export type CheckId = keyof typeof CHECKS;

export interface CheckResult {
  readonly check: CheckId;
  /** The Azure resource (or slot) the check looked at. */
  readonly resource: string;
  readonly ok: boolean;
  /** What was found. */
  readonly detail: string;
  /** How to make the check pass; empty when it passed. */
  readonly fix: string;
}

/** GET of the health URL; resolves to the HTTP status (network errors reject). */
export type HealthProbe = (url: string) => Promise<number>;

export interface CheckOptions {
  readonly subscriptionId: string;
  readonly probe: HealthProbe;
  /** Health probes before the slot counts as cold (a slot that just restarted warms up). Default 5. */
  readonly warmupAttempts?: number;
  readonly warmupDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const SLOTS = ["production", "staging"] as const;
type Slot = (typeof SLOTS)[number];

/**
 * Runs every check against Azure. A failed check is a result (exit 1); a failed call (throttled
 * past the retries, 5xx, expired token, network) rejects, and the caller reports "could not
 * reach Azure" (exit 3): an error is never read as ready.
 */
export async function runChecks(e: ReadinessExpectation, arm: ArmReader, o: CheckOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const add = (check: CheckId, resource: string, problem: string | undefined, okDetail: string, fix: string) =>
    results.push({ check, resource, ok: problem === undefined, detail: problem ?? okDetail, fix: problem === undefined ? "" : fix });
  const rg = e.resourceGroup;
  // The web app's group: the host's when the stack's app is a slot on another stack's app.
  const appRg = e.appResourceGroup ?? rg;
  // A hosted slot is the stack's only site: the host's production is not this stack's to judge.
  const slots: readonly Slot[] = e.hostedSlot ? ["staging"] : SLOTS;
  const slotArg = (slot: Slot) => (slot === "staging" ? e.stagingSlot : undefined);
  const siteLabel = (slot: Slot) => (slot === "staging" ? `${e.appName}/${e.stagingSlot}` : e.appName);
  const sites = {
    production: e.hostedSlot ? undefined : await arm.site(appRg, e.appName),
    staging: await arm.site(appRg, e.appName, e.stagingSlot),
  };

  // 1. Staging running and warm.
  {
    const s = sites.staging;
    const fix = `Start the slot (az webapp start -g ${appRg} -n ${e.appName} --slot ${e.stagingSlot}) and fix its container until ${e.healthPath} answers 200; a cold slot must not be swapped.`;
    if (!s) add("staging-warm", siteLabel("staging"), "slot not found (HTTP 404)", "", `Run the infra deploy for stack ${e.stack}: the program declares the slot.`);
    else if (s.state !== "Running") add("staging-warm", siteLabel("staging"), `state is ${s.state ?? "unknown"}, not Running`, "", fix);
    else if (!s.defaultHostName) add("staging-warm", siteLabel("staging"), "the slot has no default host name", "", fix);
    else {
      const url = `https://${s.defaultHostName}${e.healthPath}`;
      const status = await warm(url, o);
      add("staging-warm", siteLabel("staging"), status === 200 ? undefined : status === 0 ? `${url} did not answer` : `${url} answered ${status}`, `Running; ${url} answered 200`, fix);
    }
  }

  // 2. Sticky names equal the program's (a hosted slot's are the host's: one list per site).
  if (!e.hostedSlot) {
    const live = await arm.stickySettingNames(appRg, e.appName);
    const want = [...e.stickySettingNames].sort();
    const got = live === undefined ? undefined : [...live].sort();
    const same = got !== undefined && got.length === want.length && got.every((n, i) => n === want[i]);
    add(
      "sticky-settings",
      `${e.appName}/config/slotConfigNames`,
      same ? undefined : got === undefined ? "not found (HTTP 404)" : `found [${got.join(", ")}], expected [${want.join(", ")}]`,
      `[${want.join(", ")}]`,
      `Run the infra deploy for stack ${e.stack} (WebAppSlotConfigurationNames owns the list); a setting made sticky or unsticky by hand changes what a swap moves.`,
    );
  }

  for (const slot of slots) {
    // 3. App settings present.
    const names = await arm.appSettingNames(appRg, e.appName, slotArg(slot));
    const missing = names === undefined ? undefined : e.appSettingNames[slot].filter((n) => !names.includes(n));
    add(
      "app-settings",
      siteLabel(slot),
      names === undefined ? "not found (HTTP 404)" : missing!.length > 0 ? `missing ${missing!.join(", ")}` : undefined,
      `all ${e.appSettingNames[slot].length} declared settings present`,
      `Run the infra deploy for stack ${e.stack}: it writes the app settings of both slots.`,
    );

    // 4. Key Vault references resolve.
    const refs = sites[slot] ? await arm.keyVaultReferences(appRg, e.appName, slotArg(slot)) : [];
    const unresolved = refs.filter((r) => r.status !== "Resolved");
    const absent = e.keyVaultReferenceNames[slot].filter((n) => !refs.some((r) => r.name === n));
    const problems = [
      ...unresolved.map((r) => `${r.name}: ${r.status ?? "no status"}${r.details ? ` (${r.details})` : ""}`),
      ...absent.map((n) => `${n}: no reference status (setting missing or not a Key Vault reference)`),
    ];
    add(
      "key-vault-references",
      siteLabel(slot),
      !sites[slot] ? "site not found (HTTP 404)" : problems.length > 0 ? problems.join("; ") : undefined,
      `${refs.length} reference(s) Resolved`,
      `Check that secret exists in ${e.vaultName} and that identity ${e.identities[slot]} holds Key Vault Secrets User on it; then refresh the references (POST .../config/configreferences/appsettings/refresh) or restart the slot.`,
    );

    // 5. Identity attached and holding its roles.
    const site = sites[slot];
    const label = `${siteLabel(slot)} → ${e.identities[slot]}`;
    const principal = site ? principalOf(site.identities, e.identities[slot]) : undefined;
    if (!site) add("identity-roles", label, "site not found (HTTP 404)", "", `Run the infra deploy for stack ${e.stack}.`);
    else if (!principal) {
      add("identity-roles", label, `identity ${e.identities[slot]} is not attached to the slot`, "", `Run the infra deploy for stack ${e.stack}: the slot runs as ${e.identities[slot]}.`);
    } else {
      const registryId = `/subscriptions/${o.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${e.registryName}`;
      const vaultId = `/subscriptions/${o.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${e.vaultName}`;
      const onRegistry = await arm.roleDefinitionIds(registryId, principal);
      const onVault = await arm.roleDefinitionIds(vaultId, principal);
      const lacking = [
        !onRegistry.includes(ROLES.AcrPull) && `AcrPull on registry ${e.registryName}`,
        !onVault.includes(ROLES.KeyVaultSecretsUser) && `Key Vault Secrets User on vault ${e.vaultName}`,
      ].filter((x): x is string => typeof x === "string");
      add(
        "identity-roles",
        label,
        lacking.length > 0 ? `missing ${lacking.join(" and ")}` : undefined,
        "AcrPull and Key Vault Secrets User held",
        `Run the infra deploy for stack ${e.stack} to restore the role assignments (without them the slot cannot pull its image or resolve its secrets).`,
      );
    }
  }

  // 6. Alerts and availability tests exist and are enabled.
  const enabled = async (check: CheckId, names: readonly string[], read: (n: string) => Promise<boolean | undefined>, kind: string) => {
    for (const n of names) {
      const v = await read(n);
      add(check, n, v === undefined ? `${kind} not found (HTTP 404)` : v ? undefined : `${kind} is disabled`, "exists and enabled", `Run the infra deploy for stack ${e.stack}; never disable a ${kind} by hand to silence it (change its threshold in the stack config instead).`);
    }
  };
  await enabled("metric-alert", e.metricAlerts, (n) => arm.metricAlertEnabled(rg, n), "metric alert");
  await enabled("activity-log-alert", e.activityLogAlerts, (n) => arm.activityLogAlertEnabled(rg, n), "activity-log alert");
  await enabled(
    "availability-test",
    e.availabilityTests,
    (n) => arm.availabilityTestEnabled(`/subscriptions/${o.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Insights/webtests/${n}`),
    "availability test",
  );

  // 7. Autoscale (none of the stack's own when its app is a slot on another stack's plan).
  if (e.autoscale) {
    const want = e.autoscale;
    const a = await arm.autoscale(rg, want.name);
    const problem =
      a === undefined ? "not found (HTTP 404)" :
      !a.enabled ? "autoscale is disabled" :
      a.minimum !== want.minimum || a.maximum !== want.maximum ? `bounds are ${a.minimum}..${a.maximum}, expected ${want.minimum}..${want.maximum}` : undefined;
    add("autoscale", want.name, problem, `enabled, ${want.minimum}..${want.maximum} instances`, `Run the infra deploy for stack ${e.stack}; change the bounds through autoscaleMinimum/autoscaleMaximum in Pulumi.${e.stack}.yaml.`);
  }
  return results;
}

/** The principal id of the user-assigned identity named `name` (ARM ids are case-insensitive). */
function principalOf(identities: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const suffix = `/userassignedidentities/${name.toLowerCase()}`;
  const entry = Object.entries(identities).find(([id]) => id.toLowerCase().endsWith(suffix));
  return entry?.[1];
}

/** Probes until 200 or out of attempts; a network error counts as "not answering" (0). */
async function warm(url: string, o: CheckOptions): Promise<number> {
  const attempts = o.warmupAttempts ?? 5;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let status = 0;
  for (let i = 1; i <= attempts; i++) {
    status = await o.probe(url).catch(() => 0);
    if (status === 200) return status;
    if (i < attempts) await sleep(o.warmupDelayMs ?? 10_000);
  }
  return status;
}

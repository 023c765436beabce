import { CliError } from "../errors";
import type { StackPlan } from "../plan/plan";
import type { RecordedResource } from "../plan/record";

/** What a safe swap needs, as the program declares it (read from the stack's offline plan). */
export interface ReadinessExpectation {
  readonly stack: string;
  readonly resourceGroup: string;
  readonly appName: string;
  readonly stagingSlot: string;
  readonly healthPath: string;
  readonly registryName: string;
  readonly vaultName: string;
  /** Azure name of the user-assigned identity each slot runs as. */
  readonly identities: Readonly<Record<"production" | "staging", string>>;
  /** Slot-sticky app setting names (WebAppSlotConfigurationNames). */
  readonly stickySettingNames: readonly string[];
  /** App setting names every slot carries (siteConfig.appSettings of the app and the slot). */
  readonly appSettingNames: Readonly<Record<"production" | "staging", readonly string[]>>;
  /** Names of the app settings that are Key Vault references. */
  readonly keyVaultReferenceNames: Readonly<Record<"production" | "staging", readonly string[]>>;
  readonly metricAlerts: readonly string[];
  readonly activityLogAlerts: readonly string[];
  readonly availabilityTests: readonly string[];
  /** Absent when the app is a slot on another stack's app: the host's plan scales it. */
  readonly autoscale?: { readonly name: string; readonly minimum: number; readonly maximum: number };
  /**
   * The stack's app is a slot on another stack's web app (config appHostStack): only that slot
   * (`stagingSlot`) is checked; sticky names are the host's. Default: false.
   */
  readonly hostedSlot?: boolean;
  /** Resource group of the web app and its slots when not the stack's (the host's). Default: resourceGroup. */
  readonly appResourceGroup?: string;
}

const T = {
  webApp: "azure-native:web:WebApp",
  slot: "azure-native:web:WebAppSlot",
  sticky: "azure-native:web:WebAppSlotConfigurationNames",
  registry: "azure-native:containerregistry:Registry",
  vault: "azure-native:keyvault:Vault",
  metricAlert: "azure-native:monitor:MetricAlert",
  activityLogAlert: "azure-native:monitor:ActivityLogAlert",
  webTest: "azure-native:applicationinsights:WebTest",
  autoscale: "azure-native:monitor:AutoscaleSetting",
} as const;

const KEY_VAULT_REFERENCE = /^@Microsoft\.KeyVault\(/;

/**
 * Reads the expectation from the offline plan, so readiness checks exactly what the program
 * declares: a renamed alert or a new sticky setting changes both at once. Pure.
 */
export function readinessExpectation(plan: StackPlan): ReadinessExpectation {
  const one = (type: string): RecordedResource => {
    const found = plan.resources.filter((r) => r.type === type);
    if (found.length !== 1) {
      throw new CliError(`stack ${plan.stack}: the offline plan declares ${found.length} ${type} resources; readiness expects exactly one (an app with one staging slot).`);
    }
    return found[0];
  };
  const all = (type: string) => plan.resources.filter((r) => r.type === type);
  const str = (r: RecordedResource, key: string): string => {
    const v = r.inputs[key];
    if (typeof v !== "string" || v === "") throw new CliError(`stack ${plan.stack}: ${r.type} ${r.name} has no plain ${key} in the offline plan; found ${JSON.stringify(v)}.`);
    return v;
  };
  if (all(T.webApp).length === 0 && all(T.slot).length === 1) return hostedSlotExpectation(plan, one, all, str);
  const app = one(T.webApp);
  const slot = one(T.slot);
  const autoscale = one(T.autoscale);
  const capacity = ((autoscale.inputs.profiles as { capacity?: { minimum?: string; maximum?: string } }[] | undefined)?.[0]?.capacity) ?? {};
  return {
    stack: plan.stack,
    resourceGroup: str(app, "resourceGroupName"),
    appName: str(app, "name"),
    stagingSlot: str(slot, "slot"),
    healthPath: String((app.inputs.siteConfig as { healthCheckPath?: string } | undefined)?.healthCheckPath ?? "/"),
    registryName: str(one(T.registry), "registryName"),
    vaultName: str(one(T.vault), "vaultName"),
    identities: { production: identityName(app, plan.stack), staging: identityName(slot, plan.stack) },
    stickySettingNames: [...((one(T.sticky).inputs.appSettingNames as string[] | undefined) ?? [])].sort(),
    appSettingNames: { production: settings(app).map((s) => s.name), staging: settings(slot).map((s) => s.name) },
    keyVaultReferenceNames: {
      production: settings(app).filter((s) => KEY_VAULT_REFERENCE.test(s.value)).map((s) => s.name),
      staging: settings(slot).filter((s) => KEY_VAULT_REFERENCE.test(s.value)).map((s) => s.name),
    },
    metricAlerts: all(T.metricAlert).map((r) => str(r, "ruleName")),
    activityLogAlerts: all(T.activityLogAlert).map((r) => str(r, "activityLogAlertName")),
    availabilityTests: all(T.webTest).map((r) => str(r, "webTestName")),
    autoscale: { name: str(autoscale, "autoscaleSettingName"), minimum: Number(capacity.minimum), maximum: Number(capacity.maximum) },
  };
}

/**
 * A slot on another stack's app: the slot is what releases deploy to and what serves the stage, so
 * it takes the place of the staging slot (warm, settings, references, identity); no production
 * site, sticky names or autoscale of this stack's own.
 */
function hostedSlotExpectation(
  plan: StackPlan,
  one: (type: string) => RecordedResource,
  all: (type: string) => RecordedResource[],
  str: (r: RecordedResource, key: string) => string,
): ReadinessExpectation {
  const slot = one(T.slot);
  const registry = one(T.registry);
  const refs = settings(slot).filter((s) => KEY_VAULT_REFERENCE.test(s.value)).map((s) => s.name);
  return {
    stack: plan.stack,
    resourceGroup: str(registry, "resourceGroupName"),
    appResourceGroup: str(slot, "resourceGroupName"),
    hostedSlot: true,
    appName: str(slot, "name"),
    stagingSlot: str(slot, "slot"),
    healthPath: String((slot.inputs.siteConfig as { healthCheckPath?: string } | undefined)?.healthCheckPath ?? "/"),
    registryName: str(registry, "registryName"),
    vaultName: str(one(T.vault), "vaultName"),
    identities: { production: identityName(slot, plan.stack), staging: identityName(slot, plan.stack) },
    stickySettingNames: [],
    appSettingNames: { production: [], staging: settings(slot).map((s) => s.name) },
    keyVaultReferenceNames: { production: [], staging: refs },
    metricAlerts: all(T.metricAlert).map((r) => str(r, "ruleName")),
    activityLogAlerts: all(T.activityLogAlert).map((r) => str(r, "activityLogAlertName")),
    availabilityTests: all(T.webTest).map((r) => str(r, "webTestName")),
  };
}

function settings(site: RecordedResource): { name: string; value: string }[] {
  const list = (site.inputs.siteConfig as { appSettings?: { name: string; value: unknown }[] } | undefined)?.appSettings ?? [];
  return list.map((s) => ({ name: s.name, value: typeof s.value === "string" ? s.value : "" }));
}

/** The slot's user-assigned identity: last segment of its (mock) resource id in the plan. */
function identityName(site: RecordedResource, stack: string): string {
  const ids = (site.inputs.identity as { userAssignedIdentities?: string[] } | undefined)?.userAssignedIdentities ?? [];
  if (ids.length !== 1) throw new CliError(`stack ${stack}: ${site.type} ${site.name} declares ${ids.length} user-assigned identities in the offline plan; readiness expects one per slot.`);
  return ids[0].slice(ids[0].lastIndexOf("/") + 1);
}

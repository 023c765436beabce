/**
 * Every Azure name derives from three config values: the workload code, the environment code and
 * a suffix that makes globally unique names (registry, vault, web app host names) unique. One rule
 * per resource type, checked here so a bad combination fails in config validation, before any
 * resource is registered.
 */
import { agentPoolName } from "./delivery/devops-names";

export interface NamingInputs {
  /** Workload code, e.g. "pcpro". */
  readonly workload: string;
  /** Environment code, e.g. "prod". */
  readonly environment: string;
  /** Suffix for globally unique names, e.g. "x7k2". */
  readonly uniqueSuffix: string;
}

export interface NameRule {
  /** What the rule is for, as people say it ("Key Vault"). */
  readonly kind: string;
  readonly minLength: number;
  readonly maxLength: number;
  readonly pattern: RegExp;
  /** The rule in words, used in error messages. */
  readonly describe: string;
}

export const NAME_RULES = {
  resourceGroup: {
    kind: "resource group", minLength: 1, maxLength: 90, pattern: /^[-\w.()]*[-\w()]$/,
    describe: "1-90 letters, digits, '-', '_', '.', '(' or ')', not ending with '.'",
  },
  appServicePlan: {
    kind: "App Service plan", minLength: 1, maxLength: 60, pattern: /^[A-Za-z0-9-]+$/,
    describe: "1-60 letters, digits or hyphens",
  },
  webApp: {
    kind: "web app", minLength: 2, maxLength: 60, pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    describe: "2-60 lowercase letters, digits or hyphens, not starting or ending with a hyphen (globally unique host name)",
  },
  registry: {
    kind: "container registry", minLength: 5, maxLength: 50, pattern: /^[a-z0-9]+$/,
    describe: "5-50 lowercase letters or digits only (globally unique)",
  },
  keyVault: {
    kind: "Key Vault", minLength: 3, maxLength: 24, pattern: /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/,
    describe: "3-24 lowercase letters, digits or single hyphens, starting with a letter and ending with a letter or digit (globally unique)",
  },
  logAnalytics: {
    kind: "Log Analytics workspace", minLength: 4, maxLength: 63, pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    describe: "4-63 letters, digits or hyphens, starting and ending with a letter or digit",
  },
  appInsights: {
    kind: "Application Insights component", minLength: 1, maxLength: 255, pattern: /^[^%&\\?/]+$/,
    describe: "1-255 characters without % & \\ ? /",
  },
  // Network and deployment agents (used when privateNetwork is true). Private endpoints, NSGs and
  // subnets are named from these (`pe-<registry>`, `nsg-<vnet>-app`), well inside their 80 characters.
  virtualNetwork: {
    kind: "virtual network", minLength: 2, maxLength: 64, pattern: /^[A-Za-z0-9][\w.-]*\w$/,
    describe: "2-64 letters, digits, '_', '.' or '-', starting with a letter or digit and ending with a letter, digit or '_'",
  },
  devCenter: {
    kind: "Dev Center", minLength: 3, maxLength: 26, pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{2,25}$/,
    describe: "3-26 letters, digits, '-', '_' or '.', starting with a letter or digit",
  },
  devCenterProject: {
    kind: "Dev Center project", minLength: 3, maxLength: 63, pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{2,62}$/,
    describe: "3-63 letters, digits, '-', '_' or '.', starting with a letter or digit",
  },
  // Globally unique: it becomes the Azure DevOps agent pool's name too. 3-44 characters is what the
  // portal enforces (unconfirmed against the REST spec); kept to lowercase and hyphens.
  agentPool: {
    kind: "Managed DevOps Pool", minLength: 3, maxLength: 44, pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    describe: "3-44 lowercase letters, digits or hyphens, not starting or ending with a hyphen (globally unique)",
  },
} satisfies Record<string, NameRule>;

export type NamedResource = keyof typeof NAME_RULES;

/** The derived names of a stack. Names of child resources (slots, alerts) build on these. */
export function deriveNames(n: NamingInputs): Record<NamedResource, string> {
  const { workload: w, environment: e, uniqueSuffix: s } = n;
  return {
    resourceGroup: `rg-${w}-${e}`,
    appServicePlan: `asp-${w}-${e}`,
    webApp: `app-${w}-${e}-${s}`,
    registry: `acr${w}${e}${s}`,
    keyVault: `kv-${w}-${e}-${s}`,
    logAnalytics: `log-${w}-${e}`,
    appInsights: `appi-${w}-${e}`,
    virtualNetwork: `vnet-${w}-${e}`,
    devCenter: `dc-${w}-${e}`,
    devCenterProject: `dcp-${w}-${e}`,
    agentPool: agentPoolName(n),
  };
}

/** Why `name` breaks the rule, or undefined when it satisfies it. */
export function nameProblem(rule: NameRule, name: string): string | undefined {
  if (name.length < rule.minLength || name.length > rule.maxLength) {
    return `is ${name.length} characters long`;
  }
  if (!rule.pattern.test(name)) return "contains characters or a shape the rule does not allow";
  return undefined;
}

/** Azure names of a stack's delivery identities: the deploy identity and the read-only preview identity. */
export function deliveryIdentityNames(workload: string, environment: string) {
  return { pipeline: `id-${workload}-${environment}-pipeline`, preview: `id-${workload}-${environment}-preview` } as const;
}

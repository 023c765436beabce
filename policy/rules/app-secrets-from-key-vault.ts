import { Finding, ResourceRule, SECRET, UNKNOWN, benchmarks, read, unverifiable } from "../model";
import { SITE_TYPES } from "./types";

/** App setting names that look like they carry a credential. */
export const SECRET_NAME = /(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|signing[_-]?key|private[_-]?key|(^|[_-])key($|[_-])|connection[_-]?string|credential|(^|[_-])sas([_-]|$))/i;

/**
 * Names that match SECRET_NAME but are not credentials. The Application Insights connection
 * string is an ingestion endpoint plus instrumentation key, which Microsoft does not treat as a
 * secret ("Connection strings" in the Application Insights docs); the platform authenticates
 * ingestion with Entra ID (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
 */
export const NOT_SECRET = new Set(["APPLICATIONINSIGHTS_CONNECTION_STRING"]);

const KEY_VAULT_REFERENCE = /^@Microsoft\.KeyVault\((SecretUri=https:\/\/[^)]+|VaultName=[^;)]+;SecretName=[^)]+)\)$/;

const FIX = 'make it a Key Vault reference "@Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<name>/)"';

export function isKeyVaultReference(v: unknown): boolean {
  return typeof v === "string" && KEY_VAULT_REFERENCE.test(v);
}

export const appSecretsFromKeyVault: ResourceRule = {
  id: "app-secrets-from-key-vault",
  kind: "resource",
  description: "App settings and connection strings that look secret are Key Vault references, never literal values.",
  benchmarks: benchmarks({ asb: ["IM-8"], cis: ["3.0.0 9.11"] }),
  resourceTypes: SITE_TYPES,
  check: (r) => {
    const findings: Finding[] = [];
    for (const [path, all] of [["siteConfig.appSettings", false], ["siteConfig.connectionStrings", true]] as const) {
      const list = read(r.inputs, path);
      if (list.state === "hidden") {
        findings.push(unverifiable(r, path, list));
        continue;
      }
      if (list.state !== "value" || !Array.isArray(list.value)) continue;
      for (const entry of list.value as { name?: unknown; value?: unknown; connectionString?: unknown }[]) {
        const name = String(entry?.name ?? "");
        if (!all && (!SECRET_NAME.test(name) || NOT_SECRET.has(name))) continue;
        const value = all ? entry?.connectionString : entry?.value;
        if (value === UNKNOWN) {
          findings.push({ resource: r, detail: `${path} "${name}" cannot be checked: its value is unknown until the update runs`, unverifiable: true });
        } else if (!isKeyVaultReference(value)) {
          // Never print the value: it may be the secret itself.
          const what = value === SECRET ? "a secret literal value (not shown)" : value === undefined || value === "" ? "an empty value" : "a literal value (not shown)";
          findings.push({ resource: r, detail: `${path} "${name}" has ${what}; ${FIX}` });
        }
      }
    }
    return findings;
  },
};

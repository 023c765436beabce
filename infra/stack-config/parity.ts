import { Field } from "./field";
import { FIELDS, FieldKey } from "./fields";

/**
 * Settings that describe the platform's shape, so a stack that mirrors another must match it
 * unless the deviation is listed in parityAllowedDeviations. Identity (names, tier), release
 * process (approvers, windows), Azure DevOps wiring, policy and secrets differ per stack by nature.
 */
const PARITY_GROUPS = new Set(["App Service", "Registry", "Key Vault", "Monitoring", "Network"]);
const PARITY_EXTRA: readonly string[] = ["location", "protectStatefulResources"];
/** Who is told, not what runs: per-environment contacts; a tenant fact, not a shape. */
const PARITY_EXCLUDED: readonly string[] = ["alertEmails", "devopsInfrastructurePrincipalId"];

export const PARITY_SETTINGS: readonly FieldKey[] = (Object.keys(FIELDS) as FieldKey[]).filter((k) => {
  const f: Field = FIELDS[k];
  return !f.secret && !PARITY_EXCLUDED.includes(k) && (PARITY_GROUPS.has(f.group) || PARITY_EXTRA.includes(k));
});

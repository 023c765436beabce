import { ResourceRule, benchmarks, expectValue } from "../model";
import { T } from "./types";

/**
 * The platform grants roles to managed identities and the pipeline's service principal only;
 * people get access through groups. "User" is the SDK's default and is wrong for identities:
 * the assignment can fail with PrincipalNotFound right after the identity is created.
 */
const ALLOWED = ["ServicePrincipal", "Group"];

export const roleAssignmentServicePrincipal: ResourceRule = {
  id: "role-assignment-service-principal",
  kind: "resource",
  description: 'Role assignments for managed identities are typed principalType "ServicePrincipal" (the SDK default is "User").',
  benchmarks: benchmarks({}),
  resourceTypes: [T.RoleAssignment],
  check: (r) =>
    expectValue(r, "principalType", (v) => ALLOWED.includes(v as string), 'set it to "ServicePrincipal" (infra/guardrails/role-assignments.ts does)'),
};

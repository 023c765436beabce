import { CliError } from "../errors";
import { LoadedStack } from "./stack-files";

/**
 * Objects shared by all environments (build definitions, branch policies) belong to exactly one
 * stack: the one whose file sets ownsSharedDevOpsObjects. None or two claimants is a config error.
 */
export function checkSharedOwnership(stacks: readonly LoadedStack[]): void {
  const owners = stacks.filter((s) => s.values[`${s.project}:ownsSharedDevOpsObjects`] === "true");
  if (owners.length === 1 || stacks.length === 0) return;
  const project = stacks[0].project;
  throw new CliError(
    `${project}:ownsSharedDevOpsObjects: expected exactly one stack file to set it to true (that stack owns the shared Azure DevOps build definitions and branch policies); found ${
      owners.length === 0 ? "none" : owners.map((o) => o.source).join(" and ")
    } among ${stacks.map((s) => s.source).join(", ")}.`,
  );
}

import { CliError } from "../errors";
import { LoadedStack } from "./stack-files";

/**
 * Objects shared by all environments (build definitions, branch policies) belong to exactly one
 * stack: the one whose file sets ownsSharedDevOpsObjects. None or two claimants is a config error.
 */
export function checkSharedOwnership(stacks: readonly LoadedStack[]): void {
  const value = (s: LoadedStack) => s.values[`${s.project}:ownsSharedDevOpsObjects`];
  // A value that is not a boolean at all (e.g. a mapping) is that file's own config error, reported
  // with its other problems when the stack is validated; counting it here would hide it.
  if (stacks.some((s) => value(s) !== undefined && value(s) !== "true" && value(s) !== "false")) return;
  const owners = stacks.filter((s) => value(s) === "true");
  if (owners.length === 1 || stacks.length === 0) return;
  const project = stacks[0].project;
  throw new CliError(
    `${project}:ownsSharedDevOpsObjects: expected exactly one stack file to set it to true (that stack owns the shared Azure DevOps build definitions and branch policies); found ${
      owners.length === 0 ? "none" : owners.map((o) => o.source).join(" and ")
    } among ${stacks.map((s) => s.source).join(", ")}.`,
  );
}

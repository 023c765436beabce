import type { Command } from "commander";
import type { Io } from "../io";
import type { SetExitCode } from "./set-exit-code";

/** `delivery pr-thread`: one thread per pull request, edited in place on every run. */
export function registerPrThread(program: Command, io: Io, setExitCode: SetExitCode): void {
  program
    .command("pr-thread")
    .description(
      "Create or edit this tool's one thread on an Azure DevOps pull request (token from SYSTEM_ACCESSTOKEN or AZURE_DEVOPS_EXT_PAT). Closed when nothing is risky, active when a reviewer must resolve it.",
    )
    .requiredOption("--collection-url <url>", "organization/collection URL, e.g. $(System.CollectionUri)")
    .requiredOption("--project <name>", "project name or id")
    .requiredOption("--repository <id>", "repository id or name, e.g. $(Build.Repository.ID)")
    .requiredOption("--pull-request <n>", "pull request number, e.g. $(System.PullRequest.PullRequestId)")
    .requiredOption("--body-file <file>", "Markdown to post (from delivery preview-report)")
    .option("--status <auto|active|closed>", "thread status; auto: active when the report lists risky changes", "auto")
    .action(async (opts: { collectionUrl: string; project: string; repository: string; pullRequest: string; bodyFile: string; status: string }) => {
      const { runPrThread } = require("../ado/run-pr-thread") as typeof import("../ado/run-pr-thread");
      setExitCode(await runPrThread(opts, io));
    });
}

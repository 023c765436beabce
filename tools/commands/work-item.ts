import type { Command } from "commander";
import type { Io } from "../io";
import type { SetExitCode } from "./set-exit-code";

/** `delivery work-item`: one work item per stack for unexpected drift. */
export function registerWorkItem(program: Command, io: Io, setExitCode: SetExitCode): void {
  program
    .command("work-item")
    .description(
      "Open, update or close the one drift work item of a stack (found by tags through WIQL) from a delivery drift-report --json file (token from SYSTEM_ACCESSTOKEN or AZURE_DEVOPS_EXT_PAT).",
    )
    .requiredOption("--collection-url <url>", "organization/collection URL, e.g. $(System.CollectionUri)")
    .requiredOption("--project <name>", "project name or id")
    .requiredOption("--stack <name>", "stack whose entry of the report to use")
    .requiredOption("--report <file>", "output of delivery drift-report --json")
    .option("--work-item-type <type>", "work item type: Bug (Agile, Scrum, CMMI) or Issue (Basic)", "Bug")
    .option("--body-field <ref>", "HTML field for the body (default: Microsoft.VSTS.TCM.ReproSteps for Bug, else System.Description)")
    .option("--closed-state <state>", "state that closes the item (default: Closed for Bug, Done for Issue)")
    .option("--area-path <path>", "area path of new work items")
    .option("--run-url <url>", "link to the pipeline run, added to the body and comments")
    .option("--readiness <file>", "output of delivery readiness --json for the stack: its failed checks are added to the work item")
    .action(
      async (opts: {
        collectionUrl: string;
        project: string;
        stack: string;
        report: string;
        workItemType: string;
        bodyField?: string;
        closedState?: string;
        areaPath?: string;
        runUrl?: string;
        readiness?: string;
      }) => {
        const { runWorkItem } = require("../ado/run-work-item") as typeof import("../ado/run-work-item");
        setExitCode(await runWorkItem(opts, io));
      },
    );
}

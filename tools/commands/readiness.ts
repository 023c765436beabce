import type { Command } from "commander";
import type { Io } from "../io";
import type { SetExitCode } from "./set-exit-code";

/** `delivery readiness <stack>`: is the live platform fit for a swap? */
export function registerReadiness(program: Command, io: Io, setExitCode: SetExitCode): void {
  program
    .command("readiness")
    .description(
      "Check the live platform of a stack against what a safe swap needs, with the Azure SDK (read-only). " +
        "The expectation comes from the stack's offline plan, so it cannot drift from the program.",
    )
    .argument("<stack>", "stack to check (Pulumi.<stack>.yaml)")
    .option("--subscription <id>", "Azure subscription id (default: AZURE_SUBSCRIPTION_ID)")
    .option("--json", "print the machine form instead of the table")
    .option("--markdown <file>", "also write a Markdown block for the run summary (##vso[task.uploadsummary])")
    .option("--warmup-attempts <n>", "health probes of the staging slot before it counts as cold", "5")
    .option("--warmup-delay-seconds <n>", "seconds between health probes", "10")
    .addHelpText("after", () => {
      const { checksHelp } = require("../readiness/render") as typeof import("../readiness/render");
      return (
        `\nChecks:\n${checksHelp()}\n\n` +
        "Credential: AzurePipelinesCredential inside AzureCLI@2 with a workload-identity service connection\n" +
        "(AZURESUBSCRIPTION_* and SYSTEM_ACCESSTOKEN), else DefaultAzureCredential (az login, environment, managed identity).\n\n" +
        "Exit codes: 0 ready; 1 not ready (each failed check names the resource and the fix);\n" +
        "2 bad input (arguments, stack config); 3 could not reach Azure (throttled past retries, 5xx, expired token,\n" +
        "network) - readiness unknown, never reported as ready."
      );
    })
    .action(async (stack: string, opts: { subscription?: string; json?: boolean; markdown?: string; warmupAttempts?: string; warmupDelaySeconds?: string }) => {
      const { runReadiness } = require("../readiness/run") as typeof import("../readiness/run");
      setExitCode(await runReadiness(stack, opts, io));
    });
}

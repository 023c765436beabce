import { Command } from "commander";
import type { SetExitCode } from "./set-exit-code";
import { ExitCode } from "../exit-codes";
import { Io } from "../io";

export function registerOidcBridge(program: Command, io: Io, setExitCode: SetExitCode): void {
  program
    .command("oidc-bridge")
    .description(
      "Serve fresh Azure DevOps workload-identity assertions to the Pulumi providers on 127.0.0.1 until stopped " +
        "(pulumi-run.sh up starts it). Reads SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN, AZURESUBSCRIPTION_SERVICE_CONNECTION_ID " +
        "and OIDC_BRIDGE_TOKEN (the bearer token callers present).",
    )
    .requiredOption("--port-file <file>", "file the listening port is written to")
    .addHelpText("after", "\nExit codes: 0 stopped by a signal; 2 a variable is missing; 3 internal error.")
    .action(async (opts: { portFile: string }) => {
      const { runOidcBridge } = await import("../oidc-bridge/run");
      await runOidcBridge(opts.portFile, io);
      setExitCode(ExitCode.Ok);
    });
}

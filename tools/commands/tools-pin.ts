import type { Command } from "commander";
import type { Io } from "../io";
import type { SetExitCode } from "./set-exit-code";

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(",").filter(Boolean)];

/** `delivery tools-pin`: fills TO-PIN and outdated rows of pipelines/tools.lock from verified downloads. */
export function registerToolsPin(program: Command, io: Io, setExitCode: SetExitCode): void {
  program
    .command("tools-pin")
    .description(
      "Pin downloaded tools in pipelines/tools.lock: for each TO-PIN or outdated row, download the release asset, verify the publisher's signature " +
        "(cosign, exact identity and issuer) where one is published, cross-check the release's checksum file, and write the SHA-256 (images: manifest digest via skopeo). " +
        "A row is only written from a verified asset; the file is replaced in one rename.",
    )
    .option("--lock <file>", "lock file", "pipelines/tools.lock")
    .option("--only <tool>", "pin only these tools (repeatable or comma-separated)", collect)
    .option("--no-latest", "do not look up newer releases: only fill TO-PIN rows at their locked versions")
    .option("--pr-body <file>", "write the pull request description (Markdown) here")
    .option("--release-base <url>", "release download server (tests: a loopback fake)", "https://github.com")
    .option("--api-base <url>", "GitHub API for latest releases (tests: a loopback fake)", "https://api.github.com")
    .addHelpText("after", "\nExit codes: 0 every selected tool pinned or current; 1 a tool could not be pinned (its row is unchanged); 2 bad input (lock file, options, cosign or skopeo missing).")
    .action(async (opts: { lock: string; only?: string[]; latest: boolean; prBody?: string; releaseBase: string; apiBase: string }) => {
      const { runToolsPin } = require("../tools-pin/run-tools-pin") as typeof import("../tools-pin/run-tools-pin");
      setExitCode(await runToolsPin(opts, io));
    });
}

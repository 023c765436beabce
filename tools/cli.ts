import { Command, CommanderError } from "commander";
import { registerCommands } from "./commands";
import { ExitCode } from "./exit-codes";
import { isUserError } from "./errors";
import { Io, processIo } from "./io";

/**
 * Runs `delivery <command> …` and resolves to its exit code. Subcommands load their
 * implementation lazily, so the report commands never load the Pulumi program or SDK.
 */
export async function run(argv: readonly string[], io: Io = processIo): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.Ok;
  const program = new Command("delivery")
    .description("Plans, reports and Azure DevOps helpers for the pinecone-delivery Pulumi program.")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  registerCommands(program, io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (err) {
    return reportError(err, io);
  }
}

function reportError(err: unknown, io: Io): ExitCode {
  if (err instanceof CommanderError) {
    // --help and --version end through here with exit code 0; commander already printed the message.
    return err.exitCode === 0 ? ExitCode.Ok : ExitCode.BadInput;
  }
  if (isUserError(err)) {
    io.stderr(`error: ${err.message}\n`);
    return err.exitCode ?? ExitCode.BadInput;
  }
  const detail = err instanceof Error ? err.message : String(err);
  io.stderr(
    `internal error: ${detail}\n` +
      (io.env.DELIVERY_DEBUG && err instanceof Error && err.stack
        ? `${err.stack}\n`
        : "This is a bug in the delivery tool. Re-run with DELIVERY_DEBUG=1 to print the stack trace.\n"),
  );
  return ExitCode.Internal;
}

export function main(argv: readonly string[]): void {
  run(argv).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = ExitCode.Internal;
    },
  );
}

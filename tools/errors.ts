import { ExitCode } from "./exit-codes";

/**
 * An error the user can fix: its message is one paragraph naming what was wrong, where, what was
 * expected and what was found. The CLI prints the message only (no stack trace) and exits with
 * `exitCode`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.BadInput,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Structural check so errors thrown by infra/ (which must not import tools/) are recognised too. */
export function isUserError(err: unknown): err is Error & { exitCode?: ExitCode } {
  return (
    err instanceof CliError ||
    (err instanceof Error && (err as { isUserError?: boolean }).isUserError === true)
  );
}

/** Exit codes of every `delivery` command (documented in the README). */
export const ExitCode = {
  /** Success: the plan was produced, the report written, nothing unexpected found. */
  Ok: 0,
  /** The command ran and found what it guards against: mandatory policy violations, unexpected drift. */
  Findings: 1,
  /** Bad input: command-line arguments, stack config, a preview file, an API answer. Nothing was changed. */
  BadInput: 2,
  /** Internal error: a bug in this tool; re-run with DELIVERY_DEBUG=1 for the stack trace. */
  Internal: 3,
  /** Could not reach a service (Azure, Azure DevOps): the verdict is unknown, never assumed good. Same number as Internal. */
  Unreachable: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

import { Io } from "../../tools/io";

/** An Io that records what a command wrote, for in-process `run(argv, io)` tests. */
export interface CapturedIo extends Io {
  readonly out: string[];
  readonly err: string[];
  stdoutText(): string;
  stderrText(): string;
}

export function captureIo(cwd: string, env: NodeJS.ProcessEnv = {}): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    cwd,
    env,
    out,
    err,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    stdoutText: () => out.join(""),
    stderrText: () => err.join(""),
  };
}

import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "./reference-files";

const SCRIPTS = path.join(REPO_ROOT, "pipelines", "scripts");
const temps: string[] = [];

/** A temp folder removed by `removeScriptTemps` (call it in afterAll). */
export function scriptTempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "script-run-"));
  temps.push(d);
  return d;
}
export function removeScriptTemps(): void {
  temps.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
}

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Every stub call as "command arg arg…". */
  calls: string[];
  /** Every stub call with its exact arguments: [command, arg, arg…]. */
  argv: string[][];
  dir: string;
}

/**
 * Runs pipelines/scripts/<script> with stub commands first on PATH; each handler is a bash snippet
 * run with the call's arguments ("$*" is handy for `case`; it may print, write files, `exit N`).
 * `$STATE` is a scratch folder. Stubs log each call with its arguments kept apart (0x1f between
 * arguments, 0x1e after a call), so a test can assert exact argv, spaces included.
 */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  handlers: Record<string, string>,
  stubs: readonly string[] = ["az", "delivery", "npm", "pulumi"],
  cwd?: string,
): ScriptRun {
  const dir = scriptTempDir();
  const bin = path.join(dir, "bin");
  const state = path.join(dir, "state");
  fs.mkdirSync(bin);
  fs.mkdirSync(state);
  const log = path.join(dir, "calls.log");
  for (const cmd of stubs) {
    fs.writeFileSync(
      path.join(bin, cmd),
      `#!/usr/bin/env bash\n{ printf '%s' ${cmd}; for a in "$@"; do printf '\\x1f%s' "$a"; done; printf '\\x1e'; } >> "$STUB_LOG"\n${handlers[cmd] ?? ""}\nexit 0\n`,
      { mode: 0o755 },
    );
  }
  const r = spawnSync("bash", [path.join(SCRIPTS, script), ...args], {
    cwd: cwd ?? dir,
    encoding: "utf8",
    env: { PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`, HOME: dir, TMPDIR: dir, STUB_LOG: log, STATE: state, DELIVERY_SLEEP_SECONDS: "0", ...env },
  });
  const raw = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "";
  const argv = raw.split("\x1e").filter(Boolean).map((c) => c.split("\x1f"));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, calls: argv.map((c) => c.join(" ")), argv, dir };
}

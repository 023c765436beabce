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
  dir: string;
}

/**
 * Runs pipelines/scripts/<script> with stub commands first on PATH; each handler is a bash snippet
 * run with the call's arguments (it may print, write files, `exit N`). `$STATE` is a scratch folder.
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
  fs.mkdirSync(path.join(dir, "bin"));
  fs.mkdirSync(path.join(dir, "state"));
  const log = path.join(dir, "calls.log");
  for (const cmd of stubs) {
    fs.writeFileSync(path.join(dir, "bin", cmd), `#!/usr/bin/env bash\nprintf '%s %s\\n' ${cmd} "$*" >> "${log}"\n${handlers[cmd] ?? ""}\nexit 0\n`, { mode: 0o755 });
  }
  const r = spawnSync("bash", [path.join(SCRIPTS, script), ...args], {
    cwd: cwd ?? dir,
    encoding: "utf8",
    env: { PATH: `${dir}/bin:/usr/bin:/bin`, HOME: dir, STATE: path.join(dir, "state"), ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, calls: fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n").filter(Boolean) : [], dir };
}

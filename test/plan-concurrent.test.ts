/**
 * `delivery plan --all` plans the stacks on one thread per core (compiled CLI only; Jest runs the
 * sources on one thread). The real CLI in a child process, forced to two threads, must print exactly
 * what the one-thread plan prints and end with the same exit code, for good and bad stack files.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { PLAN_WORKERS_ENV } from "../tools/plan/parallel";
import { readProjectName } from "../tools/plan/stack-files";
import { REPO_ROOT, readStackFile, runCli, tempProject } from "./support/harness";

function cliInChild(args: readonly string[], cwd: string, threads: number) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, "bin/delivery.js"), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, [PLAN_WORKERS_ENV]: String(threads), DELIVERY_DEBUG: "" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The real stack files, `edit` applied to some (by stack name). */
function project(edit: Record<string, Record<string, unknown>> = {}): string {
  const files: Record<string, string> = {};
  for (const stack of ["dev", "prod", "qa", "uat"]) {
    const doc = parseDocument(readStackFile(stack));
    for (const [k, v] of Object.entries(edit[stack] ?? {})) doc.setIn(["config", `pinecone-delivery:${k}`], v);
    files[stack] = doc.toString();
  }
  return tempProject(files);
}

describe("plan --all on two threads gives what one thread gives", () => {
  test("the same JSON and exit 0 for the four real stacks", async () => {
    const dir = project();
    const one = await runCli(["plan", "--all", "--json"], dir);
    const two = cliInChild(["plan", "--all", "--json"], dir, 2);
    expect(one.code).toBe(0);
    expect({ code: two.code, stderr: two.stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(two.stdout).plans.map((p: { stack: string }) => p.stack)).toEqual(["dev", "prod", "qa", "uat"]);
    expect(two.stdout).toBe(one.stdout);
  }, 120_000);

  // Threads take stacks round-robin (dev, qa on this one; prod, uat on the worker), so each case
  // puts the first failure on a different thread than a later one.
  test.each([
    ["the first failing stack runs on the worker", { prod: { autoscaleMaximum: "ten" }, qa: { location: "mars" } }, /Pulumi\.prod\.yaml has 1 configuration problem/],
    ["the first failing stack runs on the main thread", { dev: { location: "mars" }, prod: { autoscaleMaximum: "ten" } }, /Pulumi\.dev\.yaml has 1 configuration problem/],
  ])("%s: the same error and exit 2", async (_label, edit, first) => {
    const dir = project(edit);
    const one = await runCli(["plan", "--all"], dir);
    const two = cliInChild(["plan", "--all"], dir, 2);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(first);
    expect({ code: two.code, stdout: two.stdout, stderr: two.stderr }).toEqual({ code: one.code, stdout: one.stdout, stderr: one.stderr });
  }, 120_000);
});

describe("the project name is read without parsing all of Pulumi.yaml, with the parser as fallback", () => {
  test.each([
    ["name: pinecone-delivery\nruntime: nodejs\n", "pinecone-delivery"],
    ['# comment\nname: "quoted name"\nruntime: nodejs\n', "quoted name"],
    ["runtime: nodejs\nname: late.name_1 # why\n", "late.name_1"],
  ])("%j -> %s", (text, name) => {
    const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "project-name-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), text);
    expect(readProjectName(dir)).toBe(name);
  });

  test("a Pulumi.yaml without a name still fails with the parser's message", () => {
    const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "project-name-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "runtime: nodejs\n");
    expect(() => readProjectName(dir)).toThrow("Pulumi.yaml has no project name; expected a non-empty string under name:, found null.");
  });
});

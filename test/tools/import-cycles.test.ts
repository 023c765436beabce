import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../support/harness";
import { findCycles, staticImports } from "../support/imports";

const rel = (f: string) => path.relative(REPO_ROOT, f);
const COMMANDS = path.join(REPO_ROOT, "tools/commands");

describe("tools/commands has no import cycle", () => {
  const files = fs.readdirSync(COMMANDS).filter((f) => f.endsWith(".ts")).map((f) => path.join(COMMANDS, f));

  test("the walk sees every command file and what it imports", () => {
    expect(files.map(rel)).toEqual(expect.arrayContaining(["tools/commands/index.ts", "tools/commands/plan.ts", "tools/commands/set-exit-code.ts"]));
    expect(staticImports(path.join(COMMANDS, "plan.ts")).map(rel)).toEqual(expect.arrayContaining(["tools/commands/set-exit-code.ts", "tools/io.ts"]));
  });

  test("no file reachable from tools/commands imports itself back, even type-only", () => {
    expect(findCycles(files).map((c) => c.map(rel).join(" -> "))).toEqual([]);
  });

  test("the detector reports a cycle when one exists", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cycle-"));
    fs.writeFileSync(path.join(dir, "index.ts"), 'import { b } from "./b";\nexport type T = number;\n');
    fs.writeFileSync(path.join(dir, "b.ts"), 'import type { T } from ".";\nexport const b: T = 1;\n');
    expect(findCycles([path.join(dir, "b.ts")]).map((c) => c.map((f) => path.basename(f)))).toEqual([["b.ts", "index.ts", "b.ts"]]);
  });
});

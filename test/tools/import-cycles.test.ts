import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { REPO_ROOT } from "../support/harness";

/**
 * Static imports (type-only ones included: they tie the files together just the same) between the
 * project's own TypeScript files, resolved relative to the importing file.
 */
function staticImports(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, false);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith("."))
    .map((spec) => resolveTs(path.resolve(path.dirname(file), spec)))
    .filter((f): f is string => f !== undefined);
}

function resolveTs(base: string): string | undefined {
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Every cycle reachable from `roots`, each as the list of files in import order (depth-first search). */
export function findCycles(roots: readonly string[]): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (file: string) => {
    if (onStack.has(file)) {
      cycles.push([...stack.slice(stack.indexOf(file)), file]);
      return;
    }
    if (done.has(file)) return;
    stack.push(file);
    onStack.add(file);
    for (const next of staticImports(file)) visit(next);
    stack.pop();
    onStack.delete(file);
    done.add(file);
  };
  for (const r of roots) visit(r);
  return cycles;
}

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
    const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "cycle-"));
    fs.writeFileSync(path.join(dir, "index.ts"), 'import { b } from "./b";\nexport type T = number;\n');
    fs.writeFileSync(path.join(dir, "b.ts"), 'import type { T } from ".";\nexport const b: T = 1;\n');
    expect(findCycles([path.join(dir, "b.ts")]).map((c) => c.map((f) => path.basename(f)))).toEqual([["b.ts", "index.ts", "b.ts"]]);
  });
});

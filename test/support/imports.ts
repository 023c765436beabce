import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * Static imports (type-only ones included: they tie the files together just the same) between the
 * project's own TypeScript files, resolved relative to the importing file.
 */
export function staticImports(file: string): string[] {
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

/** Every project file `roots` reach through static imports, roots included. */
export function reachable(roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    staticImports(f).forEach(visit);
  };
  roots.forEach(visit);
  return seen;
}

/** The .ts files directly in a folder (or below it, with `deep`). */
export function tsFiles(dir: string, deep = false): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return deep ? tsFiles(p, true) : [];
    return e.name.endsWith(".ts") ? [p] : [];
  });
}

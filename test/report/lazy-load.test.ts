import { execFileSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

/** Runs a report command in a fresh node process, started as bin/delivery.js starts it, and lists the modules it loaded. */
function modulesLoadedBy(argv: string[]): { modules: string[]; builtins: string[] } {
  const script = `
    require("./scripts/build").ensureFresh();
    require("./scripts/defer-closure-modules").deferClosureModules();
    require("./dist/tools/cli").run(${JSON.stringify(argv)}, { cwd: process.cwd(), env: {}, stdout() {}, stderr() {} })
      .then((code) => process.stdout.write(JSON.stringify({ code, modules: Object.keys(require.cache), builtins: process.moduleLoadList })));`;
  const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" }));
  expect(out.code).toBe(1);
  return {
    modules: out.modules.map((m: string) => path.relative(ROOT, m)),
    builtins: out.builtins.filter((m: string) => m.startsWith("NativeModule ")).map((m: string) => m.slice("NativeModule ".length)),
  };
}

describe("report commands stay light", () => {
  it("delivery preview-report and drift-report load neither @pulumi/pulumi nor the program", () => {
    const fixtures = "test/fixtures/preview";
    for (const argv of [
      ["preview-report", "--stack", `dev=${fixtures}/dev-events.jsonl`],
      ["drift-report", "--stack", `prod=${fixtures}/prod-drift.json`],
    ]) {
      const { modules: loaded, builtins } = modulesLoadedBy(argv);
      expect(loaded).toContain(path.join("dist", "tools", "preview", "read-preview.js"));
      expect(loaded.filter((m) => m.includes(path.join("node_modules", "@pulumi")))).toEqual([]);
      expect(loaded.filter((m) => m.includes(path.join("node_modules", "azure-devops-node-api")))).toEqual([]);
      // zod checks only the cost files (--cost-after); commander's child_process runs only executable subcommands.
      expect(loaded.filter((m) => m.includes(path.join("node_modules", "zod")))).toEqual([]);
      expect(builtins).not.toContain("child_process");
      expect(loaded.filter((m) => m.startsWith(path.join("dist", "infra")))).toEqual(
        argv[0] === "drift-report" ? [path.join("dist", "infra", "guardrails", "release-owned.js")] : [],
      );
    }
  });
});

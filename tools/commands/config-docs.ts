import { Command } from "commander";
import type { SetExitCode } from "./set-exit-code";
import { Io } from "../io";

export function registerConfigDocs(program: Command, io: Io, setExitCode: SetExitCode): void {
  program
    .command("config-docs")
    .description("Regenerate (or check) Pulumi.yaml's config declarations and the README's configuration reference from the field table, and pipelines/templates/stacks.yml from the stack files.")
    .option("--write", "write Pulumi.yaml and README.md")
    .option("--check", "exit 1 when Pulumi.yaml or README.md is out of date")
    .action(async (opts: { write?: boolean; check?: boolean }) => {
      const fs = await import("fs");
      const path = await import("path");
      const { renderPulumiYaml, spliceReadme } = await import("../config-docs/render");
      const { findProjectRoot } = await import("../plan/stack-files");
      const { renderPipelineStacks, stackPipelineFacts } = await import("../config-docs/render-stacks");
      const { PIPELINE_STACKS_TEMPLATE_PATH } = await import("../../infra/delivery/devops-names");
      const root = findProjectRoot(io.cwd);
      const files = [
        { file: path.join(root, "Pulumi.yaml"), next: () => renderPulumiYaml() },
        { file: path.join(root, "README.md"), next: (cur: string) => spliceReadme(cur) },
        // The pipelines' per-stack pool, from the stack files (pipelines are static YAML).
        { file: path.join(root, PIPELINE_STACKS_TEMPLATE_PATH), next: () => renderPipelineStacks(stackPipelineFacts(root)) },
      ];
      const stale: string[] = [];
      for (const { file, next } of files) {
        const cur = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
        const want = next(cur);
        if (cur === want) continue;
        stale.push(path.basename(file));
        if (opts.write) fs.writeFileSync(file, want);
      }
      if (opts.write) io.stdout(stale.length ? `updated ${stale.join(", ")}\n` : "up to date\n");
      else if (stale.length) {
        io.stderr(`out of date: ${stale.join(", ")}; run \`npm run gen:config-docs\`\n`);
        setExitCode(1);
      } else io.stdout("up to date\n");
    });
}

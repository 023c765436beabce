/**
 * Readiness in the pipelines: the release runs `delivery readiness` before it migrates or swaps (a
 * not-ready stack never swaps); the drift schedule records readiness into the stack's drift work
 * item. The YAML structure is checked, and readiness-gate.sh / drift-gate.sh run for real with a
 * stub `delivery` and `az` first on PATH.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { REPO_ROOT } from "./support/reference-files";
import { removeScriptTemps, runScript, scriptTempDir as tempDir } from "./support/run-script";

type Node = any; // parsed YAML
const load = (rel: string): Node => YAML.parse(fs.readFileSync(path.join(REPO_ROOT, rel), "utf8"));
afterAll(removeScriptTemps);

describe("pipeline wiring", () => {
  const steps: Node[] = load("pipelines/templates/stages/deploy.yml").stages[0].jobs[0].strategy.runOnce.deploy.steps;
  const index = (name: string) => steps.findIndex((s) => s.name === name);

  test("the release runs readiness after the smoke test and before the migration, the swap preview and the swap", () => {
    const readiness = steps[index("readiness")];
    expect(readiness).toMatchObject({
      task: "AzureCLI@2",
      env: { SYSTEM_ACCESSTOKEN: "$(System.AccessToken)" },
      inputs: { azureSubscription: "${{ parameters.serviceConnection }}", scriptPath: "$(scripts)/readiness-gate.sh" },
    });
    expect(readiness.inputs.arguments).toBe('--stack "${{ parameters.environmentCode }}" --out-dir "$(reports)/readiness"');
    expect(readiness.inputs.arguments).not.toContain("--record-only");
    // No condition: it runs (and fails the job) whenever the release gets this far.
    expect(readiness.condition).toBeUndefined();
    expect(index("readiness")).toBeGreaterThan(index("smoke"));
    for (const later of ["database", "swapPreview", "ramp", "swap"]) expect(index("readiness")).toBeLessThan(index(later));
    // The swap steps run only on success, so exit 1 or 3 of readiness means no swap.
    // (and not at all when the stack's app is a slot on another stack's app: RELEASE_SHAPE direct).
    for (const later of ["swapPreview", "ramp", "swap"]) expect(steps[index(later)].condition).toBe("and(succeeded(), ne(variables['RELEASE_SHAPE'], 'direct'))");
  });

  test("the drift schedule records readiness before the drift gate, which gets the same report", () => {
    const stackSteps: Node[] = load("pipelines/templates/steps/pulumi-stack.yml").steps;
    const r = stackSteps.findIndex((s) => s.name === "readiness");
    const d = stackSteps.findIndex((s) => s.name === "drift");
    expect(r).toBeGreaterThan(0);
    expect(d).toBeGreaterThan(r);
    expect(stackSteps[r].condition).toContain("'refresh-preview'");
    expect(stackSteps[r].inputs.arguments).toBe('--stack ${{ parameters.stack }} --out-dir "$(Build.ArtifactStagingDirectory)/readiness-${{ parameters.stack }}" --record-only');
    expect(stackSteps[d].bash).toContain('--readiness "$(Build.ArtifactStagingDirectory)/readiness-${{ parameters.stack }}/readiness.json"');
  });
});

describe("readiness-gate.sh", () => {
  const ok = (code: number) => `[[ $1 == readiness ]] && { for ((i=1;i<=$#;i++)); do [[ \${!i} == --markdown ]] && { j=$((i+1)); echo '### md' > "\${!j}"; }; done; echo '{"ready": ${code === 0}}'; exit ${code}; }`;

  test("ready: exit 0, the subscription from the variable group, the Markdown block uploaded to the run summary", () => {
    const r = runScript("readiness-gate.sh", ["--stack", "prod", "--out-dir", "out"], { DELIVERY_CLI: "delivery", AZURE_SUBSCRIPTION_ID: "0b1f6471-1bf0-4dda-aec3-cb9272f09590" }, { delivery: ok(0) });
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([expect.stringMatching(/^delivery readiness prod --subscription 0b1f6471-1bf0-4dda-aec3-cb9272f09590 --json --markdown \S+\/out\/readiness\.md$/)]);
    expect(r.stdout).toMatch(/##vso\[task\.uploadsummary\]\S+\/out\/readiness\.md/);
    expect(fs.readFileSync(path.join(r.dir, "out", "readiness.json"), "utf8")).toContain('"ready": true');
  });

  test("not ready: exit 1 and the swap does not run; with --record-only (drift) exit 0 and a warning", () => {
    const gate = runScript("readiness-gate.sh", ["--stack", "prod", "--out-dir", "out"], { DELIVERY_CLI: "delivery" }, { delivery: ok(1), az: "echo 0b1f6471-1bf0-4dda-aec3-cb9272f09590" });
    expect(gate.code).toBe(1);
    expect(gate.stdout).toMatch(/##vso\[task\.logissue type=error\]stack prod is not ready to swap; the swap does not run/);
    expect(gate.calls[0]).toBe("az account show --query id -o tsv");
    const record = runScript("readiness-gate.sh", ["--stack", "prod", "--out-dir", "out", "--record-only"], { DELIVERY_CLI: "delivery", AZURE_SUBSCRIPTION_ID: "x" }, { delivery: ok(1) });
    expect(record.code).toBe(0);
    expect(record.stdout).toMatch(/type=warning\]stack prod is not ready to swap/);
  });

  test("could not reach Azure (exit 3): exit 3 even with --record-only, and no report is left behind", () => {
    const r = runScript("readiness-gate.sh", ["--stack", "prod", "--out-dir", "out", "--record-only"], { DELIVERY_CLI: "delivery", AZURE_SUBSCRIPTION_ID: "x" }, { delivery: "exit 3" });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/readiness unknown, so nothing swaps/);
    expect(fs.existsSync(path.join(r.dir, "out", "readiness.json"))).toBe(false);
  });

  test("usage errors exit 2", () => {
    expect(runScript("readiness-gate.sh", ["--stack", "prod"], { DELIVERY_CLI: "delivery" }, {}).code).toBe(2);
    expect(runScript("readiness-gate.sh", ["--stack", "a b", "--out-dir", "o"], { DELIVERY_CLI: "delivery" }, {}).code).toBe(2);
  });
});

describe("drift-gate.sh --readiness", () => {
  const ado = { SYSTEM_COLLECTIONURI: "https://dev.azure.com/pinecone-software/", SYSTEM_TEAMPROJECT: "PineCone Pro", SYSTEM_ACCESSTOKEN: "t", RUN_URL: "https://x/run/7", DELIVERY_CLI: "delivery" };
  const files = (ready: boolean) => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "preview.json"), "{}");
    fs.writeFileSync(path.join(dir, "readiness.json"), JSON.stringify({ kind: "pinecone-delivery/readiness", ready }, null, 2));
    return dir;
  };

  test.each([
    [true, 0],
    [false, 1],
  ])("no drift, ready=%s → the work item gets the readiness report, gate exit %i", (ready, expected) => {
    const dir = files(ready);
    const r = runScript("drift-gate.sh", ["--stack", "prod", "--preview", path.join(dir, "preview.json"), "--out-dir", "drift", "--readiness", path.join(dir, "readiness.json")], ado, {});
    expect(r.code).toBe(expected);
    expect(r.calls.find((c) => c.startsWith("delivery work-item"))).toMatch(new RegExp(`--run-url https://x/run/7 --readiness ${path.join(dir, "readiness.json")}$`));
    if (!ready) expect(r.stdout).toMatch(/##vso\[build\.addbuildtag\]not-ready-prod[\s\S]*stack prod is not ready to swap/);
  });

  test("a missing readiness report (Azure unreachable) is not 'ready': exit 3 before the work item", () => {
    const dir = files(true);
    const r = runScript("drift-gate.sh", ["--stack", "prod", "--preview", path.join(dir, "preview.json"), "--out-dir", "drift", "--readiness", path.join(dir, "nope.json")], ado, {});
    expect(r.code).toBe(3);
    expect(r.calls.some((c) => c.startsWith("delivery work-item"))).toBe(false);
  });
});

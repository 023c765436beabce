/**
 * Release freezes end to end: `delivery freeze-check` at dates inside, outside and at the
 * boundaries; the program writes the freezes into the settings variable group; freeze-gate.sh runs
 * the real CLI; every release and infra deploy runs the gate before its first change.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { run } from "../tools/cli";
import { ExitCode } from "../tools/exit-codes";
import { planStack } from "../tools/plan/plan";
import { captureIo } from "./support/capture-io";
import { REPO_ROOT } from "./support/reference-files";
import { removeScriptTemps, runScript, scriptTempDir } from "./support/run-script";

type Node = any; // parsed YAML
const load = (rel: string): Node => YAML.parse(fs.readFileSync(path.join(REPO_ROOT, rel), "utf8"));
afterAll(removeScriptTemps);

const YEAR_END = "2026-12-28T00:00+01:00|2027-01-04T08:00+01:00|ERP year-end closing";
const INVENTORY = "2027-03-31T18:00Z|2027-04-01T06:00Z|inventory count";
const FREEZES = `${YEAR_END};${INVENTORY}`;

async function check(now: string, extra: string[] = [], freezes = FREEZES) {
  const io = captureIo(REPO_ROOT, {});
  const code = await run(["freeze-check", "prod", "--freezes", freezes, "--now", now, "--environment", "pinecone-prod", ...extra], io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

describe("delivery freeze-check: inside, outside and at the boundaries", () => {
  test.each([
    ["a week before", "2026-12-21T12:00+01:00", ExitCode.Ok],
    ["one second before the start", "2026-12-27T23:59:59+01:00", ExitCode.Ok],
    ["exactly at the start (inclusive)", "2026-12-28T00:00+01:00", ExitCode.Findings],
    ["the same instant written in UTC", "2026-12-27T23:00Z", ExitCode.Findings],
    ["inside", "2027-01-01T10:00-05:00", ExitCode.Findings],
    ["one second before the end", "2027-01-04T07:59:59+01:00", ExitCode.Findings],
    ["exactly at the end (exclusive)", "2027-01-04T07:00Z", ExitCode.Ok],
    ["inside the second freeze", "2027-04-01T05:59Z", ExitCode.Findings],
    ["between the freezes", "2027-02-15T09:00+01:00", ExitCode.Ok],
  ])("%s (%s) → exit %i", async (_label, now, expected) => {
    expect((await check(now)).code).toBe(expected);
  });

  test("a frozen stack: the message names the freeze, that nothing changes, who may override and that it is recorded", async () => {
    const r = await check("2027-01-02T09:00+01:00");
    expect(r.code).toBe(ExitCode.Findings);
    expect(r.err).toContain('stack prod is in the release freeze "ERP year-end closing" from 2026-12-28T00:00+01:00 until 2027-01-04T08:00+01:00 (UTC 2026-12-27T23:00:00.000Z to 2027-01-04T07:00:00.000Z)');
    expect(r.err).toContain("this release stops before it changes anything");
    expect(r.err).toContain("queue the run again with the runtime parameter freezeOverrideReason naming the incident (at least 10 characters)");
    expect(r.err).toContain("it still needs the approval of pinecone-prod's approvers");
    expect(r.err).toContain("the override is recorded (build tag freeze-override-prod, run summary, warning in the log)");
  });

  test("an emergency override with a reason passes and says so; a too-short reason does not", async () => {
    const ok = await check("2027-01-02T09:00+01:00", ["--override-reason", "INC-4711 invoices fail to post", "--json"]);
    expect(ok.code).toBe(ExitCode.Ok);
    expect(JSON.parse(ok.out)).toMatchObject({ frozen: true, overridden: true, overrideReason: "INC-4711 invoices fail to post", freeze: { reason: "ERP year-end closing" } });
    expect(ok.err).toMatch(/^freeze-check: EMERGENCY OVERRIDE of the release freeze "ERP year-end closing"/);
    const short = await check("2027-01-02T09:00+01:00", ["--override-reason", "urgent"]);
    expect(short.code).toBe(ExitCode.Findings);
    expect(short.err).toContain('(the reason given, "urgent", is too short)');
  });

  test("no freezes ('none') → exit 0; a missing or malformed RELEASE_FREEZES or --now → exit 2 (never 'not frozen')", async () => {
    expect((await check("2027-01-02T09:00+01:00", [], "none")).code).toBe(ExitCode.Ok);
    const missing = await check("2027-01-02T09:00+01:00", [], "$(RELEASE_FREEZES)");
    expect(missing.code).toBe(ExitCode.BadInput);
    expect(missing.err).toMatch(/RELEASE_FREEZES is missing from the stack's settings variable group \(found "\$\(RELEASE_FREEZES\)"\); run the infra deploy of the stack once to write it\. Nothing was changed\./);
    const bad = await check("2027-01-02T09:00+01:00", [], "2027-01-04|2026-12-28|backwards");
    expect(bad.code).toBe(ExitCode.BadInput);
    expect(bad.err).toMatch(/--freezes: RELEASE_FREEZES has 1 problem\(s\): expected <start>\|<end>/);
    expect((await check("2027-01-02 09:00")).code).toBe(ExitCode.BadInput);
  });

  test("without --freezes it reads the stack file: prod's committed year-end freeze", async () => {
    const io = captureIo(REPO_ROOT, {});
    expect(await run(["freeze-check", "prod", "--now", "2026-12-30T12:00Z", "--what", "infra deploy"], io)).toBe(ExitCode.Findings);
    expect(io.stderrText()).toContain('"ERP year-end closing"');
    expect(io.stderrText()).toContain("this infra deploy stops before it changes anything");
    const qa = captureIo(REPO_ROOT, {});
    expect(await run(["freeze-check", "qa", "--now", "2026-12-30T12:00Z"], qa)).toBe(ExitCode.Ok);
  });
});

describe("the freezes reach the pipelines from the program", () => {
  test("the settings variable group carries RELEASE_FREEZES as the stack file lists them ('none' without freezes)", async () => {
    const value = async (stack: string) => {
      const plan = await planStack(REPO_ROOT, stack);
      const group = plan.resources.find((r) => r.type === "azuredevops:index/variableGroup:VariableGroup" && r.name.endsWith("-settings"))!;
      return (group.inputs.variables as { name: string; value: string; isSecret: boolean }[]).find((v) => v.name === "RELEASE_FREEZES");
    };
    expect(await value("prod")).toEqual({ name: "RELEASE_FREEZES", value: YEAR_END, isSecret: false });
    expect((await value("qa"))!.value).toBe("none");
  }, 60_000);
});

describe("freeze-gate.sh with the real delivery CLI", () => {
  /** The real CLI with the clock fixed at `now` (the gate itself takes no clock from its environment). */
  const cliAt = (now: string) => {
    const file = path.join(scriptTempDir(), "delivery-at");
    fs.writeFileSync(file, `#!/usr/bin/env bash\nexec "${path.join(REPO_ROOT, "node_modules", ".bin", "node")}" "${path.join(REPO_ROOT, "bin", "delivery.js")}" "$@" --now "${now}"\n`, { mode: 0o755 });
    return file;
  };
  const gate = ({ FREEZE_NOW, ...env }: Record<string, string>, extra: string[] = []) =>
    runScript("freeze-gate.sh", ["--stack", "prod", "--what", "release", "--environment", "pinecone-prod", "--out-dir", path.join(scriptTempDir(), "freeze"), ...extra], { DELIVERY_CLI: cliAt(FREEZE_NOW), ...env }, {}, [], REPO_ROOT);

  test("the gate takes no clock from its environment (a queue-time variable must not move 'now')", () => {
    expect(fs.readFileSync(path.join(REPO_ROOT, "pipelines", "scripts", "freeze-gate.sh"), "utf8")).not.toMatch(/--now/);
  });

  test("inside a freeze: exit 1 with the freeze named; outside: exit 0", () => {
    const frozen = gate({ RELEASE_FREEZES: FREEZES, FREEZE_NOW: "2027-01-02T09:00+01:00" });
    expect(frozen.code).toBe(1);
    expect(frozen.stderr).toContain('release freeze "ERP year-end closing"');
    expect(frozen.stdout).toContain("##vso[task.logissue type=error]stack prod is in a release freeze; this release stops before it changes anything");
    expect(gate({ RELEASE_FREEZES: FREEZES, FREEZE_NOW: "2027-01-04T07:00Z" }).code).toBe(0);
  });

  test("an emergency override passes and is recorded: build tag, run summary with requester and reason, warning", () => {
    const r = gate({ RELEASE_FREEZES: FREEZES, FREEZE_NOW: "2027-01-02T09:00+01:00", FREEZE_OVERRIDE_REASON: "INC-4711 invoices fail to post; $(rm -rf /)", BUILD_REQUESTEDFOR: "Jana Novak" });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("##vso[build.addbuildtag]freeze-override-prod");
    expect(r.stdout).toContain("##vso[task.logissue type=warning]release freeze of prod overridden by Jana Novak: INC-4711 invoices fail to post; $(rm -rf /)");
    const summary = /##vso\[task\.uploadsummary\](\S+)/.exec(r.stdout)![1];
    expect(fs.readFileSync(summary, "utf8")).toContain("Requested by Jana Novak for this release. Reason: INC-4711 invoices fail to post; $(rm -rf /)");
  });

  test("a reason that starts with a dash is still the reason, not an option", () => {
    const r = gate({ RELEASE_FREEZES: FREEZES, FREEZE_NOW: "2027-01-02T09:00+01:00", FREEZE_OVERRIDE_REASON: "--json INC-4711 posting outage" });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("overridden by unknown: --json INC-4711 posting outage");
  });

  test("RELEASE_FREEZES missing from the group: a release fails closed (exit 2); an infra deploy falls back to the stack file", () => {
    const release = gate({ RELEASE_FREEZES: "$(RELEASE_FREEZES)", FREEZE_NOW: "2027-02-15T09:00Z" });
    expect(release.code).toBe(2);
    const infra = runScript("freeze-gate.sh", ["--stack", "prod", "--what", "infra deploy", "--out-dir", path.join(scriptTempDir(), "freeze"), "--stack-file-fallback"], { DELIVERY_CLI: cliAt("2026-12-30T12:00Z") }, {}, [], REPO_ROOT);
    expect(infra.code).toBe(1);
    expect(infra.stdout).toContain("type=warning]RELEASE_FREEZES is not in the settings group of prod yet; using the freezes of Pulumi.prod.yaml");
  });
});

describe("every release and infra deploy runs the gate before its first change", () => {
  test("app delivery: a freezeOverrideReason parameter, and the freeze step before the first change of every environment", () => {
    const params: Node[] = load("pipelines/templates/app-delivery.yml").parameters;
    expect(params.find((p) => p.name === "freezeOverrideReason")).toMatchObject({ type: "string", default: "" });
    const steps: Node[] = load("pipelines/templates/stages/deploy.yml").stages[0].jobs[0].strategy.runOnce.deploy.steps;
    const freeze = steps.findIndex((s) => s.name === "freeze");
    const firstChange = steps.findIndex((s) => s.task === "AzureCLI@2");
    expect(steps[firstChange].name).toBe("promote");
    expect(freeze).toBeGreaterThan(-1);
    expect(freeze).toBeLessThan(firstChange);
    expect(steps[freeze].condition).toBeUndefined();
    // The reason reaches the script as an environment variable, never as script text.
    expect(steps[freeze].env).toEqual({ RELEASE_FREEZES: "$(RELEASE_FREEZES)", FREEZE_OVERRIDE_REASON: "${{ parameters.options.freezeOverrideReason }}" });
    expect(steps[freeze].bash).not.toContain("freezeOverrideReason");
    expect(steps[freeze].bash).toMatch(/freeze-gate\.sh --stack "\$\{\{ parameters\.environmentCode \}\}" --what release/);
  });

  test("infra deploy: the settings group in every stage, the gate before pulumi in every job (gated: before the plan and again after the approval)", () => {
    const top = load("pipelines/infra-deploy.yml");
    expect(top.parameters).toEqual([expect.objectContaining({ name: "freezeOverrideReason", type: "string", default: "" })]);
    expect(top.extends.parameters).toEqual({ freezeOverrideReason: "${{ parameters.freezeOverrideReason }}" });
    const template = load("pipelines/templates/infra-deploy.yml");
    expect(template.parameters).toEqual([expect.objectContaining({ name: "freezeOverrideReason", type: "string", default: "" })]);
    for (const s of template.stages as Node[]) {
      expect(s.parameters.settingsGroup).toBe(`pinecone-${s.parameters.stack}-settings`);
      expect(s.parameters.freezeOverrideReason).toBe("${{ parameters.freezeOverrideReason }}");
    }
    const jobsOf = (file: string) =>
      (load(file).stages as Node[]).map((stage) => {
        expect(stage.variables).toContainEqual({ group: "${{ parameters.settingsGroup }}" });
        const job = stage.jobs[0];
        return (job.steps ?? job.strategy.runOnce.deploy.steps) as Node[];
      });
    for (const steps of [...jobsOf("pipelines/templates/stages/infra-deploy.yml"), ...jobsOf("pipelines/templates/stages/infra-deploy-gated.yml")]) {
      const freeze = steps.findIndex((s) => s.name === "freeze");
      const pulumi = steps.findIndex((s) => s.task === "AzureCLI@2");
      expect(freeze).toBeGreaterThan(-1);
      expect(freeze).toBeLessThan(pulumi);
      expect(steps[freeze].bash).toContain('--what "infra deploy"');
      expect(steps[freeze].bash).toContain("--stack-file-fallback");
      expect(steps[freeze].env.FREEZE_OVERRIDE_REASON).toBe("${{ parameters.freezeOverrideReason }}");
    }
  });
});

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runWorkItem, WorkItemOptions } from "../../tools/ado/run-work-item";
import { RetryOptions } from "../../tools/ado/retry";
import { run } from "../../tools/cli";
import { captureIo } from "../support/capture-io";
import { FakeAdo } from "../support/fake-ado";

const FIXTURES = path.resolve(__dirname, "../fixtures/preview");
const WORK_ITEMS = /\/_apis\/wit\/workitems\/\$Bug$/;
const WIQL = /\/_apis\/wit\/wiql$/;
let tmp: string;
let fake: FakeAdo;

/** Writes `delivery drift-report --json` of the given fixture to `name`. */
async function driftJson(name: string, fixture: string): Promise<void> {
  const io = captureIo(FIXTURES);
  await run(["drift-report", "--stack", `prod=${fixture}`, "--json"], io);
  fs.writeFileSync(path.join(tmp, name), io.stdoutText());
}

beforeAll(async () => {
  // Loopback calls must not go through a proxy the machine may have configured.
  delete process.env.HTTP_PROXY;
  delete process.env.HTTPS_PROXY;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "work-item-"));
  await driftJson("drift.json", "prod-drift.json");
  await driftJson("clean.json", "prod-drift-release-only.json");
  const changed = JSON.parse(fs.readFileSync(path.join(tmp, "drift.json"), "utf8"));
  changed.stacks[0].resources.pop();
  changed.stacks[0].unexpected--;
  fs.writeFileSync(path.join(tmp, "drift-changed.json"), JSON.stringify(changed));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
beforeEach(async () => {
  fake = await new FakeAdo().start();
});
afterEach(() => fake.stop());

const env = { AZURE_DEVOPS_EXT_PAT: "p".repeat(52) };
const args = (report: string, ...extra: string[]) => ["work-item", "--collection-url", fake.url, "--project", "erp", "--stack", "prod", "--report", report, ...extra];
const opts = (report: string): WorkItemOptions => ({ collectionUrl: fake.url, project: "erp", stack: "prod", report, workItemType: "Bug" });
const instant: Partial<RetryOptions> = { sleep: async () => undefined, random: () => 0 };

describe("delivery work-item against a fake Azure DevOps", () => {
  it("opens one Bug per stack, comments only when the drift changes, and closes it when drift is gone", async () => {
    const io = captureIo(tmp, env);
    expect(await run(args("drift.json"), io)).toBe(0);
    expect(io.stdoutText()).toMatch(/created #500 for stack prod/);
    const [item] = fake.workItems;
    expect(item.fields["System.Tags"]).toBe("delivery-drift; stack-prod");
    expect(item.fields["Microsoft.VSTS.TCM.ReproSteps"]).toMatch(/<code>siteConfig\.ftpsState<\/code>/);
    expect(item.fields["Microsoft.VSTS.TCM.ReproSteps"]).not.toMatch(/linuxFxVersion/);

    expect(await run(args("drift.json"), captureIo(tmp, env))).toBe(0);
    expect(item.comments).toEqual([]);
    expect(await run(args("drift-changed.json"), captureIo(tmp, env))).toBe(0);
    expect(item.comments).toEqual(["Drift changed."]);
    expect(item.fields["Microsoft.VSTS.TCM.ReproSteps"]).not.toMatch(/no-delete/);

    const closing = captureIo(tmp, env);
    expect(await run(args("clean.json"), closing)).toBe(0);
    expect(closing.stdoutText()).toMatch(/closed #500/);
    expect(item.fields["System.State"]).toBe("Closed");
    expect(fake.workItems).toHaveLength(1);
    // One WIQL query per run, plus the re-query after the create that checks for a concurrent one.
    expect(fake.count("POST", WIQL)).toBe(5);
  });

  it("uses Issue, Description and Done for the Basic process", async () => {
    await run(args("drift.json", "--work-item-type", "Issue"), captureIo(tmp, env));
    await run(args("clean.json", "--work-item-type", "Issue"), captureIo(tmp, env));
    expect(fake.workItems[0].fields).toMatchObject({ "System.WorkItemType": "Issue", "System.State": "Done" });
    expect(fake.workItems[0].fields["System.Description"]).toContain("Unexpected drift in stack <b>prod</b>");
  });

  it("after a lost create answer, 429 and a stale rev there is exactly one work item with one comment", async () => {
    fake.inject("POST", WORK_ITEMS, { kind: "lost-answer", status: 500 });
    fake.inject("POST", WIQL, { kind: "status", status: 429, retryAfterSeconds: 1 }, 1);
    const io = captureIo(tmp, env);
    expect(await runWorkItem(opts("drift.json"), io, instant)).toBe(0);
    expect(fake.workItems).toHaveLength(1);
    // Someone edits the item between our read and our write: the rev test fails once (412), we re-read.
    fake.inject("PATCH", /\/_apis\/wit\/workItems\/500$/, { kind: "status", status: 412 });
    expect(await runWorkItem(opts("drift-changed.json"), io, instant)).toBe(0);
    expect(fake.workItems).toHaveLength(1);
    expect(fake.workItems[0].comments).toEqual(["Drift changed."]);
    expect(fake.count("POST", WORK_ITEMS)).toBe(1);
  });

  it("does nothing when there is no drift and no open item", async () => {
    const io = captureIo(tmp, env);
    expect(await run(args("clean.json"), io)).toBe(0);
    expect(io.stdoutText()).toMatch(/nothing to do/);
    expect(fake.count("POST", WORK_ITEMS)).toBe(0);
  });

  it("exits 2 when the report is not a drift report or lacks the stack", async () => {
    fs.writeFileSync(path.join(tmp, "other.json"), JSON.stringify({ kind: "preview-report" }));
    const io = captureIo(tmp, env);
    expect(await run(args("other.json"), io)).toBe(2);
    expect(io.stderrText()).toMatch(/--report other\.json: not a drift report/);
    const io2 = captureIo(tmp, env);
    expect(await run(["work-item", "--collection-url", fake.url, "--project", "erp", "--stack", "uat", "--report", "drift.json"], io2)).toBe(2);
    expect(io2.stderrText()).toMatch(/--stack uat: drift\.json has no complete entry for that stack; it has: prod/);
  });
});

describe("delivery work-item --readiness: failed readiness checks go into the stack's drift work item", () => {
  const readiness = (name: string, stack: string, failed: { check: string; resource: string; detail: string; fix: string }[]) =>
    fs.writeFileSync(
      path.join(tmp, name),
      JSON.stringify({
        kind: "pinecone-delivery/readiness",
        version: 1,
        stack,
        ready: failed.length === 0,
        checkedAt: "2026-12-06T04:00:00.000Z",
        results: [{ check: "autoscale", resource: "asp-pcpro-prod-autoscale", ok: true, detail: "enabled, 3..10 instances", fix: "" }, ...failed.map((f) => ({ ...f, ok: false }))],
      }, null, 2),
    );
  const alertOff = { check: "metric-alert", resource: "alert-prod-http-5xx", detail: "metric alert is disabled", fix: "Run the infra deploy for stack prod" };

  it("opens the item for a failed check without drift, names check, resource and fix, and closes it once both pass", async () => {
    readiness("not-ready.json", "prod", [alertOff]);
    readiness("ready.json", "prod", []);
    const io = captureIo(tmp, env);
    expect(await run(args("clean.json", "--readiness", "not-ready.json"), io)).toBe(0);
    expect(io.stdoutText()).toMatch(/created #500 for stack prod/);
    const body = fake.workItems[0].fields["Microsoft.VSTS.TCM.ReproSteps"] as string;
    expect(body).toContain("Failed readiness checks (delivery readiness): 1;");
    expect(body).toContain("<li><b>metric-alert</b> <code>alert-prod-http-5xx</code>: metric alert is disabled. Fix: Run the infra deploy for stack prod</li>");
    expect(body).not.toContain("asp-pcpro-prod-autoscale");

    expect(await run(args("clean.json", "--readiness", "not-ready.json"), captureIo(tmp, env))).toBe(0);
    expect(fake.workItems[0].comments).toEqual([]);
    const closing = captureIo(tmp, env);
    expect(await run(args("clean.json", "--readiness", "ready.json"), closing)).toBe(0);
    expect(closing.stdoutText()).toMatch(/closed #500/);
    expect(fake.workItems[0].fields["System.State"]).toBe("Closed");
  });

  it("exits 2 on a readiness report of another stack or of another kind", async () => {
    readiness("uat.json", "uat", [alertOff]);
    const io = captureIo(tmp, env);
    expect(await run(args("clean.json", "--readiness", "uat.json"), io)).toBe(2);
    expect(io.stderrText()).toMatch(/--readiness uat\.json: the report is for stack "uat", not prod\./);
    const io2 = captureIo(tmp, env);
    expect(await run(args("clean.json", "--readiness", "drift.json"), io2)).toBe(2);
    expect(io2.stderrText()).toMatch(/--readiness drift\.json: not a readiness report/);
    expect(fake.count("POST", WORK_ITEMS)).toBe(0);
  });
});

/**
 * The cost line of the PR report: `delivery cost --all --json` of the target branch and of the PR
 * (both real offline plans), fed to `delivery preview-report --cost-before/--cost-after`; a rise
 * above costReviewThresholdPerMonth counts in the risky marker, so `delivery pr-thread` keeps the
 * thread active. Offline: plans under mocks, the committed price snapshot, a loopback fake ADO.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../../tools/cli";
import { parseSnapshot, SNAPSHOT_PATH } from "../../tools/cost/snapshot";
import { ExitCode } from "../../tools/exit-codes";
import { captureIo } from "../support/capture-io";
import { FakeAdo } from "../support/fake-ado";
import { readStackFile, REPO_ROOT, runCli, tempProject } from "../support/harness";

const FIXTURES = path.resolve(__dirname, "../fixtures/preview");
const snapshot = parseSnapshot(fs.readFileSync(path.join(REPO_ROOT, SNAPSHOT_PATH), "utf8"), SNAPSHOT_PATH);
const price = (key: string) => snapshot.meters[key].retailPrice;

let tmp: string;
/** The "target branch": prod still on P1v3 (the PR moves it to P2v3, as the repository has it). */
let baseProject: string;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "preview-cost-"));
  baseProject = tempProject({
    dev: readStackFile("dev"), qa: readStackFile("qa"), uat: readStackFile("uat"),
    prod: readStackFile("prod").replace("pinecone-delivery:appServiceSku: P2v3", "pinecone-delivery:appServiceSku: P1v3"),
  });
  fs.mkdirSync(path.join(baseProject, "prices"));
  fs.copyFileSync(path.join(REPO_ROOT, SNAPSHOT_PATH), path.join(baseProject, SNAPSHOT_PATH));
  const before = await runCli(["cost", "--all", "--json"], baseProject);
  const after = await runCli(["cost", "--all", "--json"], REPO_ROOT);
  expect([before.code, after.code]).toEqual([ExitCode.Ok, ExitCode.Ok]);
  fs.writeFileSync(path.join(tmp, "cost-before.json"), before.stdout);
  fs.writeFileSync(path.join(tmp, "cost-after.json"), after.stdout);
  // A preview with no changes, so any risk in the marker comes from the cost alone.
  fs.writeFileSync(path.join(tmp, "quiet.json"), JSON.stringify({ steps: [], diagnostics: [], changeSummary: { same: 90 } }));
  fs.copyFileSync(path.join(FIXTURES, "prod-preview.json"), path.join(tmp, "prod-preview.json"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const costArgs = ["--cost-before", "cost-before.json", "--cost-after", "cost-after.json"];

describe("delivery preview-report --cost-before/--cost-after", () => {
  it("shows every stack's monthly cost before and after, the stack that changes most first, and flags the rise above the threshold", async () => {
    const io = captureIo(tmp);
    expect(await run(["preview-report", "--stack", "prod=quiet.json", ...costArgs], io)).toBe(ExitCode.Ok);
    const md = io.stdoutText();
    // prod: 3 instances × 730 h × (P2v3 − P1v3) more a month; the default threshold is 100.
    const delta = 3 * 730 * (price("app-service-plan/linux/P2v3/westeurope") - price("app-service-plan/linux/P1v3/westeurope"));
    expect(delta).toBeGreaterThan(100);
    const money = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(md.split("\n")[0]).toBe("<!-- delivery:preview-report risky=1 -->");
    expect(md).toContain("**1 cost increase above the review threshold needs a reviewer** (see Monthly cost).");
    expect(md).toContain(`### Monthly cost (estimate, USD)`);
    expect(md).toContain(`prices of ${snapshot.date}; indicative, not fetched; run delivery prices --refresh.`);
    const section = md.slice(md.indexOf("### Monthly cost"), md.indexOf("### Stack `prod`"));
    const rows = section.split("\n").filter((l) => /^\| `(dev|qa|uat|prod)` \| [\d,.–]+ \|/.test(l));
    expect(rows.map((r) => r.split("|")[1].trim())).toEqual(["`prod`", "`dev`", "`qa`", "`uat`"]);
    expect(rows[0]).toMatch(new RegExp(`^\\| \`prod\` \\| [\\d,.]+ \\| [\\d,.]+ \\| \\+${money(delta).replace(/[.,]/g, "\\$&")} \\| \\*\\*above the review threshold \\(100\\.00\\)\\*\\* \\|$`));
    expect(rows[1]).toMatch(/^\| `dev` \| [\d,.]+ \| [\d,.]+ \| ±0\.00 \|  \|$/);
    expect(md).toMatch(/<details><summary>Cost of prod: 1 resource change \(\+[\d,.]+\)<\/summary>/);
    expect(md).toContain(`| \`app/app-plan\` | \`azure-native:web:AppServicePlan\` | ${money(3 * 730 * price("app-service-plan/linux/P1v3/westeurope"))} | ${money(3 * 730 * price("app-service-plan/linux/P2v3/westeurope"))} | +${money(delta)} |`);
  });

  it("the cost alert keeps the PR thread active; without it the same report closes the thread", async () => {
    delete process.env.HTTP_PROXY;
    delete process.env.HTTPS_PROXY;
    const fake = await new FakeAdo().start();
    try {
      const env = { SYSTEM_ACCESSTOKEN: "job-token" };
      const thread = (body: string, pr: string) =>
        run(["pr-thread", "--collection-url", fake.url, "--project", "erp", "--repository", "infra", "--pull-request", pr, "--body-file", body], captureIo(tmp, env));
      expect(await run(["preview-report", "--stack", "prod=quiet.json", ...costArgs, "--out", "with-cost.md"], captureIo(tmp))).toBe(ExitCode.Ok);
      expect(await run(["preview-report", "--stack", "prod=quiet.json", "--out", "without-cost.md"], captureIo(tmp))).toBe(ExitCode.Ok);
      expect(await thread("with-cost.md", "7")).toBe(ExitCode.Ok);
      expect(await thread("without-cost.md", "8")).toBe(ExitCode.Ok);
      expect(fake.liveThreads(7).map((t) => t.status)).toEqual(["active"]);
      expect(fake.liveThreads(8).map((t) => t.status)).toEqual(["closed"]);
    } finally {
      await fake.stop();
    }
  });

  it("risky changes and cost alerts add up in the marker and the JSON form", async () => {
    const md = captureIo(tmp);
    await run(["preview-report", "--stack", "prod=prod-preview.json", ...costArgs], md);
    expect(md.stdoutText().split("\n")[0]).toBe("<!-- delivery:preview-report risky=4 -->"); // 3 risky changes + 1 cost alert
    const json = captureIo(tmp);
    await run(["preview-report", "--stack", "prod=prod-preview.json", ...costArgs, "--json"], json);
    const doc = JSON.parse(json.stdoutText());
    expect(doc.risky).toBe(4);
    expect(doc.cost.alerts).toBe(1);
    expect(doc.cost.stacks.map((s: { stack: string }) => s.stack)).toEqual(["prod", "dev", "qa", "uat"]);
    expect(doc.cost.stacks[0]).toMatchObject({ stack: "prod", threshold: 100, alert: true, notPricedAfter: 0 });
  });

  it("a PR cannot raise its own bar: the lower threshold of base and PR applies", async () => {
    const after = JSON.parse(fs.readFileSync(path.join(tmp, "cost-after.json"), "utf8"));
    for (const s of after.stacks) s.reviewThresholdPerMonth = 100000;
    fs.writeFileSync(path.join(tmp, "cost-after-raised.json"), JSON.stringify(after));
    const io = captureIo(tmp);
    await run(["preview-report", "--stack", "prod=quiet.json", "--cost-before", "cost-before.json", "--cost-after", "cost-after-raised.json"], io);
    expect(io.stdoutText().split("\n")[0]).toBe("<!-- delivery:preview-report risky=1 -->");
  });

  it("without --cost-before (the target branch has no estimate yet) nothing is judged; bad cost files are exit-2 errors", async () => {
    const io = captureIo(tmp);
    await run(["preview-report", "--stack", "prod=quiet.json", "--cost-after", "cost-after.json"], io);
    expect(io.stdoutText()).toContain("no estimate on the target branch");
    expect(io.stdoutText()).toContain("Offline plan of this PR only (no estimate of the target branch was given, so no change is judged)");
    expect(io.stdoutText().split("\n")[0]).toBe("<!-- delivery:preview-report risky=0 -->");
    const only = captureIo(tmp);
    expect(await run(["preview-report", "--stack", "prod=quiet.json", "--cost-before", "cost-before.json"], only)).toBe(ExitCode.BadInput);
    expect(only.stderrText()).toBe("error: --cost-before needs --cost-after: the PR's estimate (delivery cost --all --json on the PR checkout) is what the change is measured by.\n");
    fs.writeFileSync(path.join(tmp, "plan.json"), JSON.stringify({ kind: "pinecone-delivery/plan", version: 1, plans: [] }));
    const wrong = captureIo(tmp);
    expect(await run(["preview-report", "--stack", "prod=quiet.json", "--cost-after", "plan.json"], wrong)).toBe(ExitCode.BadInput);
    expect(wrong.stderrText()).toBe(
      'error: --cost-after plan.json: kind: Invalid literal value, expected "pinecone-delivery/cost"; expected the output of delivery cost --all --json (kind pinecone-delivery/cost, version 1).\n',
    );
  });
});

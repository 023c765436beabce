import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../../tools/cli";
import { captureIo } from "../support/capture-io";

const FIXTURES = path.resolve(__dirname, "../fixtures/preview");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generatePreview } = require("../../bench/generate-preview") as { generatePreview(n: number): { steps: unknown[] } };

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "preview-report-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const both = ["--stack", "prod=prod-preview.json", "--stack", "dev=dev-events.jsonl"];

describe("delivery preview-report", () => {
  it("writes one document: table first, then per stack risky changes before other changes", async () => {
    const io = captureIo(FIXTURES);
    const code = await run(["preview-report", ...both], io);
    const md = io.stdoutText();
    expect(md.split("\n")[0]).toBe("<!-- delivery:preview-report risky=5 -->");
    expect(md).toContain("| `prod` | 1 | 3 | 1 | 1 | 3 | 0 |");
    expect(md).toContain("| `dev` | 0 | 2 | 1 | 0 | 2 | 2 (1 mandatory) |");
    const prod = md.slice(md.indexOf("### Stack `prod`"), md.indexOf("### Stack `dev`"));
    expect(prod.indexOf("#### Risky changes")).toBeLessThan(prod.indexOf("#### Other changes"));
    expect(prod).toMatch(/- \*\*replace\*\* `stpineconeprod` .*replace of a protected resource; replace of a stateful resource: storage account/);
    expect(prod).toMatch(/- \*\*delete\*\* `app-acrpull` .*role assignment delete/);
    expect(prod).toMatch(/- \*\*update\*\* `app-pinecone-prod` .*network\/public-access setting changed: siteConfig\.ipSecurityRestrictions\[0\]\.ipAddress/);
    expect(prod).toContain("| `siteConfig.minTlsVersion` | update | `1.2` | `1.3` |");
    expect(prod).toContain("<details><summary>1 property of sql-admin</summary>");
    expect(prod).toContain("- error (`sql-admin`): error: length must be &lt;= 30");
    expect(md).toMatch(/- \*\*mandatory\*\* `pinecone-guardrails\/keyvault-no-public-access` on `kv-pinecone-dev`/);
    // Mandatory policy violation in dev: the report is written and the exit code says so.
    expect(code).toBe(1);
  });

  it("exits 0 when no mandatory policy is violated, and writes --out instead of stdout", async () => {
    const io = captureIo(FIXTURES);
    const out = path.join(tmp, "report.md");
    expect(await run(["preview-report", "--stack", "prod=prod-preview.json", "--out", out], io)).toBe(0);
    expect(io.stdoutText()).toBe("");
    expect(fs.readFileSync(out, "utf8")).toContain("### Stack `prod`");
  });

  it("--json gives the machine form", async () => {
    const io = captureIo(FIXTURES);
    await run(["preview-report", ...both, "--json"], io);
    const json = JSON.parse(io.stdoutText());
    expect(json).toMatchObject({ kind: "preview-report", version: 1, risky: 5, mandatoryPolicyViolations: 1 });
    expect(json.stacks.map((s: { name: string }) => s.name)).toEqual(["prod", "dev"]);
    expect(json.stacks[0].counts).toEqual({ create: 1, update: 3, replace: 1, delete: 1, other: 0 });
    expect(json.stacks[0].risky[1]).toMatchObject({ op: "replace", name: "stpineconeprod", protect: true, properties: [{ path: "location", old: "westeurope", new: "northeurope" }] });
  });

  it("fails with exit 2 and names the argument or file on bad input", async () => {
    const io = captureIo(FIXTURES);
    expect(await run(["preview-report", "--stack", "prod"], io)).toBe(2);
    expect(io.stderrText()).toMatch(/--stack "prod": expected <stack name>=<preview file>/);
    const io2 = captureIo(tmp);
    fs.writeFileSync(path.join(tmp, "broken.json"), '{"steps": [');
    expect(await run(["preview-report", "--stack", "qa=broken.json"], io2)).toBe(2);
    expect(io2.stderrText()).toMatch(/^error: broken\.json: not valid JSON/);
    expect(io2.stderrText()).not.toMatch(/\n\s+at /);
  });

  it("fits a 5,000-step preview below the budget, keeping the table and every risky change", async () => {
    const file = path.join(tmp, "large.json");
    fs.writeFileSync(file, JSON.stringify(generatePreview(5000), null, 4));
    const io = captureIo(tmp);
    expect(await run(["preview-report", "--stack", "perf=large.json"], io)).toBe(0);
    const md = io.stdoutText();
    expect(md.length).toBeLessThan(150_000);
    // Every 50th step replaces a protected storage account: 100 risky changes, all listed.
    expect(md).toContain("| `perf` | 500 | 3900 | 100 | 500 | 100 | 0 |");
    expect(md.match(/^- \*\*replace\*\* `res-\d+`/gm)).toHaveLength(100);
    expect(md).toMatch(/> \*\*Trimmed to stay below 149,000 characters:\*\* left out 4000 property diffs, \d+ other changes, 1 diagnostic\./);
  });

  it("respects a smaller --max-chars budget", async () => {
    const io = captureIo(FIXTURES);
    await run(["preview-report", ...both, "--max-chars", "3000"], io);
    const md = io.stdoutText();
    expect(md.length).toBeLessThanOrEqual(3000);
    expect(md).toContain("| `dev` | 0 | 2 | 1 | 0 | 2 | 2 (1 mandatory) |");
    expect(md).toContain("Trimmed to stay below 3,000 characters");
  });
});

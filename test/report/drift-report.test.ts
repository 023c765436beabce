import * as path from "path";
import { run } from "../../tools/cli";
import { captureIo } from "../support/capture-io";

const FIXTURES = path.resolve(__dirname, "../fixtures/preview");

describe("delivery drift-report", () => {
  it("exits 1 on unexpected drift and shows release-owned fields as expected", async () => {
    const io = captureIo(FIXTURES);
    expect(await run(["drift-report", "--stack", "prod=prod-drift.json", "--json"], io)).toBe(1);
    const report = JSON.parse(io.stdoutText());
    expect(report.unexpectedDrift).toBe(true);
    const [prod] = report.stacks;
    expect(prod).toMatchObject({ name: "prod", unexpected: 2, expected: 1 });
    const app = prod.resources.find((r: { name: string }) => r.name === "app-pinecone-prod");
    expect(app.expected).toBe(true);
    expect(app.properties.map((p: { path: string; expected: boolean }) => [p.path, p.expected])).toEqual([
      ["siteConfig.experiments.rampUpRules[0]", true],
      ["siteConfig.linuxFxVersion", true],
    ]);
    // On the slot the image is release-owned, the FTPS state and the tag are not.
    const slot = prod.resources.find((r: { name: string }) => r.name === "app-pinecone-prod-staging");
    expect(slot.expected).toBe(false);
    expect(slot.properties.filter((p: { expected: boolean }) => !p.expected).map((p: { path: string }) => p.path)).toEqual(["siteConfig.ftpsState", "tags.owner"]);
    expect(prod.resources.find((r: { name: string }) => r.name === "no-delete")).toMatchObject({ op: "delete", expected: false });
  });

  it("exits 0 when only release-owned fields changed, and says so in Markdown", async () => {
    const io = captureIo(FIXTURES);
    expect(await run(["drift-report", "--stack", "prod=prod-drift-release-only.json"], io)).toBe(0);
    const md = io.stdoutText();
    expect(md).toContain("| `prod` | 0 | 1 |");
    expect(md).toContain("#### Expected: fields the release pipeline owns");
    expect(md).not.toContain("#### Unexpected drift");
    expect(md).toMatch(/`siteConfig\.linuxFxVersion` \| update .*\| expected: the release pipeline deploys image digests/);
  });

  it("reads drift from an event log, and reports several stacks at once", async () => {
    const io = captureIo(FIXTURES);
    expect(await run(["drift-report", "--stack", "qa=qa-drift-events.jsonl", "--stack", "prod=prod-drift-release-only.json"], io)).toBe(1);
    const md = io.stdoutText();
    expect(md).toContain("| `qa` | 1 | 0 |");
    expect(md).toMatch(/`siteConfig\.http20Enabled` \| update \| `true` \| `false` \| \*\*drift\*\*/);
  });

  it("exits 2 on bad input", async () => {
    const io = captureIo(FIXTURES);
    expect(await run(["drift-report", "--stack", "prod=missing.json"], io)).toBe(2);
    expect(io.stderrText()).toMatch(/missing\.json: cannot read the preview file/);
  });
});

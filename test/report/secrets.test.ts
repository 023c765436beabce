import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../../tools/cli";
import { captureIo } from "../support/capture-io";

const FIXTURES = path.resolve(__dirname, "../fixtures/preview");
const CANARY = "canary-Zx9-7f3e1c2b-not-a-real-secret";

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-"));
  // A preview where a value the program forgot to mark secret shows up in plain text.
  const doc = JSON.parse(fs.readFileSync(path.join(FIXTURES, "prod-preview.json"), "utf8"));
  const app = doc.steps.find((s: { urn: string }) => s.urn.endsWith("app-pinecone-prod"));
  app.newState.inputs.tags["cost-center"] = CANARY;
  fs.writeFileSync(path.join(tmp, "leaky.json"), JSON.stringify(doc, null, 4));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const everything = (io: ReturnType<typeof captureIo>) => io.stdoutText() + io.stderrText();

describe("secret canaries never reach a report", () => {
  it.each([[[]], [["--json"]]])("fails closed when a known secret value is in the preview in plain text (%j)", async (extra) => {
    const io = captureIo(tmp, { DELIVERY_SECRET_VALUES: `short\n${CANARY}\n` });
    const out = path.join(tmp, `report${extra.length}.md`);
    const code = await run(["preview-report", "--stack", "prod=leaky.json", "--out", out, ...extra], io);
    expect(code).toBe(2);
    expect(io.stderrText()).toMatch(/refusing to write the preview report: .*line \d+: value 2 of DELIVERY_SECRET_VALUES.*Nothing was written/);
    expect(everything(io)).not.toContain(CANARY);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("fails closed on secret-shaped text even without known values", async () => {
    const doc = JSON.parse(fs.readFileSync(path.join(tmp, "leaky.json"), "utf8"));
    const key = "AccountKey=" + "k".repeat(40) + "==";
    doc.steps.find((s: { urn: string }) => s.urn.endsWith("app-pinecone-prod")).newState.inputs.tags["cost-center"] = `DefaultEndpointsProtocol=https;${key}`;
    fs.writeFileSync(path.join(tmp, "shaped.json"), JSON.stringify(doc));
    const io = captureIo(tmp);
    expect(await run(["drift-report", "--stack", "prod=shaped.json"], io)).toBe(2);
    expect(io.stderrText()).toMatch(/refusing to write the drift report: .*text shaped like a storage account key/);
    expect(everything(io)).not.toContain(key);
  });

  it("never prints a plaintext carried inside a secret signature (event log with --show-secrets)", async () => {
    const io = captureIo(FIXTURES, { DELIVERY_SECRET_VALUES: "hunter2-canary-plain" });
    await run(["preview-report", "--stack", "dev=dev-events.jsonl"], io);
    expect(io.stdoutText()).toContain("| `properties.Db` | update | `[secret]` | `[secret]` |");
    expect(everything(io)).not.toContain("hunter2-canary-plain");
  });

  it("pr-thread refuses a body holding a known secret before any request", async () => {
    fs.writeFileSync(path.join(tmp, "body.md"), `<!-- delivery:preview-report risky=0 -->\n${CANARY}\n`);
    const io = captureIo(tmp, { DELIVERY_SECRET_VALUES: CANARY, SYSTEM_ACCESSTOKEN: "t" });
    const code = await run(["pr-thread", "--collection-url", "http://127.0.0.1:9/none/", "--project", "p", "--repository", "r", "--pull-request", "1", "--body-file", "body.md"], io);
    expect(code).toBe(2);
    expect(io.stderrText()).toMatch(/refusing to write body\.md to the pull request/);
    expect(everything(io)).not.toContain(CANARY);
  });
});

import * as path from "path";
import { CliError } from "../../tools/errors";
import { parsePreviewText, readPreviewFile } from "../../tools/preview/read-preview";
import { parsePropertyPath } from "../../tools/preview/values";

const FIXTURES = path.resolve(__dirname, "../fixtures/preview");
const fixture = (name: string) => path.join(FIXTURES, name);

describe("pulumi preview --json documents", () => {
  const preview = readPreviewFile(fixture("prod-preview.json"), "prod-preview.json");

  it("detects the format and drops the unchanged root stack step", () => {
    expect(preview.format).toBe("preview-json");
    expect(preview.steps.map((s) => `${s.op} ${s.name}`)).toEqual([
      "create availability-staging",
      "update app-pinecone-prod",
      "replace stpineconeprod",
      "delete app-acrpull",
      "update sql-admin",
      "update db-password",
    ]);
    expect(preview.changeSummary).toEqual({ create: 1, delete: 1, replace: 1, same: 12, update: 3 });
  });

  it("reads property diffs with old and new values, including bracket-quoted keys", () => {
    const app = preview.steps.find((s) => s.name === "app-pinecone-prod")!;
    expect(app.type).toBe("azure-native:web:WebApp");
    expect(app.changes).toContainEqual({ path: 'tags["cost-center"]', kind: "update", oldValue: "erp", newValue: "erp-platform" });
    expect(app.changes).toContainEqual({ path: "siteConfig.ipSecurityRestrictions[0].ipAddress", kind: "update", oldValue: "10.0.0.0/16", newValue: "0.0.0.0/0" });
  });

  it("knows every step's changed paths without computing its changes, and they match the changes", () => {
    const fresh = readPreviewFile(fixture("prod-preview.json"), "prod-preview.json");
    const app = fresh.steps.find((s) => s.name === "app-pinecone-prod")!;
    expect(app.changedPaths).toEqual(expect.arrayContaining(['tags["cost-center"]', "siteConfig.ipSecurityRestrictions[0].ipAddress"]));
    for (const step of fresh.steps) expect(step.changes.map((c) => c.path)).toEqual(step.changedPaths);
    // Computed once: the same list on every read.
    expect(app.changes).toBe(app.changes);
  });

  it("falls back to diffReasons when detailedDiff is null, and keeps protect and replaceReasons", () => {
    const random = preview.steps.find((s) => s.name === "sql-admin")!;
    expect(random.coarseDiff).toBe(true);
    expect(random.changes).toEqual([{ path: "length", kind: "update", oldValue: 24, newValue: 32 }]);
    const storage = preview.steps.find((s) => s.name === "stpineconeprod")!;
    expect(storage.protect).toBe(true);
    expect(storage.replaceReasons).toEqual(["location"]);
    expect(storage.changes[0]).toMatchObject({ kind: "update-replace", oldValue: "westeurope", newValue: "northeurope" });
  });

  it("keeps secrets masked and strips ANSI escapes from diagnostics", () => {
    const secret = preview.steps.find((s) => s.name === "db-password")!;
    expect(secret.changes[0]).toMatchObject({ oldValue: "[secret]", newValue: "[secret]" });
    const warning = preview.diagnostics.find((d) => d.severity === "warning")!;
    expect(warning.message).toBe("warning: siteConfig.ipSecurityRestrictions opens the app to 0.0.0.0/0 <check>");
  });
});

describe("engine event logs", () => {
  const preview = readPreviewFile(fixture("dev-events.jsonl"), "dev-events.jsonl");

  it("folds replacement halves into one replace step and hides default providers", () => {
    expect(preview.format).toBe("event-log");
    expect(preview.steps.map((s) => `${s.op} ${s.name}`)).toEqual([
      "replace acrpinecone-dev",
      "update kv-pinecone-dev",
      "update app-settings",
    ]);
  });

  it("reads diffKind (not kind) and masks secret signature objects, plaintext included", () => {
    const settings = preview.steps.find((s) => s.name === "app-settings")!;
    expect(settings.changes).toContainEqual({ path: "properties.Db", kind: "update", oldValue: "[secret]", newValue: "[secret]" });
    expect(JSON.stringify(preview)).not.toContain("hunter2-canary-plain");
  });

  it("collects policy violations and drops debug and ephemeral diagnostics, colour directives stripped", () => {
    expect(preview.policyViolations).toEqual([
      expect.objectContaining({ policyName: "keyvault-no-public-access", enforcementLevel: "mandatory", message: "Key Vault public network access must be Disabled." }),
      expect.objectContaining({ policyName: "acr-premium", enforcementLevel: "advisory" }),
    ]);
    expect(preview.diagnostics).toEqual([
      { severity: "warning", urn: expect.stringContaining("kv-pinecone-dev"), message: "warning: publicNetworkAccess Enabled exposes the vault" },
    ]);
    expect(preview.changeSummary).toEqual({ replace: 1, same: 9, update: 2 });
  });

  it("takes the result op of a refresh from its outputs event", () => {
    const drift = readPreviewFile(fixture("qa-drift-events.jsonl"));
    expect(drift.steps).toHaveLength(1);
    expect(drift.steps[0]).toMatchObject({ op: "update", changes: [{ path: "siteConfig.http20Enabled", oldValue: true, newValue: false }] });
  });
});

describe("bad input", () => {
  const expectBad = (text: string, pattern: RegExp) => {
    let caught: unknown;
    try {
      parsePreviewText(text, "stack.json");
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CliError);
    expect((caught as CliError).message).toMatch(/^stack\.json: /);
    expect((caught as CliError).message).toMatch(pattern);
  };

  it("names what was wrong for each kind of bad file", () => {
    expectBad("", /file is empty/);
    expectBad("{}\n", /document is \{\}/);
    expectBad('{\n    "steps": [\n        {\n            "op": "upd', /not valid JSON .*truncated/);
    expectBad("Previewing update (dev):\n  + create\n", /console display: run pulumi preview with --json/);
    expectBad('{"format_version":"1.2","resource_changes":[]}', /top-level keys are format_version, resource_changes/);
    expectBad('{"result":"succeeded","duration":1,"summary":{"same":3}}', /--output json/);
    expectBad('{"steps": {"op": "create"}}', /"steps" .* must be an array; found object/);
    expectBad('{"steps": [{"op": "create"}]}', /step 1 of "steps" has no "op" and "urn"/);
    expectBad('[1, 2]', /found an array/);
  });

  it("reports a truncated event log by its last line and a broken middle line by number", () => {
    const good = '{"sequence":0,"timestamp":1,"cancelEvent":{}}';
    expectBad(`${good}\n${good}\n{"sequence":2,"resourcePre`, /line 3 \(the last\) is incomplete JSON; the event log looks truncated/);
    expectBad(`${good}\nnot json\n${good}\n`, /line 2 is not JSON/);
    expectBad(`${good}\n{"type":"x"}\n`, /line 2 is JSON but not an engine event/);
  });

  it("names a missing file", () => {
    expect(() => readPreviewFile(fixture("nope.json"), "nope.json")).toThrow(/nope\.json: cannot read the preview file \(ENOENT\)/);
  });
});

describe("property paths", () => {
  it("splits dotted, indexed and quoted segments", () => {
    expect(parsePropertyPath('a.b[0].c["k.with.dots"]')).toEqual(["a", "b", 0, "c", "k.with.dots"]);
    expect(parsePropertyPath('["x]y"].z')).toEqual(["x]y", "z"]);
    expect(parsePropertyPath("a[oops")).toBeUndefined();
  });
});

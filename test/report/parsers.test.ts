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

describe("normalised steps", () => {
  const P = "urn:pulumi:dev::pinecone-delivery::";
  const doc = (steps: unknown[]) => parsePreviewText(JSON.stringify({ steps }), "dev.json");

  it("reads name and type from the URN: a name may hold '::', a parent chain gives the last type, a short URN is all name", () => {
    const { steps } = doc([
      { op: "create", urn: `${P}azure-native:web:WebApp::app::blue` },
      { op: "create", urn: `${P}pinecone:Platform$azure-native:keyvault:Vault::kv` },
      { op: "create", urn: "not-a-urn" },
      { op: "create", urn: `${P}azure-native:web:WebApp::from-state`, newState: { type: "azure-native:web:WebAppSlot" } },
    ]);
    expect(steps.map((s) => [s.name, s.type])).toEqual([
      ["app::blue", "azure-native:web:WebApp"],
      ["kv", "azure-native:keyvault:Vault"],
      ["not-a-urn", ""],
      ["from-state", "azure-native:web:WebAppSlot"],
    ]);
  });

  it("keeps only the strings of reason lists, and a step without any has no changed paths and no changes", () => {
    const { steps } = doc([
      { op: "replace", urn: `${P}azure-native:storage:StorageAccount::st`, replaceReasons: ["location", 7, null], diffReasons: ["tags", "location"], detailedDiff: null },
      { op: "delete", urn: `${P}azure-native:web:WebApp::old`, detailedDiff: null },
    ]);
    expect(steps[0].replaceReasons).toEqual(["location"]);
    expect(steps[0].changedPaths).toEqual(["tags", "location"]);
    expect(steps[0].changes.map((c) => [c.path, c.kind])).toEqual([["tags", "add"], ["location", "add-replace"]]);
    expect(steps[1]).toMatchObject({ coarseDiff: true, changedPaths: [], changes: [], replaceReasons: [] });
  });

  it("serialises a step as its plain fields with masked changes, never the input's secret plaintext", () => {
    const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: "hunter2-canary" };
    const { steps } = doc([
      {
        op: "update",
        urn: `${P}azure-native:web:WebApp::app`,
        oldState: { type: "azure-native:web:WebApp", inputs: { tls: "1.2", key: secret }, protect: true },
        newState: { type: "azure-native:web:WebApp", inputs: { tls: "1.3", key: secret } },
        detailedDiff: { tls: { kind: "update" }, key: { kind: "update" } },
      },
    ]);
    const json = JSON.stringify(steps[0]);
    expect(json).not.toContain("hunter2-canary");
    expect(JSON.parse(json)).toEqual({
      op: "update",
      urn: `${P}azure-native:web:WebApp::app`,
      type: "azure-native:web:WebApp",
      name: "app",
      protect: true,
      replaceReasons: [],
      changedPaths: ["tls", "key"],
      changes: [
        { path: "tls", kind: "update", oldValue: "1.2", newValue: "1.3" },
        { path: "key", kind: "update", oldValue: "[secret]", newValue: "[secret]" },
      ],
      coarseDiff: false,
    });
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

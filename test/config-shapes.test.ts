/**
 * Pulumi hands a structured config value to the program as JSON text, so a mapping or a list
 * given where a scalar belongs (or a scalar where a list belongs) must be rejected by the field,
 * not turned into text. One generated test per field of the table, through the real stack-file
 * path (`delivery plan` on a copy of Pulumi.prod.yaml): a field added later is covered without
 * touching this file.
 */
import { parseDocument } from "yaml";
import { AZURE_TAG_LIMITS } from "../infra/azure-catalog";
import { Field } from "../infra/stack-config/field";
import { FIELDS } from "../infra/stack-config/fields";
import { ExitCode } from "../tools/exit-codes";
import { planStack } from "../tools/plan/plan";
import { REPO_ROOT, readStackFile, runCli, tempProject } from "./support/harness";

const NS = "pinecone-delivery";
const MAPPING = { unexpected: [1, 2] };
const LIST = ["a", "b"];

/** The wrong shapes for a field, with the words the error must use for what it found. */
function wrongShapes(field: Field): [string, unknown, RegExp][] {
  if (field.secret) {
    return [
      ["a secure mapping", { nested: { secure: "v1:c2VjcmV0" } }, /found a secure mapping or list \(not shown\)/],
      ["a plain mapping", MAPPING, /found plain text \(not shown\)/],
    ];
  }
  switch (field.type) {
    case "array":
      return [
        ["a scalar", "monday", /expected a list of .*; found "monday"/],
        ["a mapping", MAPPING, /expected a list of .*; found a mapping \{"unexpected":\[1,2\]\}/],
      ];
    case "string":
    case "integer":
    case "boolean":
      return [
        ["a mapping", MAPPING, /; found a mapping \{"unexpected":\[1,2\]\}/],
        ["a list", LIST, /; found a list \["a","b"\]/],
      ];
    default:
      throw new Error(`config-shapes: no wrong shapes known for field type ${String(field.type)}; add them here`);
  }
}

/** The real prod file, as the only stack of a temporary project (so it owns the shared objects). */
function prodFile(set: Record<string, unknown> = {}): string {
  const doc = parseDocument(readStackFile("prod"));
  doc.setIn(["config", `${NS}:ownsSharedDevOpsObjects`], true);
  for (const [k, v] of Object.entries(set)) doc.setIn(["config", `${NS}:${k}`], v);
  return doc.toString();
}

async function planWith(key: string, value: unknown) {
  return runCli(["plan", "bad"], tempProject({ bad: prodFile({ [key]: value }) }));
}

describe("every field rejects a value of the wrong shape (exit 2, naming the key)", () => {
  const entries = Object.entries(FIELDS) as [string, Field][];

  test("the sweep sees every field of the table", () => {
    expect(entries.length).toBeGreaterThanOrEqual(60);
    expect(entries.map(([k]) => k)).toEqual(expect.arrayContaining(["costCenter", "alertEmails", "erpJwtSigningKey", "zoneRedundant", "autoscaleMinimum"]));
  });

  test.each(entries)("%s", async (key, field) => {
    for (const [label, value, found] of wrongShapes(field)) {
      const r = await planWith(key, value);
      const line = r.stderr.split("\n").find((l) => l.includes(`Pulumi.bad.yaml: ${NS}:${key}: expected`));
      expect({ label, code: r.code, line }).toEqual({ label, code: ExitCode.BadInput, line: expect.stringMatching(found) });
      expect(r.stdout).toBe("");
      expect(r.stderr).not.toContain("v1:c2VjcmV0");
    }
  });
});

describe("--set with JSON text is held to the same rule", () => {
  test("costCenter set to a JSON mapping on the command line exits 2", async () => {
    const dir = tempProject({ prod: prodFile() });
    const r = await runCli(["plan", "prod", "--set", `costCenter={"unexpected":[1,2]}`], dir);
    expect(r.code).toBe(ExitCode.BadInput);
    expect(r.stderr).toMatch(/pinecone-delivery:costCenter: expected a non-empty text of at most 256 characters \(an Azure tag value\); found a mapping \{"unexpected":\[1,2\]\}/);
  });

  test("text that only looks structured but is not JSON stays text", async () => {
    const r = await runCli(["plan", "prod", "--set", "costCenter=[CC-4711] finance", "--json"], tempProject({ prod: prodFile() }));
    expect(r.code).toBe(ExitCode.Ok);
    const tags = JSON.parse(r.stdout).plans[0].resources.find((x: { type: string }) => x.type === "azure-native:web:WebApp").inputs.tags;
    expect(tags.costCenter).toBe("[CC-4711] finance");
  });
});

describe("tags satisfy Azure's tag limits", () => {
  test.each([
    ["costCenter", "x".repeat(257), /at most 256 characters \(an Azure tag value\); found "x{76}\.\.\./],
    ["owner", "", /at most 256 characters \(an Azure tag value\); found ""/],
  ])("%s of %j is rejected", async (key, value, found) => {
    const r = await planWith(key, value);
    expect(r.code).toBe(ExitCode.BadInput);
    expect(r.stderr).toMatch(new RegExp(`${NS}:${key}: expected .*${found.source}`));
  });

  test("a 256-character costCenter is accepted and reaches the tags unchanged", async () => {
    const plan = await planStack(tempProject({ prod: prodFile() }), "prod", [{ key: "costCenter", value: "c".repeat(256), secret: false }]);
    const tagged = plan.resources.filter((r) => r.inputs.tags !== undefined);
    expect(tagged.length).toBeGreaterThan(10);
    expect(tagged.every((r) => (r.inputs.tags as Record<string, string>).costCenter === "c".repeat(256))).toBe(true);
  });

  test.each(["dev", "qa", "uat", "prod"])("every tag the %s plan declares has a valid name and a text value within the limits", async (stack) => {
    const plan = await planStack(REPO_ROOT, stack);
    const problems = plan.resources.flatMap((r) =>
      Object.entries((r.inputs.tags ?? {}) as Record<string, unknown>)
        // Availability tests must carry Azure's own `hidden-link:<component id>` tag, whose name
        // holds slashes by design; Azure creates and accepts it (Application Insights web test docs).
        .filter(([name]) => !name.startsWith("hidden-link:"))
        .filter(([name, value]) =>
          name.length === 0 || name.length > AZURE_TAG_LIMITS.nameMaxLength || AZURE_TAG_LIMITS.nameForbidden.test(name) ||
          typeof value !== "string" || value.length > AZURE_TAG_LIMITS.valueMaxLength || /^[[{]/.test(value))
        .map(([name, value]) => `${r.name}: ${name}=${JSON.stringify(value)}`),
    );
    expect(problems).toEqual([]);
    expect(plan.resources.filter((r) => r.inputs.tags !== undefined).length).toBeGreaterThan(10);
  });
});

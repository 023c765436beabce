/**
 * The recording cache of `delivery plan` (compiled CLI only, so the real CLI runs in a child
 * process with its own cache directory). A cached plan must print exactly what running the program
 * prints, and an entry must stop being used as soon as anything it was made from changes. Each
 * case edits the stored entry the way a change would make it stale (or marks it, to see whether the
 * CLI used it), then runs the CLI again.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PLAN_CACHE_DIR_ENV, PLAN_CACHE_ENV } from "../tools/plan/recording-cache";
import { REPO_ROOT } from "./support/harness";

type Entry = {
  stack: string;
  dependencies: { files: Record<string, string>; packages: Record<string, string> };
  references: Record<string, unknown>;
  recording: { resources: { type: string; inputs: Record<string, unknown> }[]; warnings: string[] };
};

function cli(args: readonly string[], cacheDir: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, "bin/delivery.js"), ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, DELIVERY_DEBUG: "", [PLAN_CACHE_DIR_ENV]: cacheDir, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const entryFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => path.join(dir, f)) : []);
const read = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Entry;
function entryOf(dir: string, stack: string): string {
  const found = entryFiles(dir).filter((f) => read(f).stack === stack);
  expect(found).toHaveLength(1);
  return found[0];
}
function edit(file: string, change: (e: Entry) => void) {
  const e = read(file);
  change(e);
  fs.writeFileSync(file, JSON.stringify(e));
}
/** Marks the stored registry's SKU so that output showing it proves the entry was used. */
const MARK = "Marked-By-Test";
function mark(file: string) {
  edit(file, (e) => {
    const registry = e.recording.resources.find((r) => r.type === "azure-native:containerregistry:Registry");
    (registry!.inputs.sku as { name: string }).name = MARK;
  });
}
const registrySku = (stdout: string, stack = "prod") =>
  (JSON.parse(stdout).plans as { stack: string; resources: { type: string; inputs: { sku?: { name: string } } }[] }[])
    .find((p) => p.stack === stack)!
    .resources.find((r) => r.type === "azure-native:containerregistry:Registry")!.inputs.sku!.name;

const dirs: string[] = [];
const cacheDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "plan-cache-"));
  dirs.push(d);
  return path.join(d, "cache");
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("a cached plan prints what running the program prints", () => {
  test("plan --all: text and JSON identical without cache, when storing and when reading; one entry per stack, no secrets in them", () => {
    const dir = cacheDir();
    const fresh = cli(["plan", "--all", "--json", "--no-cache"], dir);
    expect(fresh.code).toBe(0);
    expect(entryFiles(dir)).toHaveLength(0);

    const storing = cli(["plan", "--all", "--json"], dir);
    expect(entryFiles(dir).map((f) => read(f).stack).sort()).toEqual(["dev", "prod", "qa", "uat"]);
    const reading = cli(["plan", "--all", "--json"], dir);
    expect([storing, reading].map((r) => ({ code: r.code, stderr: r.stderr, same: r.stdout === fresh.stdout }))).toEqual([
      { code: 0, stderr: "", same: true },
      { code: 0, stderr: "", same: true },
    ]);
    const text = [cli(["plan", "prod", "--no-cache"], dir), cli(["plan", "prod"], dir)];
    expect(text[1].stdout).toBe(text[0].stdout);
    const parity = [cli(["plan", "--compare", "qa", "prod", "--no-cache"], dir), cli(["plan", "--compare", "qa", "prod"], dir)];
    expect(parity.map((r) => r.code)).toEqual([parity[0].code, parity[0].code]);
    expect(parity[1].stdout).toBe(parity[0].stdout);

    // The entries hold what `plan --json` prints: the stack files' ciphertexts and the offline
    // placeholders of secure values never reach them.
    const all = entryFiles(dir).map((f) => fs.readFileSync(f, "utf8")).join("\n");
    expect(all).not.toMatch(/offline-plan-placeholder|v1:[A-Za-z0-9+/=]{8,}/);
    expect(all).toContain('"[secret]"');
  }, 180_000);
});

describe("an entry is used only while everything it was made from is unchanged", () => {
  let dir: string;
  beforeAll(() => {
    dir = cacheDir();
    expect(cli(["plan", "--all"], dir).code).toBe(0);
  }, 120_000);

  test("unchanged: the stored recording is what the plan shows (marked entry)", () => {
    mark(entryOf(dir, "prod"));
    expect(registrySku(cli(["plan", "prod", "--json"], dir).stdout)).toBe(MARK);
  }, 60_000);

  test.each([
    ["a module of the program changed (its content hash)", (e: Entry) => void (e.dependencies.files[Object.keys(e.dependencies.files).find((f) => f.includes(`${path.sep}infra${path.sep}platform${path.sep}registry.`))!] = "0".repeat(64))],
    ["a package changed version", (e: Entry) => void (e.dependencies.packages[Object.keys(e.dependencies.packages).find((p) => p.endsWith(path.join("@pulumi", "azure-native")))!] = "0.0.1")],
  ])("%s: the program runs again and the entry is rewritten", (_label, stale) => {
    const file = entryOf(dir, "prod");
    mark(file);
    edit(file, stale);
    const r = cli(["plan", "prod", "--json"], dir);
    expect({ code: r.code, sku: registrySku(r.stdout) }).toEqual({ code: 0, sku: "Premium" });
    expect(registrySku(cli(["plan", "prod", "--json"], dir).stdout)).toBe("Premium");
    expect(JSON.stringify(read(entryOf(dir, "prod")))).not.toContain(MARK);
  }, 120_000);

  test("a stack reference now gives other outputs: the program runs again", () => {
    const file = entryOf(dir, "qa"); // qa reads uat's deploy identity (registryPromotionTarget: uat)
    mark(file);
    edit(file, (e) => {
      const [name] = Object.keys(e.references);
      expect(name).toBe("organization/pinecone-delivery/uat");
      e.references[name] = { identityPrincipalIds: { pipeline: "another-identity", preview: "another-identity" } };
    });
    const r = cli(["plan", "qa", "--json"], dir);
    expect({ code: r.code, sku: registrySku(r.stdout, "qa") }).toEqual({ code: 0, sku: "Premium" });
    // Checking the stale entry read the reference too: that must not add to the plan's assumptions.
    expect(r.stdout).toBe(cli(["plan", "qa", "--json", "--no-cache"], dir).stdout);
  }, 120_000);

  test("other config (--set) is another key: the marked entry is left alone and not used", () => {
    const file = entryOf(dir, "prod");
    mark(file);
    const r = cli(["plan", "prod", "--json", "--set", "costCenter=CC-9999"], dir);
    expect(r.code).toBe(0);
    expect(registrySku(r.stdout)).toBe("Premium");
    const registry = JSON.parse(r.stdout).plans[0].resources.find((x: { type: string }) => x.type === "azure-native:containerregistry:Registry");
    expect(registry.inputs.tags.costCenter).toBe("CC-9999");
    const prodEntries = entryFiles(dir).filter((f) => read(f).stack === "prod");
    expect(prodEntries).toHaveLength(2);
    expect(registrySku(cli(["plan", "prod", "--json"], dir).stdout)).toBe(MARK);
    prodEntries.filter((f) => f !== file).forEach((f) => fs.rmSync(f)); // later cases expect one entry per stack
  }, 120_000);

  test("--set-secret plans are never stored; --no-cache and DELIVERY_PLAN_CACHE=off never read", () => {
    mark(entryOf(dir, "prod"));
    const before = entryFiles(dir).length;
    expect(cli(["plan", "prod", "--set-secret", "erpJwtSigningKey=not-a-real-key-0123456789abcdef0123456789"], dir).code).toBe(0);
    expect(entryFiles(dir)).toHaveLength(before);
    expect(registrySku(cli(["plan", "prod", "--json", "--no-cache"], dir).stdout)).toBe("Premium");
    expect(registrySku(cli(["plan", "prod", "--json"], dir, { [PLAN_CACHE_ENV]: "off" }).stdout)).toBe("Premium");
    expect(registrySku(cli(["plan", "prod", "--json"], dir).stdout)).toBe(MARK);
  }, 120_000);

  test("a damaged entry is a miss, not an error", () => {
    fs.writeFileSync(entryOf(dir, "dev"), "{ not json");
    const r = cli(["plan", "dev", "--json"], dir);
    expect({ code: r.code, stderr: r.stderr, sku: registrySku(r.stdout, "dev") }).toEqual({ code: 0, stderr: "", sku: "Standard" });
    expect(read(entryOf(dir, "dev")).stack).toBe("dev");
  }, 60_000);

  test("a cache directory that cannot be written costs only the shortcut", () => {
    const blocked = path.join(path.dirname(dir), "a-file");
    fs.writeFileSync(blocked, "not a directory");
    const r = cli(["plan", "dev", "--json"], path.join(blocked, "cache"));
    expect({ code: r.code, stderr: r.stderr, sku: registrySku(r.stdout, "dev") }).toEqual({ code: 0, stderr: "", sku: "Standard" });
  }, 60_000);

  test("warnings the program printed are printed again from the entry", () => {
    edit(entryOf(dir, "uat"), (e) => void (e.recording.warnings = ["warning: [runtime] registryPromotionTarget: stack organization/pinecone-delivery/prod has no output yet"]));
    const r = cli(["plan", "uat"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("warning: [runtime] registryPromotionTarget: stack organization/pinecone-delivery/prod has no output yet\n");
  }, 60_000);
});

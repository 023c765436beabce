import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import { ConfigError, loadStackConfig } from "../infra/config";
import { runProgram } from "../infra/program";
import { loadStack } from "../tools/plan/stack-files";
import { PROJECT, REPO_ROOT, recordResources, runCli } from "./support/harness";

class Probe extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("test:index:Probe", name, {}, opts);
    const first = new resources.ResourceGroup(`${name}-first`, { resourceGroupName: "rg-first", location: "westeurope" }, { parent: this });
    new resources.ResourceGroup(
      `${name}-second`,
      { resourceGroupName: "rg-second", location: "westeurope", tags: { token: pulumi.secret("canary-1b7c") } },
      { parent: this, protect: true, ignoreChanges: ["tags.owner"], dependsOn: [first] },
    );
    this.registerOutputs({});
  }
}

describe("the test harness records what the engine would receive", () => {
  test("parent, protect, ignoreChanges, explicit dependsOn and nested secrets", async () => {
    const rec = await recordResources(() => {
      new Probe("probe");
      return { token: pulumi.secret("canary-out"), plain: "visible" };
    });
    const probe = rec.one("test:index:Probe");
    const first = rec.one("azure-native:resources:ResourceGroup", "probe-first");
    const second = rec.one("azure-native:resources:ResourceGroup", "probe-second");
    expect(first.parent).toBe(probe.urn);
    expect(second.parent).toBe(probe.urn);
    expect([first.protect, second.protect]).toEqual([false, true]);
    expect(second.ignoreChanges).toEqual(["tags.owner"]);
    expect(second.dependsOn).toEqual([first.urn]);
    expect(rec.isSecretAt(second, "tags.token")).toBe(true);
    expect(rec.isSecretAt(second, "location")).toBe(false);
    expect(JSON.stringify(rec.resources)).not.toContain("canary-1b7c");
    expect(rec.outputs).toEqual({ token: "[secret]", plain: "visible" });
    expect(rec.secretOutputs).toEqual(["token"]);
  });

  test("invalid config registers no resource: the program stops before its first one", async () => {
    const loaded = loadStack(REPO_ROOT, "prod", [{ key: "autoscaleMinimum", value: "0", secret: false }]);
    let thrown: unknown;
    const rec = await recordResources(
      () => {
        try {
          return runProgram();
        } catch (err) {
          thrown = err;
          return {};
        }
      },
      { stack: "prod", config: loaded.values, secretKeys: [...loaded.secretKeys] },
    );
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).issues.map((i) => i.path)).toEqual([`${PROJECT}:autoscaleMinimum`]);
    expect(rec.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });

  test("secure config reaches the program as Pulumi secrets", async () => {
    const loaded = loadStack(REPO_ROOT, "dev");
    let secret = false;
    await recordResources(
      async () => {
        const cfg = loadStackConfig();
        secret = await pulumi.isSecret(cfg.secrets.erpDatabaseConnectionString);
      },
      { stack: "dev", config: loaded.values, secretKeys: [...loaded.secretKeys] },
    );
    expect(secret).toBe(true);
  });
});

/** The plan module is required lazily while a command runs, so a mock of it must outlive the run. */
const cleanups: (() => void)[] = [];
const afterThisTest = (fn: () => void) => void cleanups.push(fn);
afterEach(() => {
  cleanups.splice(0).forEach((fn) => fn());
  jest.resetModules(); // mocked module instances are cached apart from dontMock
});

describe("CLI error handling", () => {
  test("an internal error exits 3 without a stack trace unless DELIVERY_DEBUG is set", async () => {
    let isolatedRun!: typeof import("../tools/cli").run;
    jest.isolateModules(() => {
      jest.doMock("../tools/plan/plan", () => ({ planLoadedStack: jest.fn().mockRejectedValue(new TypeError("boom")) }));
      isolatedRun = require("../tools/cli").run;
    });
    const capture = async (env: NodeJS.ProcessEnv) => {
      let stderr = "";
      const code = await isolatedRun(["plan", "prod"], { cwd: REPO_ROOT, env, stdout: () => undefined, stderr: (t) => void (stderr += t) });
      return { code, stderr };
    };
    afterThisTest(() => jest.dontMock("../tools/plan/plan"));
    const quiet = await capture({});
    expect(quiet.code).toBe(3);
    expect(quiet.stderr).toBe("internal error: boom\nThis is a bug in the delivery tool. Re-run with DELIVERY_DEBUG=1 to print the stack trace.\n");
    const loud = await capture({ DELIVERY_DEBUG: "1" });
    expect(loud.code).toBe(3);
    expect(loud.stderr).toMatch(/TypeError: boom\n\s+at /);
  });

  test("a mandatory policy violation makes the plan exit 1 after printing it", async () => {
    const real = jest.requireActual("../tools/plan/plan") as typeof import("../tools/plan/plan");
    let isolatedRun!: typeof import("../tools/cli").run;
    jest.isolateModules(() => {
      jest.doMock("../tools/plan/plan", () => ({
        planLoadedStack: async (loaded: Parameters<typeof real.planLoadedStack>[0]) => {
          const plan = await real.planLoadedStack(loaded);
          return { ...plan, policy: { ...plan.policy, summary: { ...plan.policy.summary, mandatory: 1, passed: false } } };
        },
      }));
      isolatedRun = require("../tools/cli").run;
    });
    afterThisTest(() => jest.dontMock("../tools/plan/plan"));
    let stdout = "";
    let stderr = "";
    const code = await isolatedRun(["plan", "dev"], { cwd: REPO_ROOT, env: { DELIVERY_DEBUG: "1" }, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(stdout).toContain("Outputs:");
  });

  test("--help documents the exit codes", async () => {
    const r = await runCli(["plan", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Exit codes: 0 ok; 1 findings");
  });
});

describe("generated files stay in sync with the field table", () => {
  test("Pulumi.yaml and the README's configuration reference are up to date", async () => {
    expect(fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8")).toContain("<!-- config-reference:begin");
    const r = await runCli(["config-docs", "--check"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  test("Pulumi.yaml declares every key with a type and a description; secrets and required keys have no default", () => {
    const { parse } = require("yaml") as typeof import("yaml");
    const project = parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8"));
    expect(project.name).toBe("pinecone-delivery");
    expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: false } });
    const decl = project.config as Record<string, { type: string; description: string; default?: unknown; secret?: boolean }>;
    for (const [key, d] of Object.entries(decl)) {
      expect([key, ["string", "integer", "boolean", "array"].includes(d.type)]).toEqual([key, true]);
      expect(d.description.length).toBeGreaterThan(10);
      if (d.secret) expect([key, d.default]).toEqual([key, undefined]);
    }
    expect(Object.keys(decl).filter((k) => decl[k].default === undefined).sort()).toEqual(
      ["alertEmails", "alertWebhookUrl", "appServiceSku", "costCenter", "devopsOrganizationUrl", "devopsProject", "environment",
        "erpDatabaseConnectionString", "erpJwtSigningKey", "location", "owner", "tier", "uniqueSuffix"].sort(),
    );
  });
});

describe("the build never leaves stale JavaScript", () => {
  test("ensureFresh re-transpiles a changed source and nothing else", () => {
    const { ensureFresh } = require("../scripts/build") as { ensureFresh(): number };
    ensureFresh();
    expect(ensureFresh()).toBe(0);
    const source = path.join(REPO_ROOT, "infra", "naming.ts");
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(source, later, later);
    expect(ensureFresh()).toBe(1);
    expect(fs.existsSync(path.join(REPO_ROOT, "dist", "infra", "naming.js"))).toBe(true);
    expect(ensureFresh()).toBe(0);
  });
});

describe("deferred function-serialization modules in the CLI", () => {
  test("the SDK loads without TypeScript, normalize-package-data or the Automation API; each still works on first use (Arborist never loads)", () => {
    const { spawnSync } = require("child_process") as typeof import("child_process");
    // --no-warnings: serializeFunction walks Node's globals, which prints deprecation and
    // experimental-feature warnings with or without the hook.
    const r = spawnSync(process.execPath, ["--no-warnings", path.join(__dirname, "fixtures", "defer-closure-probe.js")], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({
      before: { ts: false, normalize: false, automation: false, arborist: false },
      after: { ts: true, normalize: true, automation: true, arborist: false },
      serialized: true,
      packaged: true,
      automation: true,
    });
  });
});

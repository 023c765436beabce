/**
 * Template behaviour that only shows when the YAML is expanded as Azure Pipelines expands it (the
 * expression evaluator of the scenario runner), plus the build-context and tag-push hygiene of the
 * application build: each test here would have caught a defect the release review found.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseStackConfig } from "../infra/config";
import { loadStack } from "../tools/plan/stack-files";
import { asString, evaluate, expandMacros, expandNode, expandTemplate } from "./support/pipeline-expressions";
import { DEPLOY_ORDER, deliveryOptions, load } from "./support/release-pipelines";
import { REPO_ROOT } from "./support/reference-files";

type Node = any; // parsed YAML

const temps: string[] = [];
afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "template-fixes-"));
  temps.push(d);
  return d;
};

describe("the expression evaluator behaves as Azure Pipelines documents", () => {
  test("case-insensitive comparison, typed whole expressions, True/False inside text, unknown functions rejected", () => {
    expect(evaluate("eq('True', 'true')", {})).toBe(true);
    expect(expandTemplate("${{ ne(parameters.x, 'none') }}", { parameters: { x: "dev" } })).toBe(true);
    expect(expandTemplate("a ${{ parameters.b }} c", { parameters: { b: false } })).toBe("a False c");
    expect(expandTemplate("${{ join(' ', parameters.p) }}", { parameters: { p: ["5", "25"] } })).toBe("5 25");
    expect(() => evaluate("frobnicate()", {})).toThrow(/unknown function/);
    expect(asString(null)).toBe("");
    expect(expandMacros("$(a)/$(b) $(date -u)", { a: "$(b)/x", b: "y" })).toBe("y/x/y $(date -u)");
  });
});

describe("DAST rules path (templates/stages/deploy.yml)", () => {
  const deploy = load("pipelines/templates/stages/deploy.yml");
  const stage = deploy.stages[0];
  const dast = (stage.jobs[0].strategy.runOnce.deploy.steps as Node[]).find((s) => s.name === "dast");

  test("the rules file resolves to the application checkout at run time, not to an empty stage variable at expansion", () => {
    const options = deliveryOptions({ dastBaseline: true, dastRulesFile: ".zap/rules.tsv", gateEnvironments: ["qa"] });
    // At template expansion the stage's own variables are not known (compile-time variables: none).
    const expanded = expandNode(dast, { parameters: { environmentCode: "qa", options }, variables: {} }) as Node;
    const appDir = (stage.variables as Node[]).find((v) => v.name === "appDir").value;
    const runtime = expandMacros(expanded.bash, { appDir, "Pipeline.Workspace": "/agent/_work/1" });
    expect(runtime).toContain('--rules "/agent/_work/1/app/.zap/rules.tsv"');
    const none = expandNode(dast, { parameters: { environmentCode: "qa", options: deliveryOptions({ dastRulesFile: "" }) }, variables: {} }) as Node;
    expect(none.bash).toContain('--rules ""');
  });

  test("no template expression in the stage templates reads a variable (stage variables are empty at expansion time)", () => {
    // The one exception: agentPool.<stack>, defined in YAML by the generated templates/stacks.yml that
    // every pipeline includes at its root: YAML-defined root variables do exist at expansion time.
    const rootYamlVariable = /^\s*(?:if eq\()?variables\[format\('agentPool\.\{0\}', parameters\.(?:environmentCode|stack)\)\](?:, ''\))?\s*$/;
    for (const file of ["build.yml", "deploy.yml", "rollback.yml", "infra-deploy.yml"]) {
      const text = fs.readFileSync(path.join(REPO_ROOT, "pipelines/templates/stages", file), "utf8");
      const reads = [...text.matchAll(/\$\{\{(.*?)\}\}/g)]
        .map((m) => m[1])
        .filter((e) => /\bvariables\s*[.[]/.test(e) && !rootYamlVariable.test(e));
      expect({ file, reads }).toEqual({ file, reads: [] });
    }
  });
});

describe("job token and the Docker build context (templates/stages/build.yml)", () => {
  const build = load("pipelines/templates/stages/build.yml");
  const steps: Node[] = build.stages[0].jobs[0].steps;

  test("no checkout persists credentials; only the tag step gets the job token, and never in pull-request runs", () => {
    for (const s of steps.filter((x) => x.checkout)) expect(s.persistCredentials).toBeUndefined();
    const withToken = steps.filter((s) => JSON.stringify(s).includes("System.AccessToken"));
    expect(withToken.map((s) => s.name)).toEqual(["tagRelease"]);
    expect(withToken[0].env).toEqual({ SYSTEM_ACCESSTOKEN: "$(System.AccessToken)" });
    expect(evaluate(withToken[0].condition, { variables: { "Build.Reason": "PullRequest" }, status: { failed: false } })).toBe(false);
    expect(evaluate(withToken[0].condition, { variables: { "Build.Reason": "IndividualCI" }, status: { failed: false } })).toBe(true);
  });

  function stubbed(dir: string, script: string): string {
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, "docker"), script, { mode: 0o755 });
    return bin;
  }

  test("docker-build.sh keeps .git out of the build context (adds it to the ignore file BuildKit reads)", () => {
    const dir = tempDir();
    const app = path.join(dir, "app");
    fs.mkdirSync(path.join(app, ".git"), { recursive: true });
    fs.writeFileSync(path.join(app, ".git", "config"), '[http]\n\textraheader = AUTHORIZATION: bearer job-token\n');
    fs.writeFileSync(path.join(app, "Dockerfile"), "FROM scratch\nCOPY . /src\n");
    fs.writeFileSync(path.join(app, ".dockerignore"), "node_modules\n");
    // The stub fails the build unless the ignore file excludes .git at the moment docker runs.
    const bin = stubbed(dir, `#!/usr/bin/env bash\ngrep -qx '.git' "${app}/.dockerignore" || { echo ".git would be sent" >&2; exit 9; }\n`);
    const run = () =>
      spawnSync("bash", [path.join(REPO_ROOT, "pipelines/scripts/docker-build.sh"), "--context", app, "--dockerfile", path.join(app, "Dockerfile"), "--tag", "x:1"], {
        env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir },
        encoding: "utf8",
      });
    const r = run();
    expect(r.stderr).not.toContain(".git would be sent");
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(app, ".dockerignore"), "utf8")).toMatch(/^node_modules\n[\s\S]*^\.git$/m);
    // Idempotent: a second build does not add it again.
    run();
    expect(fs.readFileSync(path.join(app, ".dockerignore"), "utf8").match(/^\.git$/gm)).toHaveLength(1);
    // A Dockerfile-specific ignore file takes precedence in BuildKit, so that is the one completed.
    fs.writeFileSync(path.join(app, "Dockerfile.dockerignore"), "bin\n");
    spawnSync("bash", [path.join(REPO_ROOT, "pipelines/scripts/docker-build.sh"), "--context", app, "--dockerfile", path.join(app, "Dockerfile"), "--tag", "x:1"], {
      env: { PATH: `${stubbed(dir, "#!/bin/sh\nexit 0\n")}:/usr/bin:/bin`, HOME: dir },
    });
    expect(fs.readFileSync(path.join(app, "Dockerfile.dockerignore"), "utf8")).toMatch(/^\.git$/m);
  });

  test("tag-release.sh pushes with the token from its env, never writing it into .git/config", () => {
    const dir = tempDir();
    const git = (cwd: string, ...a: string[]) =>
      execFileSync("git", ["-C", cwd, ...a], { encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@x", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@x" } });
    const origin = path.join(dir, "origin.git");
    execFileSync("git", ["init", "-q", "--bare", origin]);
    const app = path.join(dir, "app");
    execFileSync("git", ["init", "-q", "-b", "main", app]);
    git(app, "commit", "-q", "--allow-empty", "-m", "feat: x");
    git(app, "remote", "add", "origin", origin);
    const script = path.join(REPO_ROOT, "pipelines/scripts/tag-release.sh");
    const env = { PATH: "/usr/bin:/bin", HOME: dir, GIT_TRACE: "0" };
    const missing = spawnSync("bash", [script, "--repo", app, "--version", "1.2.0"], { env: { ...env, SYSTEM_ACCESSTOKEN: "$(System.AccessToken)" }, encoding: "utf8" });
    expect(missing.status).toBe(2);
    const r = spawnSync("bash", [script, "--repo", app, "--version", "1.2.0"], { env: { ...env, SYSTEM_ACCESSTOKEN: "job-token-123" }, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(git(origin, "tag", "--list")).toBe("v1.2.0\n");
    expect(fs.readFileSync(path.join(app, ".git", "config"), "utf8")).not.toContain("job-token-123");
  });
});

describe("feature-branch runs of the example pipeline deploy only as far as the branch may go", () => {
  const example = load("pipelines/examples/azure-pipelines.yml");
  /** Each stack's allowed refs, from Pulumi.<stack>.yaml (the branch-control check the program creates). */
  const allowed = Object.fromEntries(
    DEPLOY_ORDER.map((code) => {
      const loaded = loadStack(REPO_ROOT, code);
      const cfg = parseStackConfig({ stackName: code, project: loaded.project, source: loaded.source, values: loaded.values, secretKeys: loaded.secretKeys });
      return [code, cfg.release.allowedBranches as readonly string[]];
    }),
  );
  // Branch control matches a trailing * as a prefix (refs/heads/feature/*).
  const admits = (code: string, ref: string) => allowed[code].some((p) => (p.endsWith("*") ? ref.startsWith(p.slice(0, -1)) : ref === p));
  /** The furthest stage whose environment, and every one before it, admits the ref. */
  const furthest = (ref: string) => {
    let last = "none";
    for (const code of DEPLOY_ORDER) {
      if (!admits(code, ref)) break;
      last = code;
    }
    return last;
  };
  const deployUpTo = (ref: string) => expandTemplate(example.extends.parameters.deployUpTo, { parameters: {}, variables: { "Build.SourceBranch": ref } });

  const triggered: string[] = example.trigger.branches.include.map((b: string) => `refs/heads/${b.replace("*", "topic-42")}`);
  test.each([...triggered, "refs/heads/release/4.12", "refs/tags/release/4.12.0", "refs/heads/bugfix/x"])("%s", (ref) => {
    expect(deployUpTo(ref)).toBe(furthest(ref));
  });

  test("the triggered branches include a feature branch that stops at the first environment, and main that reaches the last", () => {
    expect(triggered.map((ref) => deployUpTo(ref))).toEqual(expect.arrayContaining(["prod", DEPLOY_ORDER[0]]));
  });
});

describe("a long pulumi up outlives no token (templates/stages/infra-deploy.yml)", () => {
  test("the up step maps the job token (for the OIDC bridge); the preview/drift Pulumi step never does", () => {
    const up = (load("pipelines/templates/stages/infra-deploy.yml").stages[0].jobs[0].strategy.runOnce.deploy.steps as Node[]).find((s) => s.name === "up");
    expect(up.env.SYSTEM_ACCESSTOKEN).toBe("$(System.AccessToken)");
    expect(up.inputs.arguments).toMatch(/^up /);
    const pulumiStep = (load("pipelines/templates/steps/pulumi-stack.yml").steps as Node[]).find((s) => s.name === "pulumi");
    expect(JSON.stringify(pulumiStep)).not.toContain("System.AccessToken"); // PR code runs in previews
    expect(fs.readFileSync(path.join(REPO_ROOT, "pipelines/scripts/pulumi-run.sh"), "utf8")).toMatch(/if \[\[ \$command == up \]\]; then[\s\S]*oidc-bridge[\s\S]*unset ARM_OIDC_TOKEN SYSTEM_ACCESSTOKEN/);
  });
});

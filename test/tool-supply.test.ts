/**
 * Tools on the first day: agent-image tools checked by minimum version (require-tool.sh, run against
 * stub binaries printing the real tools' version strings), one message for a tool without a pin
 * (install-tool.sh), the pipelines' structure (what runs before any downloaded tool, what never
 * needs one), the tools-pin pipeline, the ORAS replacement (oci-attach.sh) and the pull-request step.
 */
import Ajv from "ajv";
import { execFileSync, spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { REFERENCE_FILES, REPO_ROOT, readReferenceFile } from "./support/reference-files";

const SCRIPTS = path.join(REPO_ROOT, "pipelines", "scripts");
const load = (rel: string) => YAML.parse(fs.readFileSync(path.join(REPO_ROOT, rel), "utf8"));
const temps: string[] = [];
afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  calls: string[][];
  dir: string;
}

/** Runs a pipeline script with stub commands (bash handlers; "$*" holds the arguments) first on PATH. */
function run(script: string, args: string[], stubs: Record<string, string> = {}, opts: { cwd?: string; env?: Record<string, string>; dir?: string } = {}): Run {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "tool-supply-"));
  if (!opts.dir) temps.push(dir);
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin, { recursive: true });
  const log = path.join(dir, "calls.log");
  fs.rmSync(log, { force: true });
  for (const [cmd, handler] of Object.entries(stubs)) {
    fs.writeFileSync(
      path.join(bin, cmd),
      `#!/usr/bin/env bash\n{ printf '%s' ${cmd}; for a in "$@"; do printf '\\x1f%s' "$a"; done; printf '\\x1e'; } >> "$STUB_LOG"\n${handler}\n`,
      { mode: 0o755 },
    );
  }
  const r = spawnSync("bash", [path.join(SCRIPTS, script), ...args], {
    cwd: opts.cwd ?? dir,
    encoding: "utf8",
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir, TMPDIR: dir, STUB_LOG: log, STATE: dir, ...opts.env },
  });
  const raw = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "";
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, calls: raw.split("\x1e").filter(Boolean).map((c) => c.split("\x1f")), dir };
}
const errors = (r: Run) => r.stdout.split("\n").filter((l) => l.startsWith("##vso[task.logissue type=error]"));

describe("require-tool.sh: agent-image tools, minimum version, real version outputs", () => {
  const print = (text: string) => `cat <<'OUT'\n${text}\nOUT`;
  // The version outputs of the real tools (ubuntu-24.04 image, 2026), and a too-old one each.
  test.each([
    ["pulumi", "v3.300.1", "3.259.0", 0],
    ["pulumi", "v3.190.0", "3.259.0", 1],
    ["pulumi", "v3.259.0-alpha.1742", "3.259.0", 1],
    ["pulumi", "v3.259.1-alpha.1", "3.259.0", 0],
    ["docker", "Docker version 28.0.4, build b8034c0", "26.0.0", 0],
    ["docker", "Docker version 20.10.25+dfsg1, build b82b9f3", "26.0.0", 1],
    ["skopeo", "skopeo version 1.13.3", "1.13.0", 0],
    ["jq", "jq-1.7.1", "1.7", 0],
    ["jq", "jq-1.6", "1.7", 1],
    ["yq", "yq (https://github.com/mikefarah/yq/) version v4.45.1", "4.0.0", 0],
    ["yq", "yq 3.4.3", "4.0.0", 1],
    ["node", "v20.19.0", "20.0.0", 0],
  ])("%s printing %j against minimum %s → exit %i", (tool, output, minimum, code) => {
    const r = run("require-tool.sh", [tool, minimum], { [tool]: print(output) });
    expect(r.code).toBe(code);
    if (code === 0) expect(r.stderr).toMatch(new RegExp(`^${tool} \\S+ \\(minimum ${minimum.replace(/\./g, "\\.")}\\)`));
    else expect(errors(r)).toEqual([expect.stringMatching(new RegExp(`${tool} \\S+ is older than the minimum ${minimum.replace(/\./g, "\\.")}`))]);
  });

  test("az: the azure-cli version from `az version` JSON, compared numerically (2.9 < 2.60), minimum from tools.lock", () => {
    const az = (v: string) => `[[ $* == "version --output json" ]] || exit 9\n${print(`{\n  "azure-cli": "${v}",\n  "azure-cli-core": "${v}",\n  "azure-cli-telemetry": "1.1.0",\n  "extensions": {\n    "azure-devops": "1.0.1"\n  }\n}`)}`;
    const ok = run("require-tool.sh", ["az"], { az: az("2.71.0") });
    expect([ok.code, ok.stderr.trim()]).toEqual([0, "az 2.71.0 (minimum 2.60.0)"]);
    const old = run("require-tool.sh", ["az"], { az: az("2.9.0") });
    expect(old.code).toBe(1);
    expect(errors(old)[0]).toContain("az 2.9.0 is older than the minimum 2.60.0 (pipelines/tools.lock)");
  });

  test("buildx: `docker buildx version`", () => {
    const r = run("require-tool.sh", ["buildx", "0.12.0"], { docker: `[[ $1 == buildx && $2 == version ]] || exit 9\necho "github.com/docker/buildx v0.22.0 18ccba0720a30bf26e26c4d3e7a3d0e3d5ea0d46"` });
    expect([r.code, r.stderr.trim()]).toEqual([0, "buildx 0.22.0 (minimum 0.12.0)"]);
  });

  test("pre-release ordering follows SemVer §11", () => {
    const order = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"];
    for (let i = 0; i < order.length; i++) {
      for (let j = 0; j < order.length; j++) {
        const r = run("require-tool.sh", ["tool", order[j]], { tool: `echo "tool ${order[i]}"` });
        expect({ found: order[i], minimum: order[j], ok: r.code === 0 }).toEqual({ found: order[i], minimum: order[j], ok: i >= j });
      }
    }
  });

  test("missing tool, and output without a version: exit 1 with one message each", () => {
    const missing = run("require-tool.sh", ["skopeo"]);
    expect(missing.code).toBe(1);
    expect(errors(missing)).toEqual([expect.stringContaining("skopeo is not on PATH: the pipelines expect the ubuntu-24.04 agent image")]);
    const garbled = run("require-tool.sh", ["pulumi"], { pulumi: "echo 'unknown'" });
    expect(garbled.code).toBe(1);
    expect(errors(garbled)[0]).toContain("no version number in the output of pulumi's version command: 'unknown'");
  });

  test("usage: a tool without an agent row needs an explicit minimum; a bad minimum is refused", () => {
    expect(run("require-tool.sh", ["trivy"]).code).toBe(2);
    expect(run("require-tool.sh", ["pulumi", "latest"]).code).toBe(2);
  });
});

describe("install-tool.sh: one message for tools that are not pinned yet", () => {
  function lock(rows: string[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tool-supply-lock-"));
    temps.push(dir);
    fs.writeFileSync(path.join(dir, "tools.lock"), `# test\n${rows.join("\n")}\n`);
    return path.join(dir, "tools.lock");
  }
  const pinned = (name: string) => `${name} 1.0.0 ${"a".repeat(64)} tar.gz https://example.invalid/v1.0.0/${name}.tar.gz ${name} unsigned-reviewed`;
  const open = (name: string) => `${name} 1.0.0 TO-PIN tar.gz https://example.invalid/v1.0.0/${name}.tar.gz ${name} -`;

  test("--check names every unpinned tool and tools-pin in ONE error, downloads nothing, exit 2", () => {
    const r = run("install-tool.sh", ["--check", "trivy", "syft", "notation", "--lock", lock([open("trivy"), open("syft"), pinned("notation")])], { curl: "exit 0" });
    expect(r.code).toBe(2);
    expect(errors(r)).toEqual([
      "##vso[task.logissue type=error]not pinned yet: trivy, syft (TO-PIN in pipelines/tools.lock). Run tools-pin once (the tools-pin pipeline, or 'npm run delivery -- tools-pin' on a workstation) and merge its pull request; until then only the stages that use trivy, syft fail",
    ]);
    expect(r.calls).toEqual([]);
  });

  test("--check passes when all are pinned; an agent tool is pointed at require-tool.sh", () => {
    expect(run("install-tool.sh", ["--check", "notation", "--lock", lock([pinned("notation")])]).code).toBe(0);
    const agent = run("install-tool.sh", ["pulumi", "--lock", lock(["pulumi 3.259.0 - agent ubuntu-24.04 - -"])]);
    expect(agent.code).toBe(2);
    expect(agent.stderr).toContain("pulumi comes from the agent image: use require-tool.sh pulumi");
  });

  test("an image without a pin gets the same one message (dast-baseline.sh, scan-source.sh use --image-ref)", () => {
    const r = run("install-tool.sh", ["--image-ref", "zap", "--lock", lock(["zap 2.16.1 TO-PIN image ghcr.io/zaproxy/zaproxy - -"])]);
    expect(r.code).toBe(2);
    expect(errors(r)).toEqual([expect.stringContaining("not pinned yet: zap (TO-PIN in pipelines/tools.lock). Run tools-pin once")]);
  });
});

describe("pipelines: what needs a downloaded tool, and what never waits for one", () => {
  const DOWNLOAD_SCRIPTS = /install-tool\.sh|scan-source\.sh|scan-image\.sh|sbom\.sh|sign-image\.sh|load-test\.sh|dast-baseline\.sh/;
  const text = (step: any) => JSON.stringify(step);

  test("infra pipelines (preview, deploy, drift) install nothing: Pulumi and az come from the image with a minimum version", () => {
    const setup = load("pipelines/templates/steps/pulumi-setup.yml");
    const cli = setup.steps.find((s: any) => s.name === "pulumiCli");
    expect(cli.bash).toBe("pipelines/scripts/require-tool.sh pulumi && pipelines/scripts/require-tool.sh az");
    const infraFiles = ["pipelines/infra-preview.yml", "pipelines/infra-deploy.yml", "pipelines/infra-drift.yml", "pipelines/templates/stages/infra-deploy.yml", "pipelines/templates/steps/pulumi-setup.yml", "pipelines/templates/steps/pulumi-stack.yml"];
    for (const file of infraFiles) expect({ file, downloads: DOWNLOAD_SCRIPTS.test(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")) }).toEqual({ file, downloads: false });
  });

  test("build: version, unit tests and the image build run before any downloaded tool; the tools step checks every later need at once", () => {
    const build = load("pipelines/templates/stages/build.yml");
    const steps: any[] = build.stages[0].jobs[0].steps;
    const toolsAt = steps.findIndex((s) => s.name === "tools");
    const before = steps.slice(0, toolsAt);
    expect(before.filter((s) => s.name).map((s) => s.name)).toEqual(["semver", "agentTools", "unitTests", "buildImage"]);
    for (const s of before) expect({ step: s.name ?? s.task ?? s.checkout, downloads: DOWNLOAD_SCRIPTS.test(text(s)) }).toEqual({ step: s.name ?? s.task ?? s.checkout, downloads: false });
    // Nothing before the tools step is conditioned on it, and the test results are published regardless.
    for (const s of before) expect(text(s)).not.toMatch(/tools\./);
    expect(before.filter((s) => s.task === "PublishTestResults@2").map((s) => s.condition)).toEqual(["succeededOrFailed()", "succeededOrFailed()"]);
    const check = steps[toolsAt].bash.split("\n")[1];
    expect(check).toBe('"$(scripts)/install-tool.sh" --check trivy syft notation notation-azure-kv semgrep');
    // Every downloaded tool a later build step uses is in that one check.
    const after = steps.slice(toolsAt + 1).map(text).join("\n");
    expect(after).toMatch(/scan-source\.sh sca/); // trivy
    expect(after).toMatch(/scan-source\.sh sast/); // semgrep image
    expect(after).toMatch(/sbom\.sh/); // syft
    expect(after).toMatch(/sign-image\.sh/); // notation + azure-kv plugin
    expect(after).not.toMatch(/\boras\b/);
  });

  test("no script uses ORAS any more: the SBOM referrer is pushed by oci-attach.sh with the az session", () => {
    for (const f of fs.readdirSync(SCRIPTS)) expect({ f, oras: /\boras\s/.test(fs.readFileSync(path.join(SCRIPTS, f), "utf8").replace(/^#.*$/gm, "")) }).toEqual({ f, oras: false });
    expect(fs.readFileSync(path.join(REPO_ROOT, "pipelines", "tools.lock"), "utf8")).not.toMatch(/^oras\s/m);
  });
});

describe("tools-pin.yml", () => {
  const doc = load("pipelines/tools-pin.yml");
  const steps: any[] = doc.jobs[0].steps;
  const named = (n: string) => steps.find((s) => s.name === n);

  test("validates against Microsoft's schema", async () => {
    const schema = JSON.parse((await readReferenceFile(REFERENCE_FILES.pipelinesSchema)).toString("utf8"));
    const validate = new Ajv({ strict: false, unicodeRegExp: false, allErrors: false }).compile(schema);
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
  });

  test("weekly on main (always) and manual; no CI or PR trigger, so no pull request's code runs with its token", () => {
    expect(doc.trigger).toBe("none");
    expect(doc.pr).toBe("none");
    expect(doc.schedules).toEqual([{ cron: "0 5 * * 1", displayName: "Weekly tools-pin", branches: { include: ["main"] }, always: "true", batch: "false" }]);
  });

  test("cosign is installed from its pin before the pin step; the PR step runs after a partial failure and gets the token by env only", () => {
    const order = ["agentTools", "cosign", "pin", "pullRequest"].map((n) => steps.indexOf(named(n)));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(order[0]).toBeGreaterThan(0);
    expect(named("cosign").bash).toBe("pipelines/scripts/install-tool.sh cosign");
    expect(named("pin").bash).toContain('npm run -s delivery -- tools-pin --lock pipelines/tools.lock --pr-body "$(Agent.TempDirectory)/tools-pin.md" "${latest[@]}"');
    expect(named("pullRequest").condition).toBe("succeededOrFailed()");
    expect(named("pullRequest").env).toEqual({ SYSTEM_ACCESSTOKEN: "$(System.AccessToken)" });
    expect(steps.filter((s) => s.env?.SYSTEM_ACCESSTOKEN).map((s) => s.name)).toEqual(["pullRequest"]);
    expect(steps[0]).toEqual({ checkout: "self", fetchDepth: "1" }); // no persisted credentials in .git
  });
});

describe("oci-attach.sh: the SBOM as an OCI referrer without ORAS", () => {
  const SUBJECT = `sha256:${"d".repeat(64)}`;
  const curl = `
url="" method=GET dumph=false data=""
for ((i=1; i<=$#; i++)); do
  a=\${!i}
  case $a in
    -X) j=$((i+1)); method=\${!j} ;;
    -I) method=HEAD ;;
    -D) dumph=true ;;
    --data-binary) j=$((i+1)); data=\${!j#@} ;;
    http*) url=$a ;;
  esac
done
echo "$method $url" >> "$STATE/requests"
case "$method $url" in
  "POST https://acrpcprodev.azurecr.io/oauth2/token") cat > "$STATE/refresh-stdin"; echo '{"access_token":"ACCESS-TOKEN"}' ;;
  "HEAD https://acrpcprodev.azurecr.io/v2/erp/manifests/${SUBJECT}") printf 'HTTP/1.1 200 OK\\r\\nContent-Type: application/vnd.oci.image.manifest.v1+json\\r\\nContent-Length: 1234\\r\\nDocker-Content-Digest: ${SUBJECT}\\r\\n\\r\\n' ;;
  "POST https://acrpcprodev.azurecr.io/v2/erp/blobs/uploads/") printf 'HTTP/1.1 202 Accepted\\r\\nLocation: /v2/erp/blobs/uploads/u-1?_state=abc\\r\\n\\r\\n' ;;
  PUT*/blobs/uploads/*) cp "$data" "$STATE/blob-\${url##*digest=}" ;;
  PUT*/manifests/*) cp "$data" "$STATE/manifest" ;;
  *) echo "unexpected $method $url" >&2; exit 22 ;;
esac`;
  const az = (listed: "pushed" | "none") => `
case "$1 $2" in
  "acr login") echo "REFRESH-TOKEN" ;;
  "acr manifest") ${listed === "pushed" ? `echo "sha256:$(sha256sum "$STATE/manifest" | cut -d' ' -f1)"` : "echo"} ;;
esac`;

  function attach(listed: "pushed" | "none") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tool-supply-oci-"));
    temps.push(dir);
    const sbom = path.join(dir, "sbom.spdx.json");
    fs.writeFileSync(sbom, '{"spdxVersion":"SPDX-2.3"}');
    const r = run("oci-attach.sh", ["--subject", `acrpcprodev.azurecr.io/erp@${SUBJECT}`, "--file", sbom, "--artifact-type", "application/spdx+json"], { curl, az: az(listed) }, { dir });
    return { r, dir, sbom };
  }

  test("pushes config and file blobs, then a manifest whose subject is the image, and checks az lists it", () => {
    const { r, dir, sbom } = attach("pushed");
    expect(r.stderr).toMatch(/attached sbom\.spdx\.json to erp@sha256:d{64} as sha256:[0-9a-f]{64} \(application\/spdx\+json\)/);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest"), "utf8"));
    const fileDigest = `sha256:${createHash("sha256").update(fs.readFileSync(sbom)).digest("hex")}`;
    expect(manifest).toMatchObject({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      artifactType: "application/spdx+json",
      config: { mediaType: "application/vnd.oci.empty.v1+json", digest: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", size: 2 },
      layers: [{ mediaType: "application/spdx+json", digest: fileDigest, size: fs.statSync(sbom).size, annotations: { "org.opencontainers.image.title": "sbom.spdx.json" } }],
      subject: { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: SUBJECT, size: 1234 },
    });
    expect(fs.readFileSync(path.join(dir, `blob-${fileDigest}`), "utf8")).toBe('{"spdxVersion":"SPDX-2.3"}');
    expect(fs.readFileSync(path.join(dir, "blob-sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"), "utf8")).toBe("{}");
    // The refresh token goes through stdin, the access token through a header file: neither is an argument.
    expect(fs.readFileSync(path.join(dir, "refresh-stdin"), "utf8")).toBe("REFRESH-TOKEN");
    expect(r.calls.flat().join(" ")).not.toMatch(/REFRESH-TOKEN|ACCESS-TOKEN/);
    expect(r.calls.filter((c) => c[0] === "az").map((c) => c.slice(1, 4).join(" "))).toEqual(["acr login -n", "acr manifest list-referrers"]);
  });

  test("a referrer the registry does not list afterwards fails (exit 3)", () => {
    const { r } = attach("none");
    expect(r.code).toBe(3);
    expect(errors(r)[0]).toMatch(/was pushed but az acr manifest list-referrers does not list it/);
  });
});

describe("tools-pin-pr.sh: one pull request, updated in place", () => {
  function repo() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tool-supply-git-"));
    temps.push(dir);
    const remote = path.join(dir, "remote.git");
    const work = path.join(dir, "work");
    const git = (cwd: string, ...a: string[]) => execFileSync("git", a, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", HOME: dir } });
    git(dir, "init", "-q", "--bare", "-b", "main", remote);
    git(dir, "clone", "-q", remote, work);
    fs.mkdirSync(path.join(work, "pipelines"));
    fs.writeFileSync(path.join(work, "pipelines", "tools.lock"), "trivy 0.74.0 TO-PIN\n");
    git(work, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".");
    git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init");
    git(work, "push", "-q", "origin", "HEAD:main");
    fs.writeFileSync(path.join(dir, "body.md"), "Pins written by tools-pin\n| trivy |");
    return { dir, remote, work, git };
  }
  const env = (dir: string) => ({ SYSTEM_COLLECTIONURI: "https://dev.azure.com/fabrikam/", SYSTEM_TEAMPROJECT: "PineCone", BUILD_REPOSITORY_NAME: "pinecone-delivery", SYSTEM_ACCESSTOKEN: "JOB-TOKEN", HOME: dir, GIT_CONFIG_NOSYSTEM: "1" });
  const args = (dir: string) => ["--lock", "pipelines/tools.lock", "--body", path.join(dir, "body.md"), "--target-branch", "refs/heads/main"];

  test("unchanged lock: no push, no az call", () => {
    const g = repo();
    const r = run("tools-pin-pr.sh", args(g.dir), { az: "exit 0" }, { cwd: g.work, env: env(g.dir) });
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([]);
  });

  test("changed lock: pushed to tools-pin/update, PR created; a second run updates the open PR instead", () => {
    const g = repo();
    fs.writeFileSync(path.join(g.work, "pipelines", "tools.lock"), `trivy 0.74.0 ${"a".repeat(64)}\n`);
    const first = run("tools-pin-pr.sh", args(g.dir), { az: "" }, { cwd: g.work, env: env(g.dir) });
    expect(first.code).toBe(0);
    expect(g.git(g.dir, "--git-dir", g.remote, "show", "tools-pin/update:pipelines/tools.lock")).toBe(`trivy 0.74.0 ${"a".repeat(64)}\n`);
    const az = first.calls.filter((c) => c[0] === "az").map((c) => c.slice(1));
    expect(az[1]).toEqual(["repos", "pr", "create", "--org", "https://dev.azure.com/fabrikam/", "--project", "PineCone", "--repository", "pinecone-delivery", "--source-branch", "tools-pin/update", "--target-branch", "main", "--title", "tools-pin: verified tool pins", "--description", "Pins written by tools-pin\n| trivy |", "--output", "none"]);
    // The job token never lands in .git/config.
    expect(fs.readFileSync(path.join(g.work, ".git", "config"), "utf8")).not.toContain("JOB-TOKEN");

    fs.writeFileSync(path.join(g.work, "pipelines", "tools.lock"), `trivy 0.75.0 ${"b".repeat(64)}\n`);
    const second = run("tools-pin-pr.sh", args(g.dir), { az: '[[ "$1 $2 $3" == "repos pr list" ]] && echo 7; exit 0' }, { cwd: g.work, env: env(g.dir) });
    expect(second.code).toBe(0);
    const az2 = second.calls.filter((c) => c[0] === "az").map((c) => c.slice(1));
    expect(az2.map((c) => c.slice(0, 3).join(" "))).toEqual(["repos pr list", "repos pr update"]);
    expect(az2[1]).toEqual(["repos", "pr", "update", "--org", "https://dev.azure.com/fabrikam/", "--id", "7", "--description", "Pins written by tools-pin\n| trivy |", "--output", "none"]);
    expect(g.git(g.dir, "--git-dir", g.remote, "show", "tools-pin/update:pipelines/tools.lock")).toBe(`trivy 0.75.0 ${"b".repeat(64)}\n`);
  });
});

/**
 * scripts/bootstrap.sh, run for real against a fake Azure: stub `az` and `pulumi` first on PATH keep
 * what they "created" in a state folder that survives between runs, so a second run sees the first
 * run's subscription. Every call is recorded; "changes" are the calls that create, update or register.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { REPO_ROOT } from "./support/reference-files";

const SCRIPT = path.join(REPO_ROOT, "scripts", "bootstrap.sh");
const SUB = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
const OWNER = "9d2c1e7a-0000-4000-8000-00000000beef";
const RG = "rg-pcpro-pulumi";
const ACCOUNT_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/stpcpropulumistate`;
const CONTAINER_SCOPE = `${ACCOUNT_ID}/blobServices/default/containers/pulumi-state`;
const VAULT_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv-pcpro-pulumi`;
const STACK_NUMBER: Record<string, number> = { dev: 1, qa: 2, uat: 3, prod: 4 };
const pipelineId = (stack: string) => `00000000-0000-4000-8000-00000000010${STACK_NUMBER[stack]}`;
const previewId = (stack: string) => `00000000-0000-4000-8000-00000000020${STACK_NUMBER[stack]}`;

/** A fake subscription + organisation: each answer depends on files in "$STATE". */
// Answers as az does: tsv booleans are Python's True/False, `group exists` prints JSON.
const FAKE_AZ = String.raw`
st=$STATE
arg() { local want=$1; shift; while (($#)); do [[ $1 == "$want" ]] && { printf '%s' "$2"; return; }; shift; done; }
failing() { [[ -n $FAIL_ON && "$*" == "$FAIL_ON"* ]]; }
failing "$@" && { echo "fake az: injected failure" >&2; exit 1; }
case "$*" in
  "account show --query id -o tsv") [[ -f $st/logged-out ]] && { echo "Please run 'az login'" >&2; exit 1; }; echo ${SUB} ;;
  "account show --query user.type -o tsv") echo user ;;
  "extension show --name azure-devops"*) [[ -f $st/no-extension ]] && exit 1; echo 1.0.2 ;;
  "ad signed-in-user show"*) echo ${OWNER} ;;
  "role assignment list --assignee ${OWNER} --role Owner"*) [[ -f $st/not-owner ]] && echo 0 || echo 1 ;;
  "provider show"*) [[ -f "$st/provider-$(arg --namespace "$@")" ]] && echo Registered || echo NotRegistered ;;
  "provider register"*) touch "$st/provider-$(arg --namespace "$@")" ;;
  "group exists"*) [[ -f $st/group ]] && echo true || echo false ;;
  "group create"*) touch $st/group ;;
  "storage account list"*) [[ -f $st/account-insecure ]] && { printf 'TLS1_0\tTrue\tNone\tTrue\n'; exit 0; }; [[ -f $st/account ]] && printf 'TLS1_2\tFalse\tFalse\tTrue\n' ;;
  "storage account create"*) touch $st/account ;;
  "storage account update"*) rm -f $st/account-insecure ;;
  "storage account blob-service-properties show"*) [[ -f $st/blob-properties ]] && printf 'True\tTrue\tTrue\n' || printf 'False\tFalse\tFalse\n' ;;
  "storage account blob-service-properties update"*) touch $st/blob-properties ;;
  "storage container-rm exists"*) [[ -f $st/container ]] && echo True || echo False ;;
  "storage container-rm create"*) touch $st/container ;;
  "lock list"*) [[ -f $st/lock ]] && echo pulumi-state-do-not-delete ;;
  "lock create"*) touch $st/lock ;;
  "keyvault list --resource-group"*) [[ -f $st/vault ]] && echo kv-pcpro-pulumi ;;
  "keyvault list-deleted"*) [[ -f $st/vault-deleted ]] && echo kv-pcpro-pulumi ;;
  "keyvault create"*) touch $st/vault ;;
  "keyvault key list"*) cat $st/keys 2>/dev/null || true ;;
  "keyvault key create"*) arg --name "$@" >>$st/keys; echo >>$st/keys ;;
  "role assignment list --scope"*)
    principal=$(sed -n "s/.*principalId=='\([^']*\)'.*/\1/p" <<<"$(arg --query "$@")")
    grep -cxF "$(arg --scope "$@")|$(arg --role "$@")|$principal" $st/assignments 2>/dev/null || true ;;
  "role assignment create"*) echo "$(arg --scope "$@")|$(arg --role "$@")|$(arg --assignee-object-id "$@")" >>$st/assignments ;;
  "role definition list"*) [[ -f $st/lock-writer-role ]] && echo 1 || echo 0 ;;
  "role definition create"*) cp "$(arg --role-definition "$@" | sed 's/^@//')" $st/lock-writer-role ;;
  "devops project list"*) [[ -f $st/project ]] && echo "PineCone Pro" ;;
  "devops project create"*) touch $st/project ;;
  "repos list"*) cat $st/repos 2>/dev/null || true ;;
  "repos create"*) arg --name "$@" >>$st/repos; echo >>$st/repos ;;
  *) echo "fake az: unexpected call: $*" >&2; exit 99 ;;
esac
`;

const FAKE_PULUMI = String.raw`
st=$STATE
arg() { local want=$1; shift; while (($#)); do [[ $1 == "$want" ]] && { printf '%s' "$2"; return; }; shift; done; }
number() { case $1 in dev) echo 1 ;; qa) echo 2 ;; uat) echo 3 ;; prod) echo 4 ;; esac; }
[[ -n $PULUMI_FAIL_ON && "$*" == "$PULUMI_FAIL_ON"* ]] && { echo "fake pulumi: injected failure" >&2; exit 1; }
case "$1 $2" in
  "login "*) ;;
  "stack ls") printf '['; sep=""; for f in $st/stack-*; do [[ -e $f ]] || continue; printf '%s{"name": "%s"}' "$sep" "$(basename "$f" | sed 's/^stack-//')"; sep=", "; done; printf ']\n' ;;
  "stack init") touch "$st/stack-$3" ;;
  "stack output")
    s=$(arg --stack "$@"); [[ -f $st/up-$s ]] || { echo "error: current stack has no output" >&2; exit 255; }
    n=$(number "$s")
    case $3 in
      identityPrincipalIds) printf '{\n  "pipeline": "00000000-0000-4000-8000-00000000010%s",\n  "preview": "00000000-0000-4000-8000-00000000020%s"\n}\n' "$n" "$n" ;;
      # A stack whose last up ran a program from before this output existed has none.
      bootstrapImage) [[ -f $st/no-bootstrap-output-$s ]] && { echo "error: current stack does not have output property 'bootstrapImage'" >&2; exit 255; }
        printf '{\n  "digest": "sha256:%064d",\n  "port": 8080\n}\n' "$n" ;;
      *) echo "fake pulumi: unexpected output $3" >&2; exit 99 ;;
    esac ;;
  "config get") [[ -f "$st/unset-secrets-$(arg --stack "$@")" ]] && { echo "error: failed to decrypt" >&2; exit 255; }; echo not-printed ;;
  "up --stack") touch "$st/up-$3" ;;
  *) echo "fake pulumi: unexpected call: $*" >&2; exit 99 ;;
esac
`;

interface Run {
  code: number;
  stderr: string;
  calls: string[][];
}

const temps: string[] = [];
afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A fresh fake subscription (state folder) to run the bootstrap against, once or several times. */
function fakeSubscription() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bootstrap-"));
  temps.push(dir);
  const bin = path.join(dir, "bin");
  const state = path.join(dir, "state");
  fs.mkdirSync(bin);
  fs.mkdirSync(state);
  const stub = (name: string, body: string) =>
    fs.writeFileSync(
      path.join(bin, name),
      `#!/usr/bin/env bash\n{ printf '%s' ${name}; for a in "$@"; do printf '\\x1f%s' "$a"; done; printf '\\x1e'; } >> "$STUB_LOG"\n${body}\nexit 0\n`,
      { mode: 0o755 },
    );
  stub("az", FAKE_AZ);
  stub("pulumi", FAKE_PULUMI);
  stub("delivery", "");
  stub("docker", '[[ -f $STATE/docker-stopped ]] && exit 1; echo 27.0.0');
  return {
    state,
    set: (file: string) => fs.writeFileSync(path.join(state, file), ""),
    clear: (file: string) => fs.rmSync(path.join(state, file), { force: true }),
    run(args: string[] = [], env: Record<string, string> = {}): Run {
      const log = path.join(dir, `calls-${Date.now()}-${Math.random()}.log`);
      const r = spawnSync("bash", [SCRIPT, ...args], {
        cwd: dir,
        encoding: "utf8",
        env: {
          PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`,
          HOME: dir,
          TMPDIR: dir,
          STUB_LOG: log,
          STATE: state,
          DELIVERY_CLI: "delivery",
          BOOTSTRAP_SLEEP_SECONDS: "0",
          AZDO_PERSONAL_ACCESS_TOKEN: "pat-for-tests",
          ...env,
        },
      });
      const raw = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "";
      return { code: r.status ?? -1, stderr: r.stderr, calls: raw.split("\x1e").filter(Boolean).map((c) => c.split("\x1f")) };
    },
  };
}

const CHANGE =
  /^(az (provider register|group create|storage account create|storage account update|storage account blob-service-properties update|storage container-rm create|lock create|keyvault create|keyvault key create|role assignment create|role definition create|devops project create|repos create)|pulumi (stack init|up|config set))\b/;
const line = (call: string[]) => call.join(" ");
const changes = (r: Run) => r.calls.map(line).filter((c) => CHANGE.test(c));
const arg = (call: string, flag: string) => {
  const parts = call.split(" ");
  return parts[parts.indexOf(flag) + 1];
};
/** One line per role assignment: principal → role @ scope (the condition shown when there is one). */
const assignments = (r: Run) =>
  r.calls
    .filter((c) => c[0] === "az" && c[1] === "role" && c[3] === "create" && c[2] === "assignment")
    .map((c) => {
      const at = (flag: string) => c[c.indexOf(flag) + 1];
      return `${at("--assignee-object-id")} ${at("--assignee-principal-type")} ${at("--role")} @ ${at("--scope")}${c.includes("--condition") ? ` if ${at("--condition")} (v${at("--condition-version")})` : ""}`;
    });

/** The facts the bootstrap must take from the repository, read here independently. */
const stackFiles = fs.readdirSync(REPO_ROOT).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f));
const secretsProvider = (stack: string) => YAML.parse(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")).secretsprovider as string;
const keyName = (stack: string) => secretsProvider(stack).split("/keys/")[1];
const ORDER = ["dev", "qa", "uat", "prod"];
const LOCK_PATH_CONDITION =
  "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'}) AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'}) AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringLike '.pulumi/locks/*'))";

const PROVIDERS = [
  "Microsoft.Web",
  "Microsoft.ContainerRegistry",
  "Microsoft.KeyVault",
  "Microsoft.OperationalInsights",
  "Microsoft.Insights",
  "Microsoft.AlertsManagement",
  "Microsoft.ManagedIdentity",
  "Microsoft.Storage",
  "Microsoft.Network",
  "Microsoft.Logic",
  "Microsoft.DevOpsInfrastructure",
  "Microsoft.DevCenter",
];

function expectedFirstRun(): string[] {
  // Every stack exists before the first up (a promotion source's stack reference needs its target).
  const inits = ORDER.map((s) => `pulumi stack init ${s} --secrets-provider ${secretsProvider(s)}`);
  const perStack = ORDER.flatMap((s) => [
    `pulumi up --stack ${s}`,
    `az role assignment create ${pipelineId(s)} Storage Blob Data Contributor`,
    `az role assignment create ${pipelineId(s)} Key Vault Crypto User`,
    `az role assignment create ${previewId(s)} Storage Blob Data Reader`,
    `az role assignment create ${previewId(s)} Pulumi State Lock Writer`,
    `az role assignment create ${previewId(s)} Key Vault Crypto User`,
  ]);
  return [
    ...PROVIDERS.map((p) => `az provider register ${p}`),
    "az group create",
    "az storage account create",
    "az storage account blob-service-properties update",
    "az storage container-rm create",
    "az lock create",
    "az keyvault create",
    `az role assignment create ${OWNER} Storage Blob Data Contributor`,
    `az role assignment create ${OWNER} Key Vault Crypto Officer`,
    ...ORDER.map((s) => `az keyvault key create ${keyName(s)}`),
    "az role definition create",
    "az devops project create",
    "az repos create pinecone-delivery",
    "az repos create pinecone-pro",
    ...inits,
    ...perStack,
    // Promotion sources (registryPromotionTarget) whose first up ran before their target's: one more
    // up lands the import grant for the target's deploy identity.
    ...ORDER.filter((s) => promotionTarget(s) !== undefined).map((s) => `pulumi up --stack ${s}`),
  ];
}
function promotionTarget(stack: string): string | undefined {
  const m = /^ *pinecone-delivery:registryPromotionTarget: *([A-Za-z0-9_.-]+)/m.exec(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8"));
  return m && m[1] !== "none" ? m[1] : undefined;
}
/** A change call shortened to what expectedFirstRun names: the verb and the object it acts on. */
function summary(call: string): string {
  if (call.startsWith("pulumi stack init")) return call;
  if (call.startsWith("pulumi up")) return call.split(" ").slice(0, 4).join(" ");
  if (call.startsWith("az provider register")) return `az provider register ${arg(call, "--namespace")}`;
  if (call.startsWith("az keyvault key create")) return `az keyvault key create ${arg(call, "--name")}`;
  if (call.startsWith("az repos create")) return `az repos create ${arg(call, "--name")}`;
  if (call.startsWith("az role assignment create")) {
    const role = /--role (.+?) --scope/.exec(call)![1];
    return `az role assignment create ${arg(call, "--assignee-object-id")} ${role}`;
  }
  return call.split(" --")[0];
}

describe("bootstrap.sh: facts from the repository, not hard-coded", () => {
  test("every stack file names a key in the one secrets-provider vault kv-pcpro-pulumi", () => {
    expect(stackFiles.map((f) => f.slice(7, -5)).sort()).toEqual([...ORDER].sort());
    for (const s of ORDER) expect(secretsProvider(s)).toBe(`azurekeyvault://kv-pcpro-pulumi.vault.azure.net/keys/pulumi-${s}`);
  });

  test("the state account and container the bootstrap creates are the ones every infra pipeline logs into", () => {
    for (const file of ["infra-deploy.yml", "infra-preview.yml", "infra-drift.yml"]) {
      const doc = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "pipelines", file), "utf8"));
      const vars = Object.fromEntries((doc.variables as { name: string; value: string }[]).map((v) => [v.name, v.value]));
      expect({ file, account: vars.PULUMI_STATE_STORAGE_ACCOUNT, container: vars.PULUMI_STATE_CONTAINER }).toEqual({ file, account: "stpcpropulumistate", container: "pulumi-state" });
    }
  });

  test("every azure-native module the program imports has its resource provider registered by the bootstrap", () => {
    // module → namespace; an unknown module fails here so the table (and the script) get updated.
    const NAMESPACE: Record<string, string | null> = {
      web: "Microsoft.Web",
      containerregistry: "Microsoft.ContainerRegistry",
      keyvault: "Microsoft.KeyVault",
      operationalinsights: "Microsoft.OperationalInsights",
      applicationinsights: "Microsoft.Insights",
      monitor: "Microsoft.Insights",
      insights: "Microsoft.Insights",
      alertsmanagement: "Microsoft.AlertsManagement",
      managedidentity: "Microsoft.ManagedIdentity",
      storage: "Microsoft.Storage",
      network: "Microsoft.Network",
      privatedns: "Microsoft.Network",
      logic: "Microsoft.Logic",
      devopsinfrastructure: "Microsoft.DevOpsInfrastructure",
      devcenter: "Microsoft.DevCenter",
      authorization: null, // always registered
      resources: null, // always registered
      types: null, // type declarations only
    };
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
    const modules = new Set(sources(path.join(REPO_ROOT, "infra")).flatMap((f) => [...fs.readFileSync(f, "utf8").matchAll(/@pulumi\/azure-native\/([a-z0-9]+)/g)].map((m) => m[1])));
    const script = fs.readFileSync(SCRIPT, "utf8");
    const listed = /PROVIDERS=\(([^)]*)\)/.exec(script)![1].split(/\s+/).filter(Boolean);
    expect(listed).toEqual(PROVIDERS);
    for (const m of modules) {
      expect({ module: m, known: m in NAMESPACE }).toEqual({ module: m, known: true });
      const ns = NAMESPACE[m];
      if (ns) expect({ module: m, registered: listed.includes(ns) }).toEqual({ module: m, registered: true });
    }
  });
});

describe("bootstrap.sh against a fake subscription and organisation", () => {
  test("first run: creates everything, in order, with the security settings, then each stack's first up and its identities' rights", () => {
    const sub = fakeSubscription();
    const r = sub.run();
    expect(r.stderr).toContain("bootstrap done: the pipelines can run dev qa uat prod");
    expect(r.code).toBe(0);
    const made = changes(r);
    expect(made.map(summary)).toEqual(expectedFirstRun());

    const find = (prefix: string) => made.find((c) => c.startsWith(prefix))!;
    expect(find("az storage account create")).toBe(
      "az storage account create --name stpcpropulumistate --resource-group rg-pcpro-pulumi --location westeurope --sku Standard_ZRS --kind StorageV2 --min-tls-version TLS1_2 --allow-blob-public-access false --allow-shared-key-access false --https-only true --public-network-access Enabled",
    );
    expect(find("az storage account blob-service-properties update")).toContain(
      "--enable-versioning true --enable-delete-retention true --delete-retention-days 30 --enable-container-delete-retention true --container-delete-retention-days 30",
    );
    expect(find("az storage container-rm create")).toBe("az storage container-rm create --storage-account stpcpropulumistate --resource-group rg-pcpro-pulumi --name pulumi-state --public-access off");
    expect(find("az keyvault create")).toBe(
      "az keyvault create --name kv-pcpro-pulumi --resource-group rg-pcpro-pulumi --location westeurope --enable-rbac-authorization true --enable-purge-protection true --retention-days 90 --public-network-access Enabled",
    );
    expect(find("az lock create")).toContain("--name pulumi-state-do-not-delete --lock-type CanNotDelete --resource-group rg-pcpro-pulumi");
    expect(made.filter((c) => c.startsWith("az keyvault key create")).map((c) => `${arg(c, "--name")} ${c.slice(c.indexOf("--kty"))}`)).toEqual(
      ORDER.map((s) => `pulumi-${s} --kty RSA --size 3072 --ops encrypt decrypt`),
    );
    for (const s of ORDER) expect(find(`pulumi up --stack ${s}`)).toBe(`pulumi up --stack ${s} --yes --refresh --non-interactive --policy-pack policy --policy-pack-config ${arg(find(`pulumi up --stack ${s}`), "--policy-pack-config")}`);

    // The custom role: blob write/delete data actions only, assignable on the state account only.
    const role = JSON.parse(fs.readFileSync(path.join(sub.state, "lock-writer-role"), "utf8"));
    expect(role).toEqual({
      Name: "Pulumi State Lock Writer",
      IsCustom: true,
      Description: expect.stringContaining(".pulumi/locks/"),
      Actions: [],
      NotActions: [],
      DataActions: [
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
      ],
      NotDataActions: [],
      AssignableScopes: [ACCOUNT_ID],
    });

    // Exact grants: who, which role, at which scope, under which condition.
    const key = (s: string) => `${VAULT_ID}/keys/pulumi-${s}`;
    expect(assignments(r)).toEqual([
      `${OWNER} User Storage Blob Data Contributor @ ${CONTAINER_SCOPE}`,
      `${OWNER} User Key Vault Crypto Officer @ ${VAULT_ID}`,
      ...ORDER.flatMap((s) => [
        `${pipelineId(s)} ServicePrincipal Storage Blob Data Contributor @ ${CONTAINER_SCOPE}`,
        `${pipelineId(s)} ServicePrincipal Key Vault Crypto User @ ${key(s)}`,
        `${previewId(s)} ServicePrincipal Storage Blob Data Reader @ ${CONTAINER_SCOPE}`,
        `${previewId(s)} ServicePrincipal Pulumi State Lock Writer @ ${CONTAINER_SCOPE} if ${LOCK_PATH_CONDITION} (v2.0)`,
        `${previewId(s)} ServicePrincipal Key Vault Crypto User @ ${key(s)}`,
      ]),
    ]);
    // Secret values are checked for decryption, never printed.
    expect(r.stderr).not.toContain("not-printed");
  });

  test("second run against the state the first left: changes nothing", () => {
    const sub = fakeSubscription();
    expect(sub.run().code).toBe(0);
    const again = sub.run();
    expect(again.code).toBe(0);
    expect(changes(again)).toEqual([]);
    // It still looked: every provider, the state, the vault, the keys and every grant were read.
    expect(again.calls.filter((c) => c[0] === "az" && c[1] === "role" && c[2] === "assignment" && c[3] === "list" && c[4] === "--scope")).toHaveLength(2 + 5 * ORDER.length);
  });

  test("an existing state account with weaker settings is brought to the baseline once, then left alone", () => {
    const sub = fakeSubscription();
    expect(sub.run().code).toBe(0);
    sub.set("account-insecure");
    const fix = sub.run();
    expect(fix.code).toBe(0);
    expect(changes(fix)).toEqual([
      "az storage account update --name stpcpropulumistate --resource-group rg-pcpro-pulumi --min-tls-version TLS1_2 --allow-blob-public-access false --allow-shared-key-access false --https-only true",
    ]);
    expect(changes(sub.run())).toEqual([]);
  });

  test("a failure midway (key creation) exits 3 naming the call; the re-run finishes without creating anything twice", () => {
    const sub = fakeSubscription();
    const broken = sub.run([], { FAIL_ON: "keyvault key create --vault-name kv-pcpro-pulumi --name pulumi-qa" });
    expect(broken.code).toBe(3);
    expect(broken.stderr).toContain("'az keyvault key create --vault-name kv-pcpro-pulumi --name pulumi-qa --kty RSA --size 3072 --ops encrypt decrypt' failed 6 times; fix the cause and run the bootstrap again");
    expect(changes(broken).some((c) => c.startsWith("pulumi"))).toBe(false);
    const resumed = sub.run();
    expect(resumed.code).toBe(0);
    const QA_KEY = "az keyvault key create pulumi-qa";
    expect(changes(broken).map(summary).filter((c) => c === QA_KEY)).toHaveLength(6); // retried, as for role propagation
    const done = [...changes(broken), ...changes(resumed)].map(summary).filter((c) => c !== QA_KEY);
    expect(done).toEqual(expectedFirstRun().filter((c) => c !== QA_KEY));
    expect(changes(resumed).map(summary)[0]).toBe("az keyvault key create pulumi-qa");
    expect(changes(sub.run())).toEqual([]);
  });

  test("a failed read (listing the keys) stops with exit 3 naming the call, before anything that depends on it", () => {
    const sub = fakeSubscription();
    const r = sub.run([], { FAIL_ON: "keyvault key list" });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`bootstrap: error: 'az keyvault key list --vault-name kv-pcpro-pulumi --query [].name -o tsv' failed`);
    expect(changes(r).some((c) => c.startsWith("az keyvault key create") || c.startsWith("pulumi"))).toBe(false);
    const group = fakeSubscription().run([], { FAIL_ON: "group exists" });
    expect(group.code).toBe(3);
    expect(changes(group)).toEqual(PROVIDERS.map((p) => `az provider register --namespace ${p} --wait`));
  });

  test("a failed first up of one stack: the next run repeats only that up and the grants after it", () => {
    const sub = fakeSubscription();
    const broken = sub.run([], { PULUMI_FAIL_ON: "up --stack uat" });
    expect(broken.code).toBe(3);
    expect(broken.stderr).toContain("'pulumi up --stack uat --yes --refresh");
    const resumed = sub.run();
    expect(resumed.code).toBe(0);
    // uat's and prod's first ups, then one more up of their promotion sources (qa, uat) for the import grants.
    const firstUps = expectedFirstRun();
    const from = firstUps.indexOf("pulumi up --stack uat");
    const grantsEnd = firstUps.lastIndexOf("az role assignment create 00000000-0000-4000-8000-000000000204 Key Vault Crypto User");
    expect(changes(resumed).map(summary)).toEqual([...firstUps.slice(from, grantsEnd + 1), "pulumi up --stack qa", "pulumi up --stack uat"]);
  });

  test("stack secrets still holding the repository's placeholders stop before that stack's up (exit 2) with the commands to run", () => {
    const sub = fakeSubscription();
    sub.set("unset-secrets-qa");
    const r = sub.run();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "stack qa: alertWebhookUrl erpDatabaseConnectionString erpJwtSigningKey do not decrypt with key pulumi-qa (placeholders from the repository): run pulumi config set --secret --stack qa alertWebhookUrl; pulumi config set --secret --stack qa erpDatabaseConnectionString; pulumi config set --secret --stack qa erpJwtSigningKey;",
    );
    expect(changes(r).filter((c) => c.startsWith("pulumi up"))).toEqual([expect.stringMatching(/^pulumi up --stack dev /)]);
    sub.clear("unset-secrets-qa");
    const resumed = sub.run();
    expect(resumed.code).toBe(0);
    expect(changes(resumed).map(summary)[0]).toBe("pulumi up --stack qa");
  });

  test("--dry-run on an empty subscription: reads, prints what it would create, changes nothing", () => {
    const sub = fakeSubscription();
    const r = sub.run(["--dry-run"], { AZDO_PERSONAL_ACCESS_TOKEN: "" });
    expect(r.code).toBe(0);
    expect(changes(r)).toEqual([]);
    expect(r.stderr).toContain("would run: az storage account create --name stpcpropulumistate");
    expect(r.stderr).toContain("would run: az keyvault key create --vault-name kv-pcpro-pulumi --name pulumi-prod");
    expect(r.stderr).toContain("would run: pulumi stack init prod (if absent), its first pulumi up, then grant its pipeline and preview identities");
    expect(r.stderr).toContain("dry run: nothing changed");
    expect(r.calls.filter((c) => c[0] === "pulumi")).toEqual([]);
  });

  test("--stack dev: only dev's key, init, up and grants", () => {
    const sub = fakeSubscription();
    const r = sub.run(["--stack", "dev"]);
    expect(r.code).toBe(0);
    const made = changes(r).map(summary);
    expect(made.filter((c) => c.startsWith("az keyvault key create"))).toEqual(["az keyvault key create pulumi-dev"]);
    expect(made.filter((c) => c.startsWith("pulumi"))).toEqual([`pulumi stack init dev --secrets-provider ${secretsProvider("dev")}`, "pulumi up --stack dev"]);
    expect(sub.run(["--stack", "nope"]).stderr).toContain("--stack nope: there is no Pulumi.nope.yaml");
  });

  test.each([
    ["logged-out", {}, "az is not logged in: run 'az login' and 'az account set --subscription <id>'"],
    ["no-extension", {}, "the az extension azure-devops is missing (it checks and creates the Azure DevOps project and repositories): run 'az extension add --name azure-devops'"],
    ["not-owner", {}, `the signed-in identity (${OWNER}) is not Owner of subscription ${SUB}`],
    ["", { AZDO_PERSONAL_ACCESS_TOKEN: "" }, "AZDO_PERSONAL_ACCESS_TOKEN is not set"],
    ["docker-stopped", {}, "Docker is not running: the first 'pulumi up' of a public stack (dev) builds and pushes the bootstrap image (bootstrap/)"],
  ])("precondition %s %j: exit 2 with a clear message, nothing changed", (flag, env, message) => {
    const sub = fakeSubscription();
    if (flag) sub.set(flag);
    const r = sub.run([], env as Record<string, string>);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`bootstrap: error: ${message}`);
    expect(changes(r)).toEqual([]);
  });

  test("a private stack before its promotion source's first up: exit 2 naming the source, no up of it; after the source's, it runs without Docker", () => {
    const sub = fakeSubscription();
    const early = sub.run(["--stack", "qa"]);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain(
      "bootstrap: error: stack qa is private and imports its bootstrap image from stack dev (registryPromotionSource), which has no output bootstrapImage yet: bootstrap dev first (it comes before qa in pipelines/templates/infra-deploy.yml: run without --stack, or with --stack dev), then run the bootstrap again",
    );
    expect(changes(early).filter((c) => c.startsWith("pulumi up"))).toEqual([]);
    expect(early.calls.map(line)).toContain("pulumi stack output bootstrapImage --json --stack dev");

    // dev was brought up by a program from before the output existed: still refused.
    expect(sub.run(["--stack", "dev"]).code).toBe(0);
    sub.set("no-bootstrap-output-dev");
    expect(sub.run(["--stack", "qa"]).code).toBe(2);
    sub.clear("no-bootstrap-output-dev");

    // qa imports its image: Docker is not needed for it.
    sub.set("docker-stopped");
    const qa = sub.run(["--stack", "qa"]);
    expect(qa.code).toBe(0);
    expect(changes(qa).filter((c) => c.startsWith("pulumi up")).map(summary)).toEqual(["pulumi up --stack qa"]);
  });

  test("a soft-deleted secrets vault is not silently replaced: exit 2 with the recover command", () => {
    const sub = fakeSubscription();
    sub.set("vault-deleted");
    const r = sub.run();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Key Vault kv-pcpro-pulumi is soft-deleted (its keys hold every stack's secrets): recover it with 'az keyvault recover --name kv-pcpro-pulumi'");
    expect(changes(r).some((c) => c.startsWith("az keyvault create"))).toBe(false);
  });

  test("unknown arguments are usage errors", () => {
    const r = fakeSubscription().run(["--nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage: scripts\/bootstrap\.sh/);
    expect(r.calls).toEqual([]);
  });
});

/**
 * The azuredevops binding (infra/azuredevops) against the provider's real schema: type tokens, input
 * names and types (nested types too), required inputs, declared outputs, secrets, integer conversion,
 * explicit names and the plugin version. The schema comes from DELIVERY_REF_AZUREDEVOPS_SCHEMA or the
 * pinned download (test/support/reference-files.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    BindingDeclaration,
    checkDeclaration,
    ProviderSchema,
    readBindingDeclarations,
} from "./support/azuredevops-binding-check";
import {
    loadReferenceJson,
    readReferenceFile,
    REFERENCE_FILES,
    ReferenceFile,
    REPO_ROOT,
    sha256Hex,
} from "./support/reference-files";

const BINDING_DIR = path.join(REPO_ROOT, "infra", "azuredevops");
const PINNED_VERSION = "3.15.0";

/** What the delivery components need (issue 5); the binding may cover more. */
const REQUIRED_MEMBERS = [
    "getProject",
    "getProjectOutput",
    "getGitRepository",
    "getGitRepositoryOutput",
    "ServiceEndpointAzureRM",
    "ServiceendpointIncomingwebhook",
    "Environment",
    "CheckApproval",
    "CheckBusinessHours",
    "CheckBranchControl",
    "CheckExclusiveLock",
    "CheckRequiredTemplate",
    "VariableGroup",
    "PipelineAuthorization",
    "BuildDefinition",
    "BranchPolicyMinReviewers",
    "BranchPolicyBuildValidation",
    "BranchPolicyCommentResolution",
    "BranchPolicyWorkItemLinking",
    "Provider",
];

// Read synchronously so that every class gets its own named test.
const declarations = readBindingDeclarations(BINDING_DIR, REPO_ROOT);
const byName = new Map(declarations.map((d) => [d.name, d]));
let schema: ProviderSchema;

beforeAll(async () => {
    schema = await loadReferenceJson<ProviderSchema>(REFERENCE_FILES.azuredevopsSchema);
});

describe("azuredevops binding vs provider schema 3.15.0", () => {
    test("covers every resource and function the delivery components use", () => {
        expect(REQUIRED_MEMBERS.filter((name) => !byName.has(name))).toEqual([]);
    });

    test("exports every class and function from its index, as the real package does", () => {
        const binding = require("../infra/azuredevops") as Record<string, unknown>;
        expect(declarations.map((d) => d.name).filter((name) => typeof binding[name] !== "function")).toEqual([]);
    });

    test.each(declarations.map((d) => [d.name, d] as const))("%s matches the schema", (_name, declaration) => {
        expect(checkDeclaration(declaration, schema, PINNED_VERSION)).toEqual([]);
    });
});

describe("the schema check itself", () => {
    const environment = (): BindingDeclaration => ({ ...byName.get("Environment")! });

    test("reports a wrong token, naming it (there is no ServiceendpointAzurecr resource, only a function)", () => {
        const declaration = { ...environment(), name: "ServiceendpointAzurecr", token: "azuredevops:index/serviceendpointAzurecr:ServiceendpointAzurecr" };
        expect(checkDeclaration(declaration, schema, PINNED_VERSION)).toEqual([
            'ServiceendpointAzurecr (infra/azuredevops/environment.ts): type token "azuredevops:index/serviceendpointAzurecr:ServiceendpointAzurecr" is not in the schema\'s resources',
        ]);
    });

    test("reports each kind of top-level mismatch with the property and both sides", () => {
        const declaration: BindingDeclaration = {
            ...environment(),
            version: "3.14.0",
            inputs: {
                projectId: { type: { kind: "number" }, optional: true },
                displayName: { type: { kind: "string" }, optional: true },
                name: { type: { kind: "string" }, optional: true },
            },
            outputs: { url: { type: { kind: "string" }, optional: false } },
            integerPaths: ["projectId"],
            explicitName: undefined,
        };
        const where = "Environment (infra/azuredevops/environment.ts)";
        expect(checkDeclaration(declaration, schema, PINNED_VERSION)).toEqual([
            `${where}: sets plugin version 3.14.0, expected 3.15.0`,
            `${where}: input "projectId" is declared number, the schema has string`,
            `${where}: input "displayName" is not in the schema's inputProperties`,
            `${where}: required input "projectId" is optional in the binding`,
            `${where}: output "url" is not in the schema's properties`,
            `${where}: converts "projectId" to an integer, which is not an integer input of the schema`,
            `${where}: the provider autonames "name", but prepareInputs does not require it (explicitName)`,
        ]);
    });

    test("follows nested types: required fields, type names and unwrapped secrets", () => {
        const real = byName.get("ServiceEndpointAzureRM")!;
        const credentials = real.inputs.credentials.type;
        if (credentials.kind !== "object") throw new Error("credentials should be an object type");
        const declaration: BindingDeclaration = {
            ...real,
            inputs: {
                ...real.inputs,
                credentials: {
                    optional: true,
                    type: {
                        kind: "object",
                        name: "ServiceEndpointAzureRMCredentials",
                        properties: { ...credentials.properties, serviceprincipalid: { type: { kind: "string" }, optional: true } },
                    },
                },
                features: { optional: true, type: { kind: "object", name: "ServiceEndpointAzureRMFeature", properties: {} } },
            },
            secretPaths: ["credentials.serviceprincipalkey", "credentials.serviceprincipalid"],
        };
        const where = "ServiceEndpointAzureRM (infra/azuredevops/serviceEndpointAzureRM.ts)";
        expect(checkDeclaration(declaration, schema, PINNED_VERSION)).toEqual([
            `${where}: required input "credentials.serviceprincipalid" is optional in the binding`,
            `${where}: input "features" is declared object ServiceEndpointAzureRMFeature, the schema has object ServiceEndpointAzureRMFeatures`,
            `${where}: secret input "credentials.serviceprincipalcertificate" is not wrapped with pulumi.secret`,
            `${where}: wraps "credentials.serviceprincipalid" as secret, which is not a secret input of the schema`,
        ]);
    });

    test("reads what a class does from its source: version, secrets, integers, explicit name", () => {
        expect(byName.get("BranchPolicyBuildValidation")).toMatchObject({
            token: "azuredevops:index/branchPolicyBuildValidation:BranchPolicyBuildValidation",
            version: PINNED_VERSION,
            integerPaths: ["settings.buildDefinitionId", "settings.validDuration"],
        });
        expect(byName.get("ServiceendpointIncomingwebhook")).toMatchObject({ secretPaths: ["secret"], additionalSecretOutputs: ["secret"] });
        expect(byName.get("VariableGroup")).toMatchObject({ explicitName: "name", secretPaths: ["variables[].secretValue"] });
        expect(byName.get("Provider")).toMatchObject({ kind: "provider", token: "pulumi:providers:azuredevops", version: PINNED_VERSION });
        expect(byName.get("getGitRepositoryOutput")).toMatchObject({ kind: "function", token: "azuredevops:index/getGitRepository:getGitRepository" });
    });
});

describe("reference files", () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "reference-files-"));
    const content = Buffer.from('{"hello": "reference"}\n');
    const testRef: ReferenceFile = {
        title: "test reference",
        envVar: "DELIVERY_REF_TEST_ONLY",
        url: "https://example.invalid/pinned/file.json",
        sha256: sha256Hex(content),
        cacheName: "file.json",
        sharedPath: "reference/file.json",
    };
    const realFetch = globalThis.fetch;

    afterEach(() => {
        delete process.env[testRef.envVar];
        globalThis.fetch = realFetch;
    });
    afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

    test("a file named by the environment variable must have the pinned hash; the message names file and both hashes", async () => {
        const wrong = path.join(scratch, "wrong.json");
        fs.writeFileSync(wrong, "{}\n");
        process.env[testRef.envVar] = wrong;
        await expect(readReferenceFile(testRef, scratch)).rejects.toThrow(
            `test reference: ${wrong} (from DELIVERY_REF_TEST_ONLY) has sha256 ${sha256Hex(Buffer.from("{}\n"))}, expected ${testRef.sha256}.`,
        );
    });

    test("a missing file named by the environment variable names the variable", async () => {
        process.env[testRef.envVar] = path.join(scratch, "absent.json");
        await expect(readReferenceFile(testRef, scratch)).rejects.toThrow(/DELIVERY_REF_TEST_ONLY=.*absent\.json names .*which cannot be read/);
    });

    test("without the variable, the pinned URL is downloaded once, checked and cached", async () => {
        const cacheDir = path.join(scratch, "cache");
        const fetched: string[] = [];
        globalThis.fetch = (async (url: string) => {
            fetched.push(url);
            return new Response(content);
        }) as typeof fetch;
        expect(await readReferenceFile(testRef, cacheDir)).toEqual(content);
        expect(await readReferenceFile(testRef, cacheDir)).toEqual(content);
        expect(fetched).toEqual([testRef.url]);
        expect(fs.readdirSync(cacheDir)).toEqual(["file.json"]);
    });

    test("without the variable or a cached copy, ../shared beside the checkout is used before any download", async () => {
        const shared = path.join(scratch, "shared");
        fs.mkdirSync(path.join(shared, "reference"), { recursive: true });
        fs.writeFileSync(path.join(shared, "reference", "file.json"), content);
        globalThis.fetch = (async () => {
            throw new Error("no download expected");
        }) as unknown as typeof fetch;
        expect(await readReferenceFile(testRef, path.join(scratch, "cache-empty"), shared)).toEqual(content);
    });

    test("a shared copy with the wrong hash is skipped; a failed download names the variable to set, without a stack trace", async () => {
        const shared = path.join(scratch, "shared-bad");
        fs.mkdirSync(path.join(shared, "reference"), { recursive: true });
        fs.writeFileSync(path.join(shared, "reference", "file.json"), "edited");
        globalThis.fetch = (async () => {
            throw new Error("getaddrinfo ENOTFOUND example.invalid");
        }) as unknown as typeof fetch;
        const err = await readReferenceFile(testRef, path.join(scratch, "cache-none"), shared).catch((e: Error) => e);
        expect(err).toBeInstanceOf(Error);
        expect((err as Error).message).toMatch(/^test reference: not found\. DELIVERY_REF_TEST_ONLY is not set, .*getaddrinfo ENOTFOUND.*Set DELIVERY_REF_TEST_ONLY to a local copy of the file/);
        expect((err as Error).stack).toBe((err as Error).message);
    });

    test("a download with the wrong hash is rejected and not cached", async () => {
        const cacheDir = path.join(scratch, "cache-bad");
        globalThis.fetch = (async () => new Response("tampered")) as unknown as typeof fetch;
        await expect(readReferenceFile(testRef, cacheDir)).rejects.toThrow(`the download from ${testRef.url} has sha256 ${sha256Hex(Buffer.from("tampered"))}`);
        expect(fs.existsSync(path.join(cacheDir, "file.json"))).toBe(false);
    });

    test("the pinned schema is the one the shared reference notes describe", async () => {
        const bytes = await readReferenceFile(REFERENCE_FILES.azuredevopsSchema);
        expect(bytes.length).toBe(3_499_989);
        expect(Object.keys(schema.resources)).toHaveLength(130);
    });
});

/**
 * What the azuredevops binding sends to the engine, seen at Pulumi's mock monitor: the raw
 * RegisterResourceRequest / ResourceInvokeRequest, before the mocks' own deserialization (which
 * drops secret markers). Proves the plugin version on every registration and invoke, nested secrets
 * arriving secret-wrapped, numeric id strings arriving as integers, and the guards that fail early.
 */
import * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import type * as azuredevopsModule from "../infra/azuredevops";

interface RecordedRegistration {
    readonly type: string;
    readonly name: string;
    readonly version: string;
    readonly additionalSecretOutputs: string[];
    readonly object: Record<string, any>;
}
interface RecordedInvoke {
    readonly token: string;
    readonly version: string;
}

/** Ids as Azure DevOps returns them: GUIDs for projects and repositories, numeric strings for these. */
const NUMERIC_IDS: Record<string, string> = {
    "azuredevops:index/buildDefinition:BuildDefinition": "42",
    "azuredevops:index/environment:Environment": "7",
    "azuredevops:index/variableGroup:VariableGroup": "13",
};
const PROJECT_ID = "00000000-0000-0000-0000-0000000000aa";
const REPOSITORY_ID = "00000000-0000-0000-0000-0000000000bb";

const registrations: RecordedRegistration[] = [];
const invokes: RecordedInvoke[] = [];
let azuredevops: typeof azuredevopsModule;

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

function registered(type: string, name: string): RecordedRegistration {
    const found = registrations.find((r) => r.type === type && r.name === name);
    if (!found) throw new Error(`no registration of ${type} "${name}"; saw ${registrations.map((r) => `${r.type} "${r.name}"`).join(", ")}`);
    return found;
}

const secretOf = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: NUMERIC_IDS[args.type] ?? `${args.name}-id`, state: args.inputs }),
            call: (args) =>
                args.token === "azuredevops:index/getProject:getProject"
                    ? { id: PROJECT_ID, name: args.inputs.name, projectId: PROJECT_ID }
                    : { id: REPOSITORY_ID, name: args.inputs.name, projectId: args.inputs.projectId },
        },
        "delivery",
        "test",
        false,
    );
    // Record the raw requests: wrap the mock monitor's methods (the runtime calls them on this object).
    const monitor = require("@pulumi/pulumi/runtime/settings").getMonitor();
    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: unknown) => {
        registrations.push({
            type: req.getType(),
            name: req.getName(),
            version: req.getVersion(),
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
            object: req.getObject()?.toJavaScript() ?? {},
        });
        return registerResource(req, callback);
    };
    const invoke = monitor.invoke.bind(monitor);
    monitor.invoke = (req: any, callback: unknown) => {
        invokes.push({ token: req.getTok(), version: req.getVersion() });
        return invoke(req, callback);
    };
    // Loaded after setMocks, as a Pulumi program would be.
    azuredevops = require("../infra/azuredevops");

    const project = azuredevops.getProjectOutput({ name: "PineCone" });
    const repository = await azuredevops.getGitRepository({ projectId: PROJECT_ID, name: "pinecone-delivery" });
    const provider = new azuredevops.Provider("ado", { orgServiceUrl: "https://dev.azure.com/pinecone", useOidc: true, personalAccessToken: "pat-value" });
    const scope = [{ repositoryId: repository.id, repositoryRef: "refs/heads/main", matchType: "Exact" }];

    const environment = new azuredevops.Environment("prod", { projectId: project.id, name: "prod" }, { provider });
    const connection = new azuredevops.ServiceEndpointAzureRM("arm", {
        projectId: project.id,
        serviceEndpointName: "prod-arm",
        serviceEndpointAuthenticationScheme: "ServicePrincipal",
        credentials: { serviceprincipalid: "client-id", serviceprincipalkey: "client-secret-value" },
        azurermSpnTenantid: "tenant",
        azurermSubscriptionId: "subscription",
        azurermSubscriptionName: "PineCone prod",
    });
    const webhook = new azuredevops.ServiceendpointIncomingwebhook("rollback", {
        projectId: project.id,
        serviceEndpointName: "rollback-hook",
        webhookName: "rollback",
        secret: "webhook-secret-value",
    });
    const variableGroup = new azuredevops.VariableGroup("settings", {
        projectId: project.id,
        name: "prod-settings",
        variables: [
            { name: "plain", value: "visible" },
            { name: "token", secretValue: "variable-secret-value", isSecret: true },
        ],
    });
    // The cast stands for a caller who passes `.id` (a numeric string) where the schema wants an
    // integer: the real package's types forbid it, the provider would reject it, the binding converts it.
    const numericId = (resource: pulumi.CustomResource) => resource.id as unknown as pulumi.Input<number>;
    const pipeline = new azuredevops.BuildDefinition("app", {
        projectId: project.id,
        name: "app",
        repository: { repoType: "TfsGit", repoId: repository.id, branchName: "refs/heads/main", ymlPath: "azure-pipelines.yml" },
        variableGroups: [numericId(variableGroup)],
        ciTrigger: { useYaml: true },
    });
    const target = { projectId: project.id, targetResourceId: environment.id, targetResourceType: "environment" };
    const resources: pulumi.CustomResource[] = [
        environment,
        connection,
        webhook,
        variableGroup,
        pipeline,
        new azuredevops.PipelineAuthorization("app-uses-prod", { projectId: project.id, resourceId: environment.id, type: "environment", pipelineId: numericId(pipeline) }),
        new azuredevops.CheckApproval("prod-approval", { ...target, approvers: ["group-id"], minimumRequiredApprovers: 2, requesterCanApprove: false }),
        new azuredevops.CheckBusinessHours("prod-hours", { ...target, displayName: "Release window", startTime: "08:00", endTime: "16:00", timeZone: "W. Europe Standard Time", monday: true }),
        new azuredevops.CheckBranchControl("prod-branches", { ...target, allowedBranches: "refs/heads/main, refs/tags/v*", timeout: "60" as unknown as number }),
        new azuredevops.CheckExclusiveLock("prod-lock", target),
        new azuredevops.CheckRequiredTemplate("prod-template", {
            ...target,
            requiredTemplates: [{ repositoryName: "PineCone/pinecone-delivery", repositoryRef: "refs/heads/main", templatePath: "pipelines/templates/deploy.yml" }],
        }),
        new azuredevops.BranchPolicyMinReviewers("main-reviewers", { projectId: project.id, settings: { reviewerCount: 2, scopes: scope } }),
        new azuredevops.BranchPolicyBuildValidation("main-preview", {
            projectId: project.id,
            settings: { buildDefinitionId: numericId(pipeline), displayName: "infra preview", scopes: scope },
        }),
        new azuredevops.BranchPolicyCommentResolution("main-comments", { projectId: project.id, settings: { scopes: scope } }),
        new azuredevops.BranchPolicyWorkItemLinking("main-work-items", { projectId: project.id, settings: { scopes: scope } }),
    ];
    await Promise.all(resources.map((resource) => valueOf(resource.urn)));
    await valueOf(provider.urn);
});

describe("azuredevops binding under mocks", () => {
    test("every class registers with plugin version 3.15.0", () => {
        // Every exported class carries its token (the provider's is the package name).
        const bindingTypes = (Object.values(azuredevops) as unknown[]).flatMap((member) => {
            const token = (member as { __pulumiType?: unknown }).__pulumiType;
            if (typeof token !== "string") return [];
            return [token === "azuredevops" ? "pulumi:providers:azuredevops" : token];
        });
        expect(bindingTypes).toHaveLength(16);
        const registeredTypes = new Set(registrations.map((r) => r.type));
        expect(bindingTypes.filter((type) => !registeredTypes.has(type))).toEqual([]);
        expect(registrations.filter((r) => r.version !== "3.15.0").map((r) => `${r.type} "${r.name}": ${r.version || "(none)"}`)).toEqual([]);
    });

    test("getX and getXOutput invoke with plugin version 3.15.0", () => {
        expect(invokes.map((i) => [i.token, i.version])).toEqual(
            expect.arrayContaining([
                ["azuredevops:index/getProject:getProject", "3.15.0"],
                ["azuredevops:index/getGitRepository:getGitRepository", "3.15.0"],
            ]),
        );
        expect(invokes.filter((i) => i.version !== "3.15.0")).toEqual([]);
    });

    test("nested secrets arrive secret-wrapped; their non-secret siblings do not", () => {
        const connection = registered("azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM", "arm").object;
        expect(connection.credentials).toEqual({ serviceprincipalid: "client-id", serviceprincipalkey: secretOf("client-secret-value") });
        const group = registered("azuredevops:index/variableGroup:VariableGroup", "settings").object;
        expect(group.variables).toEqual([
            { name: "plain", value: "visible" },
            { name: "token", secretValue: secretOf("variable-secret-value"), isSecret: true },
        ]);
    });

    test("top-level secrets are wrapped and listed as additional secret outputs, as the generated SDK does", () => {
        const webhook = registered("azuredevops:index/serviceendpointIncomingwebhook:ServiceendpointIncomingwebhook", "rollback");
        expect(webhook.object.secret).toEqual(secretOf("webhook-secret-value"));
        expect(webhook.additionalSecretOutputs).toEqual(["secret"]);
        const provider = registered("pulumi:providers:azuredevops", "ado");
        expect(provider.object).toMatchObject({ personalAccessToken: secretOf("pat-value"), useOidc: "true", orgServiceUrl: "https://dev.azure.com/pinecone" });
    });

    test("numeric id strings arrive as integers where the schema wants integers", () => {
        expect(registered("azuredevops:index/pipelineAuthorization:PipelineAuthorization", "app-uses-prod").object.pipelineId).toBe(42);
        expect(registered("azuredevops:index/branchPolicyBuildValidation:BranchPolicyBuildValidation", "main-preview").object.settings.buildDefinitionId).toBe(42);
        expect(registered("azuredevops:index/buildDefinition:BuildDefinition", "app").object.variableGroups).toEqual([13]);
        expect(registered("azuredevops:index/checkBranchControl:CheckBranchControl", "prod-branches").object.timeout).toBe(60);
        // String ids stay strings where the schema wants strings (targetResourceId is the environment id).
        expect(registered("azuredevops:index/checkExclusiveLock:CheckExclusiveLock", "prod-lock").object.targetResourceId).toBe("7");
    });

    test("outputs are readable on the instance (declared fields do not shadow them)", async () => {
        const environment = new azuredevops.Environment("qa", { projectId: PROJECT_ID, name: "qa" });
        expect(await valueOf(environment.name)).toBe("qa");
        expect(await valueOf(environment.id)).toBe("7");
    });

    test("a string that is not an integer fails at construction, naming resource and property", () => {
        expect(
            () =>
                new azuredevops.PipelineAuthorization("bad", {
                    projectId: PROJECT_ID,
                    resourceId: "7",
                    type: "environment",
                    pipelineId: "main" as unknown as number,
                }),
        ).toThrow('PipelineAuthorization "bad": pipelineId must be an integer or a numeric id string; got "main".');
    });

    test("a resource the provider would autoname needs an explicit name", () => {
        expect(() => new azuredevops.Environment("unnamed", { projectId: PROJECT_ID })).toThrow(
            'Environment "unnamed": set "name" explicitly; the azuredevops provider would otherwise name it "unnamed-<random suffix>".',
        );
    });

    test("another plugin version is refused", () => {
        expect(() => new azuredevops.Environment("old", { projectId: PROJECT_ID, name: "old" }, { version: "3.14.0" })).toThrow(
            /targets provider plugin 3\.15\.0; options asked for version 3\.14\.0/,
        );
    });
});

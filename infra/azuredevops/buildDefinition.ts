import * as pulumi from "@pulumi/pulumi";
import * as inputs from "./types/input";
import * as outputs from "./types/output";
import * as utilities from "./utilities";

/**
 * A build definition (pipeline). For YAML pipelines set `repository.repoType` (default `GitHub`),
 * `repository.branchName` (default `master`) and `repository.ymlPath` explicitly.
 *
 * `variables[].secretValue` is sent as a secret by this binding. `variableGroups` takes VariableGroup ids
 * (numeric strings are converted). `name` is required by this binding: the provider would otherwise
 * append a random suffix. Pull-request triggers do not apply to Azure Repos Git: use
 * BranchPolicyBuildValidation there.
 */
export class BuildDefinition extends pulumi.CustomResource {
    /**
     * Get an existing BuildDefinition resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: BuildDefinitionState, opts?: pulumi.CustomResourceOptions): BuildDefinition {
        return new BuildDefinition(name, <any>state, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/buildDefinition:BuildDefinition';

    /** True if `obj` is a BuildDefinition, even when several copies of the Pulumi SDK are loaded. */
    public static isInstance(obj: any): obj is BuildDefinition {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === BuildDefinition.__pulumiType;
    }

    declare public readonly agentPoolName: pulumi.Output<string | undefined>;
    declare public readonly agentSpecification: pulumi.Output<string | undefined>;
    declare public readonly buildCompletionTriggers: pulumi.Output<outputs.BuildDefinitionBuildCompletionTrigger[] | undefined>;
    declare public readonly ciTrigger: pulumi.Output<outputs.BuildDefinitionCiTrigger | undefined>;
    declare public readonly features: pulumi.Output<outputs.BuildDefinitionFeature[] | undefined>;
    declare public readonly jobAuthorizationScope: pulumi.Output<string | undefined>;
    declare public readonly jobs: pulumi.Output<outputs.BuildDefinitionJob[] | undefined>;
    declare public readonly name: pulumi.Output<string>;
    declare public readonly path: pulumi.Output<string | undefined>;
    declare public readonly projectId: pulumi.Output<string>;
    declare public readonly pullRequestTrigger: pulumi.Output<outputs.BuildDefinitionPullRequestTrigger | undefined>;
    declare public readonly queueStatus: pulumi.Output<string | undefined>;
    declare public readonly repository: pulumi.Output<outputs.BuildDefinitionRepository>;
    declare public readonly revision: pulumi.Output<number>;
    declare public readonly schedules: pulumi.Output<outputs.BuildDefinitionSchedule[] | undefined>;
    declare public readonly variableGroups: pulumi.Output<number[] | undefined>;
    declare public readonly variables: pulumi.Output<outputs.BuildDefinitionVariable[] | undefined>;

    /**
     * Create a BuildDefinition resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: BuildDefinitionArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: BuildDefinitionArgs | BuildDefinitionState, opts?: pulumi.CustomResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as BuildDefinitionState | undefined;
            resourceInputs["agentPoolName"] = state?.agentPoolName;
            resourceInputs["agentSpecification"] = state?.agentSpecification;
            resourceInputs["buildCompletionTriggers"] = state?.buildCompletionTriggers;
            resourceInputs["ciTrigger"] = state?.ciTrigger;
            resourceInputs["features"] = state?.features;
            resourceInputs["jobAuthorizationScope"] = state?.jobAuthorizationScope;
            resourceInputs["jobs"] = state?.jobs;
            resourceInputs["name"] = state?.name;
            resourceInputs["path"] = state?.path;
            resourceInputs["projectId"] = state?.projectId;
            resourceInputs["pullRequestTrigger"] = state?.pullRequestTrigger;
            resourceInputs["queueStatus"] = state?.queueStatus;
            resourceInputs["repository"] = state?.repository;
            resourceInputs["revision"] = state?.revision;
            resourceInputs["schedules"] = state?.schedules;
            resourceInputs["variableGroups"] = state?.variableGroups;
            resourceInputs["variables"] = state?.variables;
        } else {
            const args = argsOrState as BuildDefinitionArgs | undefined;
            if (args?.projectId === undefined && !opts.urn) {
                throw new Error("Missing required property 'projectId'");
            }
            if (args?.repository === undefined && !opts.urn) {
                throw new Error("Missing required property 'repository'");
            }
            resourceInputs["agentPoolName"] = args?.agentPoolName;
            resourceInputs["agentSpecification"] = args?.agentSpecification;
            resourceInputs["buildCompletionTriggers"] = args?.buildCompletionTriggers;
            resourceInputs["ciTrigger"] = args?.ciTrigger;
            resourceInputs["features"] = args?.features;
            resourceInputs["jobAuthorizationScope"] = args?.jobAuthorizationScope;
            resourceInputs["jobs"] = args?.jobs;
            resourceInputs["name"] = args?.name;
            resourceInputs["path"] = args?.path;
            resourceInputs["projectId"] = args?.projectId;
            resourceInputs["pullRequestTrigger"] = args?.pullRequestTrigger;
            resourceInputs["queueStatus"] = args?.queueStatus;
            resourceInputs["repository"] = args?.repository;
            resourceInputs["schedules"] = args?.schedules;
            resourceInputs["variableGroups"] = args?.variableGroups;
            resourceInputs["variables"] = args?.variables;
            resourceInputs["revision"] = undefined;
            resourceInputs = utilities.prepareInputs(BuildDefinition.__pulumiType, name, resourceInputs, opts, {
                explicitName: "name",
                secretPaths: ["variables[].secretValue"],
                integerPaths: [
                    "buildCompletionTriggers[].buildDefinitionId",
                    "ciTrigger.override.maxConcurrentBuildsPerBranch",
                    "ciTrigger.override.pollingInterval",
                    "jobs[].jobCancelTimeoutInMinutes",
                    "jobs[].jobTimeoutInMinutes",
                    "jobs[].target.executionOptions.maxConcurrency",
                    "schedules[].startHours",
                    "schedules[].startMinutes",
                    "variableGroups[]",
                ],
            });
        }
        opts = utilities.withPluginVersion(opts);
        super(BuildDefinition.__pulumiType, name, resourceInputs, opts);
    }
}

/** Input properties used for looking up and filtering BuildDefinition resources. */
export interface BuildDefinitionState {
    agentPoolName?: pulumi.Input<string>;
    agentSpecification?: pulumi.Input<string>;
    buildCompletionTriggers?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionBuildCompletionTrigger>[]>;
    ciTrigger?: pulumi.Input<inputs.BuildDefinitionCiTrigger>;
    features?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionFeature>[]>;
    jobAuthorizationScope?: pulumi.Input<string>;
    jobs?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionJob>[]>;
    name?: pulumi.Input<string>;
    path?: pulumi.Input<string>;
    projectId?: pulumi.Input<string>;
    pullRequestTrigger?: pulumi.Input<inputs.BuildDefinitionPullRequestTrigger>;
    queueStatus?: pulumi.Input<string>;
    repository?: pulumi.Input<inputs.BuildDefinitionRepository>;
    revision?: pulumi.Input<number>;
    schedules?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionSchedule>[]>;
    variableGroups?: pulumi.Input<pulumi.Input<number>[]>;
    variables?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionVariable>[]>;
}

/** The set of arguments for constructing a BuildDefinition resource. */
export interface BuildDefinitionArgs {
    agentPoolName?: pulumi.Input<string>;
    agentSpecification?: pulumi.Input<string>;
    buildCompletionTriggers?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionBuildCompletionTrigger>[]>;
    ciTrigger?: pulumi.Input<inputs.BuildDefinitionCiTrigger>;
    features?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionFeature>[]>;
    jobAuthorizationScope?: pulumi.Input<string>;
    jobs?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionJob>[]>;
    name?: pulumi.Input<string>;
    path?: pulumi.Input<string>;
    projectId: pulumi.Input<string>;
    pullRequestTrigger?: pulumi.Input<inputs.BuildDefinitionPullRequestTrigger>;
    queueStatus?: pulumi.Input<string>;
    repository: pulumi.Input<inputs.BuildDefinitionRepository>;
    schedules?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionSchedule>[]>;
    variableGroups?: pulumi.Input<pulumi.Input<number>[]>;
    variables?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionVariable>[]>;
}

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Authorizes one pipeline (`pipelineId`) or, without it, all pipelines to use a protected resource
 * (`type`: `endpoint`, `queue`, `variablegroup`, `environment` or `repository`).
 *
 * `pipelineId` is an integer in the schema; a BuildDefinition's numeric string `id` is converted.
 */
export class PipelineAuthorization extends pulumi.CustomResource {
    /**
     * Get an existing PipelineAuthorization resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: PipelineAuthorizationState, opts?: pulumi.CustomResourceOptions): PipelineAuthorization {
        return new PipelineAuthorization(name, <any>state, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/pipelineAuthorization:PipelineAuthorization';

    /** True if `obj` is a PipelineAuthorization, even when several copies of the Pulumi SDK are loaded. */
    public static isInstance(obj: any): obj is PipelineAuthorization {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === PipelineAuthorization.__pulumiType;
    }

    declare public readonly pipelineId: pulumi.Output<number | undefined>;
    declare public readonly pipelineProjectId: pulumi.Output<string | undefined>;
    declare public readonly projectId: pulumi.Output<string>;
    declare public readonly resourceId: pulumi.Output<string>;
    declare public readonly type: pulumi.Output<string>;

    /**
     * Create a PipelineAuthorization resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: PipelineAuthorizationArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: PipelineAuthorizationArgs | PipelineAuthorizationState, opts?: pulumi.CustomResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as PipelineAuthorizationState | undefined;
            resourceInputs["pipelineId"] = state?.pipelineId;
            resourceInputs["pipelineProjectId"] = state?.pipelineProjectId;
            resourceInputs["projectId"] = state?.projectId;
            resourceInputs["resourceId"] = state?.resourceId;
            resourceInputs["type"] = state?.type;
        } else {
            const args = argsOrState as PipelineAuthorizationArgs | undefined;
            if (args?.projectId === undefined && !opts.urn) {
                throw new Error("Missing required property 'projectId'");
            }
            if (args?.resourceId === undefined && !opts.urn) {
                throw new Error("Missing required property 'resourceId'");
            }
            if (args?.type === undefined && !opts.urn) {
                throw new Error("Missing required property 'type'");
            }
            resourceInputs["pipelineId"] = args?.pipelineId;
            resourceInputs["pipelineProjectId"] = args?.pipelineProjectId;
            resourceInputs["projectId"] = args?.projectId;
            resourceInputs["resourceId"] = args?.resourceId;
            resourceInputs["type"] = args?.type;
            resourceInputs = utilities.prepareInputs(PipelineAuthorization.__pulumiType, name, resourceInputs, opts, {
                integerPaths: ["pipelineId"],
            });
        }
        opts = utilities.withPluginVersion(opts);
        super(PipelineAuthorization.__pulumiType, name, resourceInputs, opts);
    }
}

/** Input properties used for looking up and filtering PipelineAuthorization resources. */
export interface PipelineAuthorizationState {
    pipelineId?: pulumi.Input<number>;
    pipelineProjectId?: pulumi.Input<string>;
    projectId?: pulumi.Input<string>;
    resourceId?: pulumi.Input<string>;
    type?: pulumi.Input<string>;
}

/** The set of arguments for constructing a PipelineAuthorization resource. */
export interface PipelineAuthorizationArgs {
    pipelineId?: pulumi.Input<number>;
    pipelineProjectId?: pulumi.Input<string>;
    projectId: pulumi.Input<string>;
    resourceId: pulumi.Input<string>;
    type: pulumi.Input<string>;
}

import * as pulumi from "@pulumi/pulumi";
import * as inputs from "./types/input";
import * as outputs from "./types/output";
import * as utilities from "./utilities";

/**
 * A required-template check: the run's YAML must extend one of `requiredTemplates`.
 *
 * Protects the resource named by `targetResourceType` (`environment`, `endpoint`, `queue`,
 * `repository`, `securefile`, `variablegroup`) and `targetResourceId` (for an environment: its `id`).
 * The provider cannot import checks.
 */
export class CheckRequiredTemplate extends pulumi.CustomResource {
    /**
     * Get an existing CheckRequiredTemplate resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: CheckRequiredTemplateState, opts?: pulumi.CustomResourceOptions): CheckRequiredTemplate {
        return new CheckRequiredTemplate(name, <any>state, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/checkRequiredTemplate:CheckRequiredTemplate';

    /** True if `obj` is a CheckRequiredTemplate, even when several copies of the Pulumi SDK are loaded. */
    public static isInstance(obj: any): obj is CheckRequiredTemplate {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === CheckRequiredTemplate.__pulumiType;
    }

    declare public readonly projectId: pulumi.Output<string>;
    declare public readonly requiredTemplates: pulumi.Output<outputs.CheckRequiredTemplateRequiredTemplate[]>;
    declare public readonly targetResourceId: pulumi.Output<string>;
    declare public readonly targetResourceType: pulumi.Output<string>;
    declare public readonly version: pulumi.Output<number>;

    /**
     * Create a CheckRequiredTemplate resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: CheckRequiredTemplateArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: CheckRequiredTemplateArgs | CheckRequiredTemplateState, opts?: pulumi.CustomResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as CheckRequiredTemplateState | undefined;
            resourceInputs["projectId"] = state?.projectId;
            resourceInputs["requiredTemplates"] = state?.requiredTemplates;
            resourceInputs["targetResourceId"] = state?.targetResourceId;
            resourceInputs["targetResourceType"] = state?.targetResourceType;
            resourceInputs["version"] = state?.version;
        } else {
            const args = argsOrState as CheckRequiredTemplateArgs | undefined;
            if (args?.projectId === undefined && !opts.urn) {
                throw new Error("Missing required property 'projectId'");
            }
            if (args?.requiredTemplates === undefined && !opts.urn) {
                throw new Error("Missing required property 'requiredTemplates'");
            }
            if (args?.targetResourceId === undefined && !opts.urn) {
                throw new Error("Missing required property 'targetResourceId'");
            }
            if (args?.targetResourceType === undefined && !opts.urn) {
                throw new Error("Missing required property 'targetResourceType'");
            }
            resourceInputs["projectId"] = args?.projectId;
            resourceInputs["requiredTemplates"] = args?.requiredTemplates;
            resourceInputs["targetResourceId"] = args?.targetResourceId;
            resourceInputs["targetResourceType"] = args?.targetResourceType;
            resourceInputs["version"] = undefined;
        }
        opts = utilities.withPluginVersion(opts);
        super(CheckRequiredTemplate.__pulumiType, name, resourceInputs, opts);
    }
}

/** Input properties used for looking up and filtering CheckRequiredTemplate resources. */
export interface CheckRequiredTemplateState {
    projectId?: pulumi.Input<string>;
    requiredTemplates?: pulumi.Input<pulumi.Input<inputs.CheckRequiredTemplateRequiredTemplate>[]>;
    targetResourceId?: pulumi.Input<string>;
    targetResourceType?: pulumi.Input<string>;
    version?: pulumi.Input<number>;
}

/** The set of arguments for constructing a CheckRequiredTemplate resource. */
export interface CheckRequiredTemplateArgs {
    projectId: pulumi.Input<string>;
    requiredTemplates: pulumi.Input<pulumi.Input<inputs.CheckRequiredTemplateRequiredTemplate>[]>;
    targetResourceId: pulumi.Input<string>;
    targetResourceType: pulumi.Input<string>;
}

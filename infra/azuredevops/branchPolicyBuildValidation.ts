import * as pulumi from "@pulumi/pulumi";
import * as inputs from "./types/input";
import * as outputs from "./types/output";
import * as utilities from "./utilities";

/**
 * A branch policy that queues `settings.buildDefinitionId` for every pull request (numeric string ids are converted).
 *
 * `settings.scopes` selects the branches: `matchType` `Exact` (default, with a full `repositoryRef`),
 * `Prefix` or `DefaultBranch` (then leave out `repositoryRef` and `repositoryId`); no `repositoryId`
 * means every repository of the project.
 */
export class BranchPolicyBuildValidation extends pulumi.CustomResource {
    /**
     * Get an existing BranchPolicyBuildValidation resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: BranchPolicyBuildValidationState, opts?: pulumi.CustomResourceOptions): BranchPolicyBuildValidation {
        return new BranchPolicyBuildValidation(name, <any>state, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/branchPolicyBuildValidation:BranchPolicyBuildValidation';

    /** True if `obj` is a BranchPolicyBuildValidation, even when several copies of the Pulumi SDK are loaded. */
    public static isInstance(obj: any): obj is BranchPolicyBuildValidation {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === BranchPolicyBuildValidation.__pulumiType;
    }

    declare public readonly blocking: pulumi.Output<boolean | undefined>;
    declare public readonly enabled: pulumi.Output<boolean | undefined>;
    declare public readonly projectId: pulumi.Output<string>;
    declare public readonly settings: pulumi.Output<outputs.BranchPolicyBuildValidationSettings>;

    /**
     * Create a BranchPolicyBuildValidation resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: BranchPolicyBuildValidationArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: BranchPolicyBuildValidationArgs | BranchPolicyBuildValidationState, opts?: pulumi.CustomResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as BranchPolicyBuildValidationState | undefined;
            resourceInputs["blocking"] = state?.blocking;
            resourceInputs["enabled"] = state?.enabled;
            resourceInputs["projectId"] = state?.projectId;
            resourceInputs["settings"] = state?.settings;
        } else {
            const args = argsOrState as BranchPolicyBuildValidationArgs | undefined;
            if (args?.projectId === undefined && !opts.urn) {
                throw new Error("Missing required property 'projectId'");
            }
            if (args?.settings === undefined && !opts.urn) {
                throw new Error("Missing required property 'settings'");
            }
            resourceInputs["blocking"] = args?.blocking;
            resourceInputs["enabled"] = args?.enabled;
            resourceInputs["projectId"] = args?.projectId;
            resourceInputs["settings"] = args?.settings;
            resourceInputs = utilities.prepareInputs(BranchPolicyBuildValidation.__pulumiType, name, resourceInputs, opts, {
                integerPaths: ["settings.buildDefinitionId", "settings.validDuration"],
            });
        }
        opts = utilities.withPluginVersion(opts);
        super(BranchPolicyBuildValidation.__pulumiType, name, resourceInputs, opts);
    }
}

/** Input properties used for looking up and filtering BranchPolicyBuildValidation resources. */
export interface BranchPolicyBuildValidationState {
    blocking?: pulumi.Input<boolean>;
    enabled?: pulumi.Input<boolean>;
    projectId?: pulumi.Input<string>;
    settings?: pulumi.Input<inputs.BranchPolicyBuildValidationSettings>;
}

/** The set of arguments for constructing a BranchPolicyBuildValidation resource. */
export interface BranchPolicyBuildValidationArgs {
    blocking?: pulumi.Input<boolean>;
    enabled?: pulumi.Input<boolean>;
    projectId: pulumi.Input<string>;
    settings: pulumi.Input<inputs.BranchPolicyBuildValidationSettings>;
}

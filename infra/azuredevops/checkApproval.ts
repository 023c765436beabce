import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * An approval check. `approvers` are Azure DevOps identity ids (not Entra object ids).
 *
 * Protects the resource named by `targetResourceType` (`environment`, `endpoint`, `queue`,
 * `repository`, `securefile`, `variablegroup`) and `targetResourceId` (for an environment: its `id`).
 * The provider cannot import checks.
 */
export class CheckApproval extends pulumi.CustomResource {
    /**
     * Get an existing CheckApproval resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: CheckApprovalState, opts?: pulumi.CustomResourceOptions): CheckApproval {
        return new CheckApproval(name, <any>state, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/checkApproval:CheckApproval';

    /** True if `obj` is a CheckApproval, even when several copies of the Pulumi SDK are loaded. */
    public static isInstance(obj: any): obj is CheckApproval {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === CheckApproval.__pulumiType;
    }

    declare public readonly approvers: pulumi.Output<string[]>;
    declare public readonly instructions: pulumi.Output<string | undefined>;
    declare public readonly minimumRequiredApprovers: pulumi.Output<number | undefined>;
    declare public readonly projectId: pulumi.Output<string>;
    declare public readonly requesterCanApprove: pulumi.Output<boolean | undefined>;
    declare public readonly targetResourceId: pulumi.Output<string>;
    declare public readonly targetResourceType: pulumi.Output<string>;
    declare public readonly timeout: pulumi.Output<number | undefined>;
    declare public readonly version: pulumi.Output<number>;

    /**
     * Create a CheckApproval resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: CheckApprovalArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: CheckApprovalArgs | CheckApprovalState, opts?: pulumi.CustomResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as CheckApprovalState | undefined;
            resourceInputs["approvers"] = state?.approvers;
            resourceInputs["instructions"] = state?.instructions;
            resourceInputs["minimumRequiredApprovers"] = state?.minimumRequiredApprovers;
            resourceInputs["projectId"] = state?.projectId;
            resourceInputs["requesterCanApprove"] = state?.requesterCanApprove;
            resourceInputs["targetResourceId"] = state?.targetResourceId;
            resourceInputs["targetResourceType"] = state?.targetResourceType;
            resourceInputs["timeout"] = state?.timeout;
            resourceInputs["version"] = state?.version;
        } else {
            const args = argsOrState as CheckApprovalArgs | undefined;
            if (args?.approvers === undefined && !opts.urn) {
                throw new Error("Missing required property 'approvers'");
            }
            if (args?.projectId === undefined && !opts.urn) {
                throw new Error("Missing required property 'projectId'");
            }
            if (args?.targetResourceId === undefined && !opts.urn) {
                throw new Error("Missing required property 'targetResourceId'");
            }
            if (args?.targetResourceType === undefined && !opts.urn) {
                throw new Error("Missing required property 'targetResourceType'");
            }
            resourceInputs["approvers"] = args?.approvers;
            resourceInputs["instructions"] = args?.instructions;
            resourceInputs["minimumRequiredApprovers"] = args?.minimumRequiredApprovers;
            resourceInputs["projectId"] = args?.projectId;
            resourceInputs["requesterCanApprove"] = args?.requesterCanApprove;
            resourceInputs["targetResourceId"] = args?.targetResourceId;
            resourceInputs["targetResourceType"] = args?.targetResourceType;
            resourceInputs["timeout"] = args?.timeout;
            resourceInputs["version"] = undefined;
            resourceInputs = utilities.prepareInputs(CheckApproval.__pulumiType, name, resourceInputs, opts, {
                integerPaths: ["minimumRequiredApprovers", "timeout"],
            });
        }
        opts = utilities.withPluginVersion(opts);
        super(CheckApproval.__pulumiType, name, resourceInputs, opts);
    }
}

/** Input properties used for looking up and filtering CheckApproval resources. */
export interface CheckApprovalState {
    approvers?: pulumi.Input<pulumi.Input<string>[]>;
    instructions?: pulumi.Input<string>;
    minimumRequiredApprovers?: pulumi.Input<number>;
    projectId?: pulumi.Input<string>;
    requesterCanApprove?: pulumi.Input<boolean>;
    targetResourceId?: pulumi.Input<string>;
    targetResourceType?: pulumi.Input<string>;
    timeout?: pulumi.Input<number>;
    version?: pulumi.Input<number>;
}

/** The set of arguments for constructing a CheckApproval resource. */
export interface CheckApprovalArgs {
    approvers: pulumi.Input<pulumi.Input<string>[]>;
    instructions?: pulumi.Input<string>;
    minimumRequiredApprovers?: pulumi.Input<number>;
    projectId: pulumi.Input<string>;
    requesterCanApprove?: pulumi.Input<boolean>;
    targetResourceId: pulumi.Input<string>;
    targetResourceType: pulumi.Input<string>;
    timeout?: pulumi.Input<number>;
}

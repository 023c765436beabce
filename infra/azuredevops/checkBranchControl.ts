import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * A branch-control check. `allowedBranches` is one comma-separated string, e.g. `refs/heads/main, refs/tags/v*`.
 *
 * Protects the resource named by `targetResourceType` (`environment`, `endpoint`, `queue`,
 * `repository`, `securefile`, `variablegroup`) and `targetResourceId` (for an environment: its `id`).
 * The provider cannot import checks.
 */
export class CheckBranchControl extends pulumi.CustomResource {
    /**
     * Get an existing CheckBranchControl resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: CheckBranchControlState, opts?: pulumi.CustomResourceOptions): CheckBranchControl {
        return new CheckBranchControl(name, <any>state, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/checkBranchControl:CheckBranchControl';

    /** True if `obj` is a CheckBranchControl, even when several copies of the Pulumi SDK are loaded. */
    public static isInstance(obj: any): obj is CheckBranchControl {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === CheckBranchControl.__pulumiType;
    }

    declare public readonly allowedBranches: pulumi.Output<string | undefined>;
    declare public readonly displayName: pulumi.Output<string | undefined>;
    declare public readonly ignoreUnknownProtectionStatus: pulumi.Output<boolean | undefined>;
    declare public readonly projectId: pulumi.Output<string>;
    declare public readonly targetResourceId: pulumi.Output<string>;
    declare public readonly targetResourceType: pulumi.Output<string>;
    declare public readonly timeout: pulumi.Output<number | undefined>;
    declare public readonly verifyBranchProtection: pulumi.Output<boolean | undefined>;
    declare public readonly version: pulumi.Output<number>;

    /**
     * Create a CheckBranchControl resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: CheckBranchControlArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: CheckBranchControlArgs | CheckBranchControlState, opts?: pulumi.CustomResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as CheckBranchControlState | undefined;
            resourceInputs["allowedBranches"] = state?.allowedBranches;
            resourceInputs["displayName"] = state?.displayName;
            resourceInputs["ignoreUnknownProtectionStatus"] = state?.ignoreUnknownProtectionStatus;
            resourceInputs["projectId"] = state?.projectId;
            resourceInputs["targetResourceId"] = state?.targetResourceId;
            resourceInputs["targetResourceType"] = state?.targetResourceType;
            resourceInputs["timeout"] = state?.timeout;
            resourceInputs["verifyBranchProtection"] = state?.verifyBranchProtection;
            resourceInputs["version"] = state?.version;
        } else {
            const args = argsOrState as CheckBranchControlArgs | undefined;
            if (args?.projectId === undefined && !opts.urn) {
                throw new Error("Missing required property 'projectId'");
            }
            if (args?.targetResourceId === undefined && !opts.urn) {
                throw new Error("Missing required property 'targetResourceId'");
            }
            if (args?.targetResourceType === undefined && !opts.urn) {
                throw new Error("Missing required property 'targetResourceType'");
            }
            resourceInputs["allowedBranches"] = args?.allowedBranches;
            resourceInputs["displayName"] = args?.displayName;
            resourceInputs["ignoreUnknownProtectionStatus"] = args?.ignoreUnknownProtectionStatus;
            resourceInputs["projectId"] = args?.projectId;
            resourceInputs["targetResourceId"] = args?.targetResourceId;
            resourceInputs["targetResourceType"] = args?.targetResourceType;
            resourceInputs["timeout"] = args?.timeout;
            resourceInputs["verifyBranchProtection"] = args?.verifyBranchProtection;
            resourceInputs["version"] = undefined;
            resourceInputs = utilities.prepareInputs(CheckBranchControl.__pulumiType, name, resourceInputs, opts, {
                integerPaths: ["timeout"],
            });
        }
        opts = utilities.withPluginVersion(opts);
        super(CheckBranchControl.__pulumiType, name, resourceInputs, opts);
    }
}

/** Input properties used for looking up and filtering CheckBranchControl resources. */
export interface CheckBranchControlState {
    allowedBranches?: pulumi.Input<string>;
    displayName?: pulumi.Input<string>;
    ignoreUnknownProtectionStatus?: pulumi.Input<boolean>;
    projectId?: pulumi.Input<string>;
    targetResourceId?: pulumi.Input<string>;
    targetResourceType?: pulumi.Input<string>;
    timeout?: pulumi.Input<number>;
    verifyBranchProtection?: pulumi.Input<boolean>;
    version?: pulumi.Input<number>;
}

/** The set of arguments for constructing a CheckBranchControl resource. */
export interface CheckBranchControlArgs {
    allowedBranches?: pulumi.Input<string>;
    displayName?: pulumi.Input<string>;
    ignoreUnknownProtectionStatus?: pulumi.Input<boolean>;
    projectId: pulumi.Input<string>;
    targetResourceId: pulumi.Input<string>;
    targetResourceType: pulumi.Input<string>;
    timeout?: pulumi.Input<number>;
    verifyBranchProtection?: pulumi.Input<boolean>;
}

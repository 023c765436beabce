import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * An exclusive-lock check: one run at a time uses the protected resource.
 *
 * Protects the resource named by `targetResourceType` (`environment`, `endpoint`, `queue`,
 * `repository`, `securefile`, `variablegroup`) and `targetResourceId` (for an environment: its `id`).
 * The provider cannot import checks.
 */
export class CheckExclusiveLock extends pulumi.CustomResource {
    /**
     * Get an existing CheckExclusiveLock resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: CheckExclusiveLockState, opts?: pulumi.CustomResourceOptions): CheckExclusiveLock {
        return new CheckExclusiveLock(name, <any>state, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/checkExclusiveLock:CheckExclusiveLock';

    /** True if `obj` is a CheckExclusiveLock, even when several copies of the Pulumi SDK are loaded. */
    public static isInstance(obj: any): obj is CheckExclusiveLock {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === CheckExclusiveLock.__pulumiType;
    }

    declare public readonly projectId: pulumi.Output<string>;
    declare public readonly targetResourceId: pulumi.Output<string>;
    declare public readonly targetResourceType: pulumi.Output<string>;
    declare public readonly timeout: pulumi.Output<number | undefined>;
    declare public readonly version: pulumi.Output<number>;

    /**
     * Create a CheckExclusiveLock resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: CheckExclusiveLockArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: CheckExclusiveLockArgs | CheckExclusiveLockState, opts?: pulumi.CustomResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as CheckExclusiveLockState | undefined;
            resourceInputs["projectId"] = state?.projectId;
            resourceInputs["targetResourceId"] = state?.targetResourceId;
            resourceInputs["targetResourceType"] = state?.targetResourceType;
            resourceInputs["timeout"] = state?.timeout;
            resourceInputs["version"] = state?.version;
        } else {
            const args = argsOrState as CheckExclusiveLockArgs | undefined;
            if (args?.projectId === undefined && !opts.urn) {
                throw new Error("Missing required property 'projectId'");
            }
            if (args?.targetResourceId === undefined && !opts.urn) {
                throw new Error("Missing required property 'targetResourceId'");
            }
            if (args?.targetResourceType === undefined && !opts.urn) {
                throw new Error("Missing required property 'targetResourceType'");
            }
            resourceInputs["projectId"] = args?.projectId;
            resourceInputs["targetResourceId"] = args?.targetResourceId;
            resourceInputs["targetResourceType"] = args?.targetResourceType;
            resourceInputs["timeout"] = args?.timeout;
            resourceInputs["version"] = undefined;
            resourceInputs = utilities.prepareInputs(CheckExclusiveLock.__pulumiType, name, resourceInputs, opts, {
                integerPaths: ["timeout"],
            });
        }
        opts = utilities.withPluginVersion(opts);
        super(CheckExclusiveLock.__pulumiType, name, resourceInputs, opts);
    }
}

/** Input properties used for looking up and filtering CheckExclusiveLock resources. */
export interface CheckExclusiveLockState {
    projectId?: pulumi.Input<string>;
    targetResourceId?: pulumi.Input<string>;
    targetResourceType?: pulumi.Input<string>;
    timeout?: pulumi.Input<number>;
    version?: pulumi.Input<number>;
}

/** The set of arguments for constructing a CheckExclusiveLock resource. */
export interface CheckExclusiveLockArgs {
    projectId: pulumi.Input<string>;
    targetResourceId: pulumi.Input<string>;
    targetResourceType: pulumi.Input<string>;
    timeout?: pulumi.Input<number>;
}

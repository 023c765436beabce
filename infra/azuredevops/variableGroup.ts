import * as pulumi from "@pulumi/pulumi";
import * as inputs from "./types/input";
import * as outputs from "./types/output";
import * as utilities from "./utilities";

/**
 * A pipeline variable group, optionally linked to a Key Vault (`keyVault`; then each variable gives only
 * the secret's `name`).
 *
 * `variables[].secretValue` is sent as a secret by this binding (the generated SDK leaves it plain).
 * `name` is required by this binding: the provider would otherwise append a random suffix.
 */
export class VariableGroup extends pulumi.CustomResource {
    /**
     * Get an existing VariableGroup resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: VariableGroupState, opts?: pulumi.CustomResourceOptions): VariableGroup {
        return new VariableGroup(name, <any>state, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/variableGroup:VariableGroup';

    /** True if `obj` is a VariableGroup, even when several copies of the Pulumi SDK are loaded. */
    public static isInstance(obj: any): obj is VariableGroup {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === VariableGroup.__pulumiType;
    }

    declare public readonly allowAccess: pulumi.Output<boolean | undefined>;
    declare public readonly description: pulumi.Output<string | undefined>;
    declare public readonly keyVault: pulumi.Output<outputs.VariableGroupKeyVault | undefined>;
    declare public readonly name: pulumi.Output<string>;
    declare public readonly projectId: pulumi.Output<string>;
    declare public readonly variables: pulumi.Output<outputs.VariableGroupVariable[]>;

    /**
     * Create a VariableGroup resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: VariableGroupArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: VariableGroupArgs | VariableGroupState, opts?: pulumi.CustomResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as VariableGroupState | undefined;
            resourceInputs["allowAccess"] = state?.allowAccess;
            resourceInputs["description"] = state?.description;
            resourceInputs["keyVault"] = state?.keyVault;
            resourceInputs["name"] = state?.name;
            resourceInputs["projectId"] = state?.projectId;
            resourceInputs["variables"] = state?.variables;
        } else {
            const args = argsOrState as VariableGroupArgs | undefined;
            if (args?.projectId === undefined && !opts.urn) {
                throw new Error("Missing required property 'projectId'");
            }
            if (args?.variables === undefined && !opts.urn) {
                throw new Error("Missing required property 'variables'");
            }
            resourceInputs["allowAccess"] = args?.allowAccess;
            resourceInputs["description"] = args?.description;
            resourceInputs["keyVault"] = args?.keyVault;
            resourceInputs["name"] = args?.name;
            resourceInputs["projectId"] = args?.projectId;
            resourceInputs["variables"] = args?.variables;
            resourceInputs = utilities.prepareInputs(VariableGroup.__pulumiType, name, resourceInputs, opts, {
                explicitName: "name",
                secretPaths: ["variables[].secretValue"],
                integerPaths: ["keyVault.searchDepth"],
            });
        }
        opts = utilities.withPluginVersion(opts);
        super(VariableGroup.__pulumiType, name, resourceInputs, opts);
    }
}

/** Input properties used for looking up and filtering VariableGroup resources. */
export interface VariableGroupState {
    allowAccess?: pulumi.Input<boolean>;
    description?: pulumi.Input<string>;
    keyVault?: pulumi.Input<inputs.VariableGroupKeyVault>;
    name?: pulumi.Input<string>;
    projectId?: pulumi.Input<string>;
    variables?: pulumi.Input<pulumi.Input<inputs.VariableGroupVariable>[]>;
}

/** The set of arguments for constructing a VariableGroup resource. */
export interface VariableGroupArgs {
    allowAccess?: pulumi.Input<boolean>;
    description?: pulumi.Input<string>;
    keyVault?: pulumi.Input<inputs.VariableGroupKeyVault>;
    name?: pulumi.Input<string>;
    projectId: pulumi.Input<string>;
    variables: pulumi.Input<pulumi.Input<inputs.VariableGroupVariable>[]>;
}

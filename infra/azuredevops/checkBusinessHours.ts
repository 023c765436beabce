import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * A business-hours check: `startTime`/`endTime` as `HH:MM` (24 h) in the Windows time zone `timeZone`; days default to false.
 *
 * Protects the resource named by `targetResourceType` (`environment`, `endpoint`, `queue`,
 * `repository`, `securefile`, `variablegroup`) and `targetResourceId` (for an environment: its `id`).
 * The provider cannot import checks.
 */
export class CheckBusinessHours extends pulumi.CustomResource {
    /**
     * Get an existing CheckBusinessHours resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: CheckBusinessHoursState, opts?: pulumi.CustomResourceOptions): CheckBusinessHours {
        return new CheckBusinessHours(name, <any>state, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/checkBusinessHours:CheckBusinessHours';

    /** True if `obj` is a CheckBusinessHours, even when several copies of the Pulumi SDK are loaded. */
    public static isInstance(obj: any): obj is CheckBusinessHours {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === CheckBusinessHours.__pulumiType;
    }

    declare public readonly displayName: pulumi.Output<string | undefined>;
    declare public readonly endTime: pulumi.Output<string>;
    declare public readonly friday: pulumi.Output<boolean | undefined>;
    declare public readonly monday: pulumi.Output<boolean | undefined>;
    declare public readonly projectId: pulumi.Output<string>;
    declare public readonly saturday: pulumi.Output<boolean | undefined>;
    declare public readonly startTime: pulumi.Output<string>;
    declare public readonly sunday: pulumi.Output<boolean | undefined>;
    declare public readonly targetResourceId: pulumi.Output<string>;
    declare public readonly targetResourceType: pulumi.Output<string>;
    declare public readonly thursday: pulumi.Output<boolean | undefined>;
    declare public readonly timeZone: pulumi.Output<string>;
    declare public readonly timeout: pulumi.Output<number | undefined>;
    declare public readonly tuesday: pulumi.Output<boolean | undefined>;
    declare public readonly version: pulumi.Output<number>;
    declare public readonly wednesday: pulumi.Output<boolean | undefined>;

    /**
     * Create a CheckBusinessHours resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: CheckBusinessHoursArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: CheckBusinessHoursArgs | CheckBusinessHoursState, opts?: pulumi.CustomResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as CheckBusinessHoursState | undefined;
            resourceInputs["displayName"] = state?.displayName;
            resourceInputs["endTime"] = state?.endTime;
            resourceInputs["friday"] = state?.friday;
            resourceInputs["monday"] = state?.monday;
            resourceInputs["projectId"] = state?.projectId;
            resourceInputs["saturday"] = state?.saturday;
            resourceInputs["startTime"] = state?.startTime;
            resourceInputs["sunday"] = state?.sunday;
            resourceInputs["targetResourceId"] = state?.targetResourceId;
            resourceInputs["targetResourceType"] = state?.targetResourceType;
            resourceInputs["thursday"] = state?.thursday;
            resourceInputs["timeZone"] = state?.timeZone;
            resourceInputs["timeout"] = state?.timeout;
            resourceInputs["tuesday"] = state?.tuesday;
            resourceInputs["version"] = state?.version;
            resourceInputs["wednesday"] = state?.wednesday;
        } else {
            const args = argsOrState as CheckBusinessHoursArgs | undefined;
            if (args?.endTime === undefined && !opts.urn) {
                throw new Error("Missing required property 'endTime'");
            }
            if (args?.projectId === undefined && !opts.urn) {
                throw new Error("Missing required property 'projectId'");
            }
            if (args?.startTime === undefined && !opts.urn) {
                throw new Error("Missing required property 'startTime'");
            }
            if (args?.targetResourceId === undefined && !opts.urn) {
                throw new Error("Missing required property 'targetResourceId'");
            }
            if (args?.targetResourceType === undefined && !opts.urn) {
                throw new Error("Missing required property 'targetResourceType'");
            }
            if (args?.timeZone === undefined && !opts.urn) {
                throw new Error("Missing required property 'timeZone'");
            }
            resourceInputs["displayName"] = args?.displayName;
            resourceInputs["endTime"] = args?.endTime;
            resourceInputs["friday"] = args?.friday;
            resourceInputs["monday"] = args?.monday;
            resourceInputs["projectId"] = args?.projectId;
            resourceInputs["saturday"] = args?.saturday;
            resourceInputs["startTime"] = args?.startTime;
            resourceInputs["sunday"] = args?.sunday;
            resourceInputs["targetResourceId"] = args?.targetResourceId;
            resourceInputs["targetResourceType"] = args?.targetResourceType;
            resourceInputs["thursday"] = args?.thursday;
            resourceInputs["timeZone"] = args?.timeZone;
            resourceInputs["timeout"] = args?.timeout;
            resourceInputs["tuesday"] = args?.tuesday;
            resourceInputs["wednesday"] = args?.wednesday;
            resourceInputs["version"] = undefined;
            resourceInputs = utilities.prepareInputs(CheckBusinessHours.__pulumiType, name, resourceInputs, opts, {
                integerPaths: ["timeout"],
            });
        }
        opts = utilities.withPluginVersion(opts);
        super(CheckBusinessHours.__pulumiType, name, resourceInputs, opts);
    }
}

/** Input properties used for looking up and filtering CheckBusinessHours resources. */
export interface CheckBusinessHoursState {
    displayName?: pulumi.Input<string>;
    endTime?: pulumi.Input<string>;
    friday?: pulumi.Input<boolean>;
    monday?: pulumi.Input<boolean>;
    projectId?: pulumi.Input<string>;
    saturday?: pulumi.Input<boolean>;
    startTime?: pulumi.Input<string>;
    sunday?: pulumi.Input<boolean>;
    targetResourceId?: pulumi.Input<string>;
    targetResourceType?: pulumi.Input<string>;
    thursday?: pulumi.Input<boolean>;
    timeZone?: pulumi.Input<string>;
    timeout?: pulumi.Input<number>;
    tuesday?: pulumi.Input<boolean>;
    version?: pulumi.Input<number>;
    wednesday?: pulumi.Input<boolean>;
}

/** The set of arguments for constructing a CheckBusinessHours resource. */
export interface CheckBusinessHoursArgs {
    displayName?: pulumi.Input<string>;
    endTime: pulumi.Input<string>;
    friday?: pulumi.Input<boolean>;
    monday?: pulumi.Input<boolean>;
    projectId: pulumi.Input<string>;
    saturday?: pulumi.Input<boolean>;
    startTime: pulumi.Input<string>;
    sunday?: pulumi.Input<boolean>;
    targetResourceId: pulumi.Input<string>;
    targetResourceType: pulumi.Input<string>;
    thursday?: pulumi.Input<boolean>;
    timeZone: pulumi.Input<string>;
    timeout?: pulumi.Input<number>;
    tuesday?: pulumi.Input<boolean>;
    wednesday?: pulumi.Input<boolean>;
}

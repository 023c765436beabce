import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * An incoming-webhook service connection: the trigger source of a YAML `resources.webhooks` entry.
 *
 * Azure DevOps checks nothing but the optional payload checksum (`secret`, carried in `httpHeader`), so
 * a pipeline it triggers must verify what it is told before acting.
 */
export class ServiceendpointIncomingwebhook extends pulumi.CustomResource {
    /**
     * Get an existing ServiceendpointIncomingwebhook resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: ServiceendpointIncomingwebhookState, opts?: pulumi.CustomResourceOptions): ServiceendpointIncomingwebhook {
        return new ServiceendpointIncomingwebhook(name, <any>state, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/serviceendpointIncomingwebhook:ServiceendpointIncomingwebhook';

    /** True if `obj` is a ServiceendpointIncomingwebhook, even when several copies of the Pulumi SDK are loaded. */
    public static isInstance(obj: any): obj is ServiceendpointIncomingwebhook {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === ServiceendpointIncomingwebhook.__pulumiType;
    }

    declare public readonly authorization: pulumi.Output<{[key: string]: string}>;
    declare public readonly description: pulumi.Output<string | undefined>;
    declare public readonly httpHeader: pulumi.Output<string | undefined>;
    declare public readonly projectId: pulumi.Output<string>;
    declare public readonly secret: pulumi.Output<string | undefined>;
    declare public readonly serviceEndpointName: pulumi.Output<string>;
    declare public readonly webhookName: pulumi.Output<string>;

    /**
     * Create a ServiceendpointIncomingwebhook resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: ServiceendpointIncomingwebhookArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: ServiceendpointIncomingwebhookArgs | ServiceendpointIncomingwebhookState, opts?: pulumi.CustomResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as ServiceendpointIncomingwebhookState | undefined;
            resourceInputs["authorization"] = state?.authorization;
            resourceInputs["description"] = state?.description;
            resourceInputs["httpHeader"] = state?.httpHeader;
            resourceInputs["projectId"] = state?.projectId;
            resourceInputs["secret"] = state?.secret;
            resourceInputs["serviceEndpointName"] = state?.serviceEndpointName;
            resourceInputs["webhookName"] = state?.webhookName;
        } else {
            const args = argsOrState as ServiceendpointIncomingwebhookArgs | undefined;
            if (args?.projectId === undefined && !opts.urn) {
                throw new Error("Missing required property 'projectId'");
            }
            if (args?.serviceEndpointName === undefined && !opts.urn) {
                throw new Error("Missing required property 'serviceEndpointName'");
            }
            resourceInputs["description"] = args?.description;
            resourceInputs["httpHeader"] = args?.httpHeader;
            resourceInputs["projectId"] = args?.projectId;
            resourceInputs["secret"] = args?.secret ? pulumi.secret(args.secret) : undefined;
            resourceInputs["serviceEndpointName"] = args?.serviceEndpointName;
            resourceInputs["webhookName"] = args?.webhookName;
            resourceInputs["authorization"] = undefined;
        }
        opts = utilities.withPluginVersion(opts);
        const secretOpts = { additionalSecretOutputs: ["secret"] };
        opts = pulumi.mergeOptions(opts, secretOpts);
        super(ServiceendpointIncomingwebhook.__pulumiType, name, resourceInputs, opts);
    }
}

/** Input properties used for looking up and filtering ServiceendpointIncomingwebhook resources. */
export interface ServiceendpointIncomingwebhookState {
    authorization?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
    description?: pulumi.Input<string>;
    httpHeader?: pulumi.Input<string>;
    projectId?: pulumi.Input<string>;
    secret?: pulumi.Input<string>;
    serviceEndpointName?: pulumi.Input<string>;
    webhookName?: pulumi.Input<string>;
}

/** The set of arguments for constructing a ServiceendpointIncomingwebhook resource. */
export interface ServiceendpointIncomingwebhookArgs {
    description?: pulumi.Input<string>;
    httpHeader?: pulumi.Input<string>;
    projectId: pulumi.Input<string>;
    secret?: pulumi.Input<string>;
    serviceEndpointName: pulumi.Input<string>;
    webhookName?: pulumi.Input<string>;
}

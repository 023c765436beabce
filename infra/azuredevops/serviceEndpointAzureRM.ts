import * as pulumi from "@pulumi/pulumi";
import * as inputs from "./types/input";
import * as outputs from "./types/output";
import * as utilities from "./utilities";

/**
 * An Azure Resource Manager service connection (`azuredevops_serviceendpoint_azurerm`).
 *
 * Workload identity federation without a secret: `serviceEndpointAuthenticationScheme:
 * "WorkloadIdentityFederation"` and `credentials.serviceprincipalid` = the identity's client id, then a
 * federated credential from `workloadIdentityFederationIssuer` / `workloadIdentityFederationSubject`.
 * The subject contains `serviceEndpointName`, so renaming the connection breaks the federation until
 * the credential follows. `credentials.serviceprincipalkey` and `serviceprincipalcertificate` are sent
 * as secrets by this binding (the generated SDK wraps top-level secret inputs only).
 */
export class ServiceEndpointAzureRM extends pulumi.CustomResource {
    /**
     * Get an existing ServiceEndpointAzureRM resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: ServiceEndpointAzureRMState, opts?: pulumi.CustomResourceOptions): ServiceEndpointAzureRM {
        return new ServiceEndpointAzureRM(name, <any>state, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM';

    /** True if `obj` is a ServiceEndpointAzureRM, even when several copies of the Pulumi SDK are loaded. */
    public static isInstance(obj: any): obj is ServiceEndpointAzureRM {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === ServiceEndpointAzureRM.__pulumiType;
    }

    declare public readonly authorization: pulumi.Output<{[key: string]: string}>;
    declare public readonly azurermManagementGroupId: pulumi.Output<string | undefined>;
    declare public readonly azurermManagementGroupName: pulumi.Output<string | undefined>;
    declare public readonly azurermSpnTenantid: pulumi.Output<string>;
    declare public readonly azurermSubscriptionId: pulumi.Output<string | undefined>;
    declare public readonly azurermSubscriptionName: pulumi.Output<string | undefined>;
    declare public readonly credentials: pulumi.Output<outputs.ServiceEndpointAzureRMCredentials | undefined>;
    declare public readonly description: pulumi.Output<string | undefined>;
    declare public readonly environment: pulumi.Output<string | undefined>;
    declare public readonly features: pulumi.Output<outputs.ServiceEndpointAzureRMFeatures | undefined>;
    declare public readonly projectId: pulumi.Output<string>;
    declare public readonly resourceGroup: pulumi.Output<string | undefined>;
    declare public readonly serverUrl: pulumi.Output<string>;
    declare public readonly serviceEndpointAuthenticationScheme: pulumi.Output<string | undefined>;
    declare public readonly serviceEndpointName: pulumi.Output<string>;
    declare public readonly servicePrincipalId: pulumi.Output<string>;
    declare public readonly workloadIdentityFederationIssuer: pulumi.Output<string>;
    declare public readonly workloadIdentityFederationSubject: pulumi.Output<string>;

    /**
     * Create a ServiceEndpointAzureRM resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: ServiceEndpointAzureRMArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: ServiceEndpointAzureRMArgs | ServiceEndpointAzureRMState, opts?: pulumi.CustomResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as ServiceEndpointAzureRMState | undefined;
            resourceInputs["authorization"] = state?.authorization;
            resourceInputs["azurermManagementGroupId"] = state?.azurermManagementGroupId;
            resourceInputs["azurermManagementGroupName"] = state?.azurermManagementGroupName;
            resourceInputs["azurermSpnTenantid"] = state?.azurermSpnTenantid;
            resourceInputs["azurermSubscriptionId"] = state?.azurermSubscriptionId;
            resourceInputs["azurermSubscriptionName"] = state?.azurermSubscriptionName;
            resourceInputs["credentials"] = state?.credentials;
            resourceInputs["description"] = state?.description;
            resourceInputs["environment"] = state?.environment;
            resourceInputs["features"] = state?.features;
            resourceInputs["projectId"] = state?.projectId;
            resourceInputs["resourceGroup"] = state?.resourceGroup;
            resourceInputs["serverUrl"] = state?.serverUrl;
            resourceInputs["serviceEndpointAuthenticationScheme"] = state?.serviceEndpointAuthenticationScheme;
            resourceInputs["serviceEndpointName"] = state?.serviceEndpointName;
            resourceInputs["servicePrincipalId"] = state?.servicePrincipalId;
            resourceInputs["workloadIdentityFederationIssuer"] = state?.workloadIdentityFederationIssuer;
            resourceInputs["workloadIdentityFederationSubject"] = state?.workloadIdentityFederationSubject;
        } else {
            const args = argsOrState as ServiceEndpointAzureRMArgs | undefined;
            if (args?.projectId === undefined && !opts.urn) {
                throw new Error("Missing required property 'projectId'");
            }
            if (args?.serviceEndpointName === undefined && !opts.urn) {
                throw new Error("Missing required property 'serviceEndpointName'");
            }
            resourceInputs["azurermManagementGroupId"] = args?.azurermManagementGroupId;
            resourceInputs["azurermManagementGroupName"] = args?.azurermManagementGroupName;
            resourceInputs["azurermSpnTenantid"] = args?.azurermSpnTenantid;
            resourceInputs["azurermSubscriptionId"] = args?.azurermSubscriptionId;
            resourceInputs["azurermSubscriptionName"] = args?.azurermSubscriptionName;
            resourceInputs["credentials"] = args?.credentials;
            resourceInputs["description"] = args?.description;
            resourceInputs["environment"] = args?.environment;
            resourceInputs["features"] = args?.features;
            resourceInputs["projectId"] = args?.projectId;
            resourceInputs["resourceGroup"] = args?.resourceGroup;
            resourceInputs["serverUrl"] = args?.serverUrl;
            resourceInputs["serviceEndpointAuthenticationScheme"] = args?.serviceEndpointAuthenticationScheme;
            resourceInputs["serviceEndpointName"] = args?.serviceEndpointName;
            resourceInputs["authorization"] = undefined;
            resourceInputs["servicePrincipalId"] = undefined;
            resourceInputs["workloadIdentityFederationIssuer"] = undefined;
            resourceInputs["workloadIdentityFederationSubject"] = undefined;
            resourceInputs = utilities.prepareInputs(ServiceEndpointAzureRM.__pulumiType, name, resourceInputs, opts, {
                secretPaths: ["credentials.serviceprincipalcertificate", "credentials.serviceprincipalkey"],
            });
        }
        opts = utilities.withPluginVersion(opts);
        super(ServiceEndpointAzureRM.__pulumiType, name, resourceInputs, opts);
    }
}

/** Input properties used for looking up and filtering ServiceEndpointAzureRM resources. */
export interface ServiceEndpointAzureRMState {
    authorization?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
    azurermManagementGroupId?: pulumi.Input<string>;
    azurermManagementGroupName?: pulumi.Input<string>;
    azurermSpnTenantid?: pulumi.Input<string>;
    azurermSubscriptionId?: pulumi.Input<string>;
    azurermSubscriptionName?: pulumi.Input<string>;
    credentials?: pulumi.Input<inputs.ServiceEndpointAzureRMCredentials>;
    description?: pulumi.Input<string>;
    environment?: pulumi.Input<string>;
    features?: pulumi.Input<inputs.ServiceEndpointAzureRMFeatures>;
    projectId?: pulumi.Input<string>;
    resourceGroup?: pulumi.Input<string>;
    serverUrl?: pulumi.Input<string>;
    serviceEndpointAuthenticationScheme?: pulumi.Input<string>;
    serviceEndpointName?: pulumi.Input<string>;
    servicePrincipalId?: pulumi.Input<string>;
    workloadIdentityFederationIssuer?: pulumi.Input<string>;
    workloadIdentityFederationSubject?: pulumi.Input<string>;
}

/** The set of arguments for constructing a ServiceEndpointAzureRM resource. */
export interface ServiceEndpointAzureRMArgs {
    azurermManagementGroupId?: pulumi.Input<string>;
    azurermManagementGroupName?: pulumi.Input<string>;
    azurermSpnTenantid?: pulumi.Input<string>;
    azurermSubscriptionId?: pulumi.Input<string>;
    azurermSubscriptionName?: pulumi.Input<string>;
    credentials?: pulumi.Input<inputs.ServiceEndpointAzureRMCredentials>;
    description?: pulumi.Input<string>;
    environment?: pulumi.Input<string>;
    features?: pulumi.Input<inputs.ServiceEndpointAzureRMFeatures>;
    projectId: pulumi.Input<string>;
    resourceGroup?: pulumi.Input<string>;
    serverUrl?: pulumi.Input<string>;
    serviceEndpointAuthenticationScheme?: pulumi.Input<string>;
    serviceEndpointName: pulumi.Input<string>;
}

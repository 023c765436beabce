import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * An explicit `azuredevops` provider (type `pulumi:providers:azuredevops`, plugin 3.15.0), for
 * resources that must not use the stack's default provider configuration (`azuredevops:*` config).
 *
 * As in the generated SDK: secret settings are wrapped with `pulumi.secret`, booleans and arrays are
 * sent as JSON strings (the provider protocol for provider configuration), and `orgServiceUrl` falls
 * back to `AZDO_ORG_SERVICE_URL`. Inside an Azure Pipelines job, workload identity uses
 * `useOidc: true` with `clientId`, `tenantId` and `oidcAzureServiceConnectionId`.
 */
export class Provider extends pulumi.ProviderResource {
    /** @internal */
    public static readonly __pulumiType = 'azuredevops';

    /** True if `obj` is a Provider, even when several copies of the Pulumi SDK are loaded. */
    public static isInstance(obj: any): obj is Provider {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === "pulumi:providers:" + Provider.__pulumiType;
    }

    declare public readonly clientCertificate: pulumi.Output<string | undefined>;
    declare public readonly clientCertificatePassword: pulumi.Output<string | undefined>;
    declare public readonly clientCertificatePath: pulumi.Output<string | undefined>;
    declare public readonly clientId: pulumi.Output<string | undefined>;
    declare public readonly clientIdFilePath: pulumi.Output<string | undefined>;
    declare public readonly clientSecret: pulumi.Output<string | undefined>;
    declare public readonly clientSecretPath: pulumi.Output<string | undefined>;
    declare public readonly oidcAzureServiceConnectionId: pulumi.Output<string | undefined>;
    declare public readonly oidcRequestToken: pulumi.Output<string | undefined>;
    declare public readonly oidcRequestUrl: pulumi.Output<string | undefined>;
    declare public readonly oidcToken: pulumi.Output<string | undefined>;
    declare public readonly oidcTokenFilePath: pulumi.Output<string | undefined>;
    declare public readonly orgServiceUrl: pulumi.Output<string | undefined>;
    declare public readonly personalAccessToken: pulumi.Output<string | undefined>;
    declare public readonly tenantId: pulumi.Output<string | undefined>;

    /**
     * Create a Provider resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args?: ProviderArgs, opts?: pulumi.ResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        {
            resourceInputs["auxiliaryTenantIds"] = pulumi.output(args?.auxiliaryTenantIds).apply(JSON.stringify);
            resourceInputs["clientCertificate"] = args?.clientCertificate ? pulumi.secret(args.clientCertificate) : undefined;
            resourceInputs["clientCertificatePassword"] = args?.clientCertificatePassword ? pulumi.secret(args.clientCertificatePassword) : undefined;
            resourceInputs["clientCertificatePath"] = args?.clientCertificatePath;
            resourceInputs["clientId"] = args?.clientId;
            resourceInputs["clientIdFilePath"] = args?.clientIdFilePath;
            resourceInputs["clientSecret"] = args?.clientSecret ? pulumi.secret(args.clientSecret) : undefined;
            resourceInputs["clientSecretPath"] = args?.clientSecretPath;
            resourceInputs["oidcAzureServiceConnectionId"] = args?.oidcAzureServiceConnectionId;
            resourceInputs["oidcRequestToken"] = args?.oidcRequestToken;
            resourceInputs["oidcRequestUrl"] = args?.oidcRequestUrl;
            resourceInputs["oidcToken"] = args?.oidcToken ? pulumi.secret(args.oidcToken) : undefined;
            resourceInputs["oidcTokenFilePath"] = args?.oidcTokenFilePath;
            resourceInputs["orgServiceUrl"] = args?.orgServiceUrl ?? utilities.getEnv("AZDO_ORG_SERVICE_URL");
            resourceInputs["personalAccessToken"] = args?.personalAccessToken ? pulumi.secret(args.personalAccessToken) : undefined;
            resourceInputs["tenantId"] = args?.tenantId;
            resourceInputs["useCli"] = pulumi.output(args?.useCli).apply(JSON.stringify);
            resourceInputs["useMsi"] = pulumi.output(args?.useMsi).apply(JSON.stringify);
            resourceInputs["useOidc"] = pulumi.output(args?.useOidc).apply(JSON.stringify);
        }
        opts = utilities.withPluginVersion(opts);
        const secretOpts = { additionalSecretOutputs: ["clientCertificate", "clientCertificatePassword", "clientSecret", "oidcToken", "personalAccessToken"] };
        opts = pulumi.mergeOptions(opts, secretOpts);
        super(Provider.__pulumiType, name, resourceInputs, opts);
    }
}

/** The set of arguments for constructing a Provider resource. */
export interface ProviderArgs {
    auxiliaryTenantIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Base64 client certificate (secret). */
    clientCertificate?: pulumi.Input<string>;
    clientCertificatePassword?: pulumi.Input<string>;
    clientCertificatePath?: pulumi.Input<string>;
    clientId?: pulumi.Input<string>;
    clientIdFilePath?: pulumi.Input<string>;
    clientSecret?: pulumi.Input<string>;
    clientSecretPath?: pulumi.Input<string>;
    /** The Azure DevOps service connection whose workload identity the pipeline job's OIDC token is for. */
    oidcAzureServiceConnectionId?: pulumi.Input<string>;
    oidcRequestToken?: pulumi.Input<string>;
    oidcRequestUrl?: pulumi.Input<string>;
    oidcToken?: pulumi.Input<string>;
    oidcTokenFilePath?: pulumi.Input<string>;
    /** `https://dev.azure.com/<organization>`; defaults to `AZDO_ORG_SERVICE_URL`. */
    orgServiceUrl?: pulumi.Input<string>;
    personalAccessToken?: pulumi.Input<string>;
    tenantId?: pulumi.Input<string>;
    useCli?: pulumi.Input<boolean>;
    useMsi?: pulumi.Input<boolean>;
    useOidc?: pulumi.Input<boolean>;
}

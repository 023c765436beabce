import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Reads an existing project by `name` or `projectId` (give exactly one).
 */
export function getProject(args?: GetProjectArgs, opts?: pulumi.InvokeOptions): Promise<GetProjectResult> {
    args = args || {};
    opts = utilities.withPluginVersion(opts);
    return pulumi.runtime.invoke("azuredevops:index/getProject:getProject", {
        "name": args.name,
        "projectId": args.projectId,
    }, opts);
}

/** A collection of arguments for invoking getProject. */
export interface GetProjectArgs {
    name?: string;
    projectId?: string;
}

/** A collection of values returned by getProject. */
export interface GetProjectResult {
    readonly description: string;
    readonly features: {[key: string]: string};
    readonly id: string;
    readonly name?: string;
    readonly processTemplateId: string;
    readonly projectId?: string;
    readonly versionControl: string;
    readonly visibility: string;
    readonly workItemTemplate: string;
}

/** Like `getProject`, but takes and returns Outputs. */
export function getProjectOutput(args?: GetProjectOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetProjectResult> {
    args = args || {};
    opts = utilities.withPluginVersion(opts);
    return pulumi.runtime.invokeOutput("azuredevops:index/getProject:getProject", {
        "name": args.name,
        "projectId": args.projectId,
    }, opts);
}

/** A collection of arguments for invoking getProject. */
export interface GetProjectOutputArgs {
    name?: pulumi.Input<string>;
    projectId?: pulumi.Input<string>;
}

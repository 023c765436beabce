import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Reads an existing build definition (pipeline) of a project by `name` and optional folder `path`
 * (for example `\Folder`; the provider searches the root folder when it is omitted). The id is the
 * numeric definition id as a string.
 */
export function getBuildDefinition(args: GetBuildDefinitionArgs, opts?: pulumi.InvokeOptions): Promise<GetBuildDefinitionResult> {
    opts = utilities.withPluginVersion(opts);
    return pulumi.runtime.invoke("azuredevops:index/getBuildDefinition:getBuildDefinition", {
        "name": args.name,
        "path": args.path,
        "projectId": args.projectId,
    }, opts);
}

/** A collection of arguments for invoking getBuildDefinition. */
export interface GetBuildDefinitionArgs {
    name: string;
    path?: string;
    projectId: string;
}

/** A collection of values returned by getBuildDefinition. */
export interface GetBuildDefinitionResult {
    readonly agentPoolName: string;
    readonly agentSpecification: string;
    readonly id: string;
    readonly jobAuthorizationScope: string;
    readonly name: string;
    readonly path?: string;
    readonly projectId: string;
    readonly queueStatus: string;
    readonly revision: number;
    readonly variableGroups: number[];
}

/** Like `getBuildDefinition`, but takes and returns Outputs. */
export function getBuildDefinitionOutput(args: GetBuildDefinitionOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetBuildDefinitionResult> {
    opts = utilities.withPluginVersion(opts);
    return pulumi.runtime.invokeOutput("azuredevops:index/getBuildDefinition:getBuildDefinition", {
        "name": args.name,
        "path": args.path,
        "projectId": args.projectId,
    }, opts);
}

/** A collection of arguments for invoking getBuildDefinition. */
export interface GetBuildDefinitionOutputArgs {
    name: pulumi.Input<string>;
    path?: pulumi.Input<string>;
    projectId: pulumi.Input<string>;
}

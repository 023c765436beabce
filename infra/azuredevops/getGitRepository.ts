import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Reads an existing Git repository of a project by name.
 */
export function getGitRepository(args: GetGitRepositoryArgs, opts?: pulumi.InvokeOptions): Promise<GetGitRepositoryResult> {
    opts = utilities.withPluginVersion(opts);
    return pulumi.runtime.invoke("azuredevops:index/getGitRepository:getGitRepository", {
        "name": args.name,
        "projectId": args.projectId,
    }, opts);
}

/** A collection of arguments for invoking getGitRepository. */
export interface GetGitRepositoryArgs {
    name: string;
    projectId: string;
}

/** A collection of values returned by getGitRepository. */
export interface GetGitRepositoryResult {
    readonly defaultBranch: string;
    readonly disabled: boolean;
    readonly id: string;
    readonly isFork: boolean;
    readonly name: string;
    readonly projectId: string;
    readonly remoteUrl: string;
    readonly size: number;
    readonly sshUrl: string;
    readonly url: string;
    readonly webUrl: string;
}

/** Like `getGitRepository`, but takes and returns Outputs. */
export function getGitRepositoryOutput(args: GetGitRepositoryOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetGitRepositoryResult> {
    opts = utilities.withPluginVersion(opts);
    return pulumi.runtime.invokeOutput("azuredevops:index/getGitRepository:getGitRepository", {
        "name": args.name,
        "projectId": args.projectId,
    }, opts);
}

/** A collection of arguments for invoking getGitRepository. */
export interface GetGitRepositoryOutputArgs {
    name: pulumi.Input<string>;
    projectId: pulumi.Input<string>;
}

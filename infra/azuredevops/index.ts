/**
 * A thin typed binding for the `azuredevops` Pulumi provider, plugin 3.15.0.
 *
 * @pulumi/azuredevops is not served by the package registry these machines reach. These classes send
 * the real provider's type tokens, property names and plugin version, so the real plugin serves them
 * at deploy time, and their exported names and argument shapes are those of the real package:
 * `import * as azuredevops from "./azuredevops"` becomes `import * as azuredevops from
 * "@pulumi/azuredevops"` to swap it in. test/azuredevops-binding.test.ts checks every class against the
 * provider's schema. What the binding does beyond the generated SDK (nested secrets, integer ids,
 * explicit names, a fixed plugin version) is in ./utilities.
 */
import * as pulumi from "@pulumi/pulumi";
import { BranchPolicyBuildValidation } from "./branchPolicyBuildValidation";
import { BranchPolicyCommentResolution } from "./branchPolicyCommentResolution";
import { BranchPolicyMinReviewers } from "./branchPolicyMinReviewers";
import { BranchPolicyWorkItemLinking } from "./branchPolicyWorkItemLinking";
import { BuildDefinition } from "./buildDefinition";
import { CheckApproval } from "./checkApproval";
import { CheckBranchControl } from "./checkBranchControl";
import { CheckBusinessHours } from "./checkBusinessHours";
import { CheckExclusiveLock } from "./checkExclusiveLock";
import { CheckRequiredTemplate } from "./checkRequiredTemplate";
import { Environment } from "./environment";
import { PipelineAuthorization } from "./pipelineAuthorization";
import { Provider } from "./provider";
import { ServiceEndpointAzureRM } from "./serviceEndpointAzureRM";
import { ServiceendpointIncomingwebhook } from "./serviceendpointIncomingwebhook";
import { VariableGroup } from "./variableGroup";
import * as types from "./types";
import { PLUGIN_VERSION } from "./utilities";

export * from "./branchPolicyBuildValidation";
export * from "./branchPolicyCommentResolution";
export * from "./branchPolicyMinReviewers";
export * from "./branchPolicyWorkItemLinking";
export * from "./buildDefinition";
export * from "./checkApproval";
export * from "./checkBranchControl";
export * from "./checkBusinessHours";
export * from "./checkExclusiveLock";
export * from "./checkRequiredTemplate";
export * from "./environment";
export * from "./getBuildDefinition";
export * from "./getGitRepository";
export * from "./getProject";
export * from "./pipelineAuthorization";
export * from "./provider";
export * from "./serviceEndpointAzureRM";
export * from "./serviceendpointIncomingwebhook";
export * from "./variableGroup";
export { types };

// As the generated SDK does: lets the runtime rebuild these resources (and the provider) from
// resource references it deserializes, e.g. in outputs of components or `get` calls.
const resourceClasses: Record<string, new (name: string, args: any, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource> = {
    [BranchPolicyBuildValidation.__pulumiType]: BranchPolicyBuildValidation,
    [BranchPolicyCommentResolution.__pulumiType]: BranchPolicyCommentResolution,
    [BranchPolicyMinReviewers.__pulumiType]: BranchPolicyMinReviewers,
    [BranchPolicyWorkItemLinking.__pulumiType]: BranchPolicyWorkItemLinking,
    [BuildDefinition.__pulumiType]: BuildDefinition,
    [CheckApproval.__pulumiType]: CheckApproval,
    [CheckBranchControl.__pulumiType]: CheckBranchControl,
    [CheckBusinessHours.__pulumiType]: CheckBusinessHours,
    [CheckExclusiveLock.__pulumiType]: CheckExclusiveLock,
    [CheckRequiredTemplate.__pulumiType]: CheckRequiredTemplate,
    [Environment.__pulumiType]: Environment,
    [PipelineAuthorization.__pulumiType]: PipelineAuthorization,
    [ServiceEndpointAzureRM.__pulumiType]: ServiceEndpointAzureRM,
    [ServiceendpointIncomingwebhook.__pulumiType]: ServiceendpointIncomingwebhook,
    [VariableGroup.__pulumiType]: VariableGroup,
};

pulumi.runtime.registerResourceModule("azuredevops", "index", {
    version: PLUGIN_VERSION,
    construct: (name: string, type: string, urn: string): pulumi.Resource => {
        const resourceClass = resourceClasses[type];
        if (resourceClass === undefined) {
            throw new Error(`unknown resource type ${type}`);
        }
        return new resourceClass(name, undefined, { urn });
    },
});
pulumi.runtime.registerResourcePackage("azuredevops", {
    version: PLUGIN_VERSION,
    constructProvider: (name: string, type: string, urn: string): pulumi.ProviderResource => {
        if (type !== "pulumi:providers:azuredevops") {
            throw new Error(`unknown provider type ${type}`);
        }
        return new Provider(name, undefined, { urn });
    },
});

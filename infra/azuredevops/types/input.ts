// Nested input types, named after the schema type tokens (`azuredevops:index/<Name>:<Name>`) as in the
// real package (`types.input.<Name>`). Checked against the schema by test/azuredevops-binding.test.ts.
import * as pulumi from "@pulumi/pulumi";

export interface BranchPolicyBuildValidationSettings {
    buildDefinitionId: pulumi.Input<number>;
    displayName: pulumi.Input<string>;
    filenamePatterns?: pulumi.Input<pulumi.Input<string>[]>;
    manualQueueOnly?: pulumi.Input<boolean>;
    queueOnSourceUpdateOnly?: pulumi.Input<boolean>;
    scopes: pulumi.Input<pulumi.Input<BranchPolicyBuildValidationSettingsScope>[]>;
    validDuration?: pulumi.Input<number>;
}

export interface BranchPolicyBuildValidationSettingsScope {
    matchType?: pulumi.Input<string>;
    repositoryId?: pulumi.Input<string>;
    repositoryRef?: pulumi.Input<string>;
}

export interface BranchPolicyCommentResolutionSettings {
    scopes: pulumi.Input<pulumi.Input<BranchPolicyCommentResolutionSettingsScope>[]>;
}

export interface BranchPolicyCommentResolutionSettingsScope {
    matchType?: pulumi.Input<string>;
    repositoryId?: pulumi.Input<string>;
    repositoryRef?: pulumi.Input<string>;
}

export interface BranchPolicyMinReviewersSettings {
    allowCompletionWithRejectsOrWaits?: pulumi.Input<boolean>;
    lastPusherCannotApprove?: pulumi.Input<boolean>;
    onEachIterationRequireVote?: pulumi.Input<boolean>;
    onLastIterationRequireVote?: pulumi.Input<boolean>;
    onPushResetAllVotes?: pulumi.Input<boolean>;
    onPushResetApprovedVotes?: pulumi.Input<boolean>;
    reviewerCount?: pulumi.Input<number>;
    scopes: pulumi.Input<pulumi.Input<BranchPolicyMinReviewersSettingsScope>[]>;
    submitterCanVote?: pulumi.Input<boolean>;
}

export interface BranchPolicyMinReviewersSettingsScope {
    matchType?: pulumi.Input<string>;
    repositoryId?: pulumi.Input<string>;
    repositoryRef?: pulumi.Input<string>;
}

export interface BranchPolicyWorkItemLinkingSettings {
    scopes: pulumi.Input<pulumi.Input<BranchPolicyWorkItemLinkingSettingsScope>[]>;
}

export interface BranchPolicyWorkItemLinkingSettingsScope {
    matchType?: pulumi.Input<string>;
    repositoryId?: pulumi.Input<string>;
    repositoryRef?: pulumi.Input<string>;
}

export interface BuildDefinitionBuildCompletionTrigger {
    branchFilters: pulumi.Input<pulumi.Input<BuildDefinitionBuildCompletionTriggerBranchFilter>[]>;
    buildDefinitionId: pulumi.Input<number>;
}

export interface BuildDefinitionBuildCompletionTriggerBranchFilter {
    excludes?: pulumi.Input<pulumi.Input<string>[]>;
    includes?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface BuildDefinitionCiTrigger {
    override?: pulumi.Input<BuildDefinitionCiTriggerOverride>;
    useYaml?: pulumi.Input<boolean>;
}

export interface BuildDefinitionCiTriggerOverride {
    batch?: pulumi.Input<boolean>;
    branchFilters: pulumi.Input<pulumi.Input<BuildDefinitionCiTriggerOverrideBranchFilter>[]>;
    maxConcurrentBuildsPerBranch?: pulumi.Input<number>;
    pathFilters?: pulumi.Input<pulumi.Input<BuildDefinitionCiTriggerOverridePathFilter>[]>;
    pollingInterval?: pulumi.Input<number>;
    pollingJobId?: pulumi.Input<string>;
}

export interface BuildDefinitionCiTriggerOverrideBranchFilter {
    excludes?: pulumi.Input<pulumi.Input<string>[]>;
    includes?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface BuildDefinitionCiTriggerOverridePathFilter {
    excludes?: pulumi.Input<pulumi.Input<string>[]>;
    includes?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface BuildDefinitionFeature {
    skipFirstRun?: pulumi.Input<boolean>;
}

export interface BuildDefinitionJob {
    allowScriptsAuthAccessOption?: pulumi.Input<boolean>;
    condition: pulumi.Input<string>;
    dependencies?: pulumi.Input<pulumi.Input<BuildDefinitionJobDependency>[]>;
    jobAuthorizationScope?: pulumi.Input<string>;
    jobCancelTimeoutInMinutes?: pulumi.Input<number>;
    jobTimeoutInMinutes?: pulumi.Input<number>;
    name: pulumi.Input<string>;
    refName: pulumi.Input<string>;
    target: pulumi.Input<BuildDefinitionJobTarget>;
}

export interface BuildDefinitionJobDependency {
    scope: pulumi.Input<string>;
}

export interface BuildDefinitionJobTarget {
    demands?: pulumi.Input<pulumi.Input<string>[]>;
    executionOptions: pulumi.Input<BuildDefinitionJobTargetExecutionOptions>;
    type: pulumi.Input<string>;
}

export interface BuildDefinitionJobTargetExecutionOptions {
    continueOnError?: pulumi.Input<boolean>;
    maxConcurrency?: pulumi.Input<number>;
    multipliers?: pulumi.Input<string>;
    type: pulumi.Input<string>;
}

export interface BuildDefinitionPullRequestTrigger {
    commentRequired?: pulumi.Input<string>;
    forks: pulumi.Input<BuildDefinitionPullRequestTriggerForks>;
    initialBranch?: pulumi.Input<string>;
    override?: pulumi.Input<BuildDefinitionPullRequestTriggerOverride>;
    useYaml?: pulumi.Input<boolean>;
}

export interface BuildDefinitionPullRequestTriggerForks {
    enabled: pulumi.Input<boolean>;
    shareSecrets: pulumi.Input<boolean>;
}

export interface BuildDefinitionPullRequestTriggerOverride {
    autoCancel?: pulumi.Input<boolean>;
    branchFilters: pulumi.Input<pulumi.Input<BuildDefinitionPullRequestTriggerOverrideBranchFilter>[]>;
    pathFilters?: pulumi.Input<pulumi.Input<BuildDefinitionPullRequestTriggerOverridePathFilter>[]>;
}

export interface BuildDefinitionPullRequestTriggerOverrideBranchFilter {
    excludes?: pulumi.Input<pulumi.Input<string>[]>;
    includes?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface BuildDefinitionPullRequestTriggerOverridePathFilter {
    excludes?: pulumi.Input<pulumi.Input<string>[]>;
    includes?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface BuildDefinitionRepository {
    branchName?: pulumi.Input<string>;
    githubEnterpriseUrl?: pulumi.Input<string>;
    repoId: pulumi.Input<string>;
    repoType: pulumi.Input<string>;
    reportBuildStatus?: pulumi.Input<boolean>;
    serviceConnectionId?: pulumi.Input<string>;
    url?: pulumi.Input<string>;
    ymlPath?: pulumi.Input<string>;
}

export interface BuildDefinitionSchedule {
    branchFilters: pulumi.Input<pulumi.Input<BuildDefinitionScheduleBranchFilter>[]>;
    daysToBuilds: pulumi.Input<pulumi.Input<string>[]>;
    scheduleJobId?: pulumi.Input<string>;
    scheduleOnlyWithChanges?: pulumi.Input<boolean>;
    startHours?: pulumi.Input<number>;
    startMinutes?: pulumi.Input<number>;
    timeZone?: pulumi.Input<string>;
}

export interface BuildDefinitionScheduleBranchFilter {
    excludes?: pulumi.Input<pulumi.Input<string>[]>;
    includes?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface BuildDefinitionVariable {
    allowOverride?: pulumi.Input<boolean>;
    isSecret?: pulumi.Input<boolean>;
    name: pulumi.Input<string>;
    secretValue?: pulumi.Input<string>;
    value?: pulumi.Input<string>;
}

export interface CheckRequiredTemplateRequiredTemplate {
    repositoryName: pulumi.Input<string>;
    repositoryRef: pulumi.Input<string>;
    repositoryType?: pulumi.Input<string>;
    templatePath: pulumi.Input<string>;
}

export interface ServiceEndpointAzureRMCredentials {
    serviceprincipalcertificate?: pulumi.Input<string>;
    serviceprincipalid: pulumi.Input<string>;
    serviceprincipalkey?: pulumi.Input<string>;
}

export interface ServiceEndpointAzureRMFeatures {
    validate?: pulumi.Input<boolean>;
}

export interface VariableGroupKeyVault {
    name: pulumi.Input<string>;
    searchDepth?: pulumi.Input<number>;
    serviceEndpointId: pulumi.Input<string>;
}

export interface VariableGroupVariable {
    contentType?: pulumi.Input<string>;
    enabled?: pulumi.Input<boolean>;
    expires?: pulumi.Input<string>;
    isSecret?: pulumi.Input<boolean>;
    name: pulumi.Input<string>;
    secretValue?: pulumi.Input<string>;
    value?: pulumi.Input<string>;
}

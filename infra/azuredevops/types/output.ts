// Nested output types, named after the schema type tokens as in the real package (`types.output.<Name>`).
// Fields the provider always returns (`required` / `language.nodejs.requiredOutputs`) are not optional.

export interface BranchPolicyBuildValidationSettings {
    buildDefinitionId: number;
    displayName: string;
    filenamePatterns?: string[];
    manualQueueOnly?: boolean;
    queueOnSourceUpdateOnly?: boolean;
    scopes: BranchPolicyBuildValidationSettingsScope[];
    validDuration?: number;
}

export interface BranchPolicyBuildValidationSettingsScope {
    matchType?: string;
    repositoryId?: string;
    repositoryRef?: string;
}

export interface BranchPolicyCommentResolutionSettings {
    scopes: BranchPolicyCommentResolutionSettingsScope[];
}

export interface BranchPolicyCommentResolutionSettingsScope {
    matchType?: string;
    repositoryId?: string;
    repositoryRef?: string;
}

export interface BranchPolicyMinReviewersSettings {
    allowCompletionWithRejectsOrWaits?: boolean;
    lastPusherCannotApprove?: boolean;
    onEachIterationRequireVote?: boolean;
    onLastIterationRequireVote?: boolean;
    onPushResetAllVotes?: boolean;
    onPushResetApprovedVotes?: boolean;
    reviewerCount?: number;
    scopes: BranchPolicyMinReviewersSettingsScope[];
    submitterCanVote?: boolean;
}

export interface BranchPolicyMinReviewersSettingsScope {
    matchType?: string;
    repositoryId?: string;
    repositoryRef?: string;
}

export interface BranchPolicyWorkItemLinkingSettings {
    scopes: BranchPolicyWorkItemLinkingSettingsScope[];
}

export interface BranchPolicyWorkItemLinkingSettingsScope {
    matchType?: string;
    repositoryId?: string;
    repositoryRef?: string;
}

export interface BuildDefinitionBuildCompletionTrigger {
    branchFilters: BuildDefinitionBuildCompletionTriggerBranchFilter[];
    buildDefinitionId: number;
}

export interface BuildDefinitionBuildCompletionTriggerBranchFilter {
    excludes?: string[];
    includes?: string[];
}

export interface BuildDefinitionCiTrigger {
    override?: BuildDefinitionCiTriggerOverride;
    useYaml?: boolean;
}

export interface BuildDefinitionCiTriggerOverride {
    batch?: boolean;
    branchFilters: BuildDefinitionCiTriggerOverrideBranchFilter[];
    maxConcurrentBuildsPerBranch?: number;
    pathFilters?: BuildDefinitionCiTriggerOverridePathFilter[];
    pollingInterval?: number;
    pollingJobId: string;
}

export interface BuildDefinitionCiTriggerOverrideBranchFilter {
    excludes?: string[];
    includes?: string[];
}

export interface BuildDefinitionCiTriggerOverridePathFilter {
    excludes?: string[];
    includes?: string[];
}

export interface BuildDefinitionFeature {
    skipFirstRun?: boolean;
}

export interface BuildDefinitionJob {
    allowScriptsAuthAccessOption?: boolean;
    condition: string;
    dependencies?: BuildDefinitionJobDependency[];
    jobAuthorizationScope?: string;
    jobCancelTimeoutInMinutes?: number;
    jobTimeoutInMinutes?: number;
    name: string;
    refName: string;
    target: BuildDefinitionJobTarget;
}

export interface BuildDefinitionJobDependency {
    scope: string;
}

export interface BuildDefinitionJobTarget {
    demands?: string[];
    executionOptions: BuildDefinitionJobTargetExecutionOptions;
    type: string;
}

export interface BuildDefinitionJobTargetExecutionOptions {
    continueOnError?: boolean;
    maxConcurrency: number;
    multipliers?: string;
    type: string;
}

export interface BuildDefinitionPullRequestTrigger {
    commentRequired?: string;
    forks: BuildDefinitionPullRequestTriggerForks;
    initialBranch?: string;
    override?: BuildDefinitionPullRequestTriggerOverride;
    useYaml?: boolean;
}

export interface BuildDefinitionPullRequestTriggerForks {
    enabled: boolean;
    shareSecrets: boolean;
}

export interface BuildDefinitionPullRequestTriggerOverride {
    autoCancel?: boolean;
    branchFilters: BuildDefinitionPullRequestTriggerOverrideBranchFilter[];
    pathFilters?: BuildDefinitionPullRequestTriggerOverridePathFilter[];
}

export interface BuildDefinitionPullRequestTriggerOverrideBranchFilter {
    excludes?: string[];
    includes?: string[];
}

export interface BuildDefinitionPullRequestTriggerOverridePathFilter {
    excludes?: string[];
    includes?: string[];
}

export interface BuildDefinitionRepository {
    branchName?: string;
    githubEnterpriseUrl?: string;
    repoId: string;
    repoType: string;
    reportBuildStatus?: boolean;
    serviceConnectionId?: string;
    url: string;
    ymlPath?: string;
}

export interface BuildDefinitionSchedule {
    branchFilters: BuildDefinitionScheduleBranchFilter[];
    daysToBuilds: string[];
    scheduleJobId: string;
    scheduleOnlyWithChanges?: boolean;
    startHours?: number;
    startMinutes?: number;
    timeZone?: string;
}

export interface BuildDefinitionScheduleBranchFilter {
    excludes?: string[];
    includes?: string[];
}

export interface BuildDefinitionVariable {
    allowOverride?: boolean;
    isSecret?: boolean;
    name: string;
    secretValue?: string;
    value?: string;
}

export interface CheckRequiredTemplateRequiredTemplate {
    repositoryName: string;
    repositoryRef: string;
    repositoryType?: string;
    templatePath: string;
}

export interface ServiceEndpointAzureRMCredentials {
    serviceprincipalcertificate?: string;
    serviceprincipalid: string;
    serviceprincipalkey?: string;
}

export interface ServiceEndpointAzureRMFeatures {
    validate?: boolean;
}

export interface VariableGroupKeyVault {
    name: string;
    searchDepth?: number;
    serviceEndpointId: string;
}

export interface VariableGroupVariable {
    contentType: string;
    enabled: boolean;
    expires: string;
    isSecret?: boolean;
    name: string;
    secretValue?: string;
    value?: string;
}

/**
 * DeliveryPipelines: the Azure DevOps objects every environment shares — the build definitions of
 * the application and infra pipelines, and the branch policies on this repository's main branch.
 * Exactly one stack creates them (the one whose config says it owns shared objects); the others
 * find the definitions with `existingPipelineIds`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as azuredevops from "../azuredevops";
import { PipelineKey, PIPELINE_DEFINITIONS, PIPELINE_FOLDER } from "./devops-names";

/** Name and YAML path of one build definition. */
export interface PipelineDefinitionArgs {
  readonly name: pulumi.Input<string>;
  /** Path of the YAML file in the repository. */
  readonly path: pulumi.Input<string>;
}

/**
 * "yaml": the definition's CI trigger follows the YAML file's `trigger:` (and `schedules:`), so the
 * YAML stays the one place triggers are written; without a CI trigger entry Azure DevOps ignores
 * them. "none": no CI trigger at all.
 */
export type CiTriggerMode = "yaml" | "none";

/**
 * Default CI trigger per pipeline. The preview is "none": it runs for pull requests through the
 * build-validation policy (Azure Repos ignores YAML `pr:` triggers), and a preview of what is
 * already merged to main is what the deploy pipeline shows anyway.
 */
export const DEFAULT_CI_TRIGGERS: Readonly<Record<PipelineKey, CiTriggerMode>> = {
  appDelivery: "yaml",
  infraPreview: "none",
  infraDeploy: "yaml",
  infraDrift: "yaml",
  rollback: "yaml",
  toolsPin: "yaml",
};

/** Changes that can alter what `pulumi preview` shows for some stack. */
export const DEFAULT_PREVIEW_FILENAME_PATTERNS: readonly string[] = [
  "/infra/*",
  "/policy/*",
  "/Pulumi*.yaml",
  "/pipelines/*",
  "/package.json",
  "/package-lock.json",
];

export interface BuildValidationArgs {
  /** Pipeline the policy runs. Default: "infraPreview". */
  readonly pipeline?: PipelineKey;
  /**
   * Paths whose change queues the validation (Azure DevOps syntax: `/`-rooted, `*` wildcard, `!`
   * excludes; order matters; an empty list means every change). Default: DEFAULT_PREVIEW_FILENAME_PATTERNS.
   */
  readonly filenamePatterns?: readonly pulumi.Input<string>[];
  /** Minutes a successful run stays valid; 0 = until the PR's source changes. Default: 720 (half a day: main moves, previews go stale). */
  readonly validDurationMinutes?: number;
  /** Shown on the pull request. Default: "Pulumi preview (all stacks)". */
  readonly displayName?: pulumi.Input<string>;
}

export interface DeliveryPipelinesArgs {
  /** Azure DevOps project id (GUID, from getProject). */
  readonly projectId: pulumi.Input<string>;
  /** Id of this repository (GUID, from getGitRepository): holds every YAML file and gets the policies. */
  readonly repositoryId: pulumi.Input<string>;
  /** Branch the definitions build by default and the policies protect. Default: "refs/heads/main". */
  readonly defaultBranch?: pulumi.Input<string>;
  /** The build definitions, keyed by role. Plain keys: they name children. Default: PIPELINE_DEFINITIONS. */
  readonly definitions?: Readonly<Record<PipelineKey, PipelineDefinitionArgs>>;
  /** Azure DevOps folder of the definitions (no trailing `\`). Default: PIPELINE_FOLDER. */
  readonly folder?: pulumi.Input<string>;
  /** Default: DEFAULT_CI_TRIGGERS. */
  readonly ciTriggers?: Readonly<Record<PipelineKey, CiTriggerMode>>;
  /** Approvals a pull request needs. Default: 2. */
  readonly minimumReviewers?: number;
  /** Whether the author's own approval counts toward minimumReviewers. Default: false. */
  readonly creatorVoteCounts?: boolean;
  /** Whether a new push resets approvals, so what merges is what was approved. Default: true. */
  readonly resetApprovalsOnPush?: boolean;
  /** Linked work items required (blocking) rather than suggested (optional policy). Default: true. */
  readonly requireWorkItemLinking?: boolean;
  /** Resolved comments required (blocking) rather than suggested (optional policy). Default: true. */
  readonly requireCommentResolution?: boolean;
  /** Default: the infra preview with DEFAULT_PREVIEW_FILENAME_PATTERNS. */
  readonly buildValidation?: BuildValidationArgs;
  /**
   * Application pipelines of other repositories that extend this repository's templates (stable key
   * → build definition id): each gets a `repository` authorisation on this repository, without
   * which its runs wait for an administrator to permit access. Default: {}.
   */
  readonly templateReaderPipelineIds?: Readonly<Record<string, pulumi.Input<number | string>>>;
}

export const DEFAULT_BRANCH = "refs/heads/main";
export const DEFAULT_MINIMUM_REVIEWERS = 2;
export const DEFAULT_VALID_DURATION_MINUTES = 720;

export class DeliveryPipelines extends pulumi.ComponentResource {
  /** Build definition id per pipeline (numeric strings, as Azure DevOps returns them). */
  public readonly pipelineIds: Readonly<Record<PipelineKey, pulumi.Output<string>>>;

  constructor(name: string, args: DeliveryPipelinesArgs, opts?: pulumi.ComponentResourceOptions) {
    const definitions = args.definitions ?? PIPELINE_DEFINITIONS;
    const ciTriggers = args.ciTriggers ?? DEFAULT_CI_TRIGGERS;
    const minimumReviewers = args.minimumReviewers ?? DEFAULT_MINIMUM_REVIEWERS;
    const creatorVoteCounts = args.creatorVoteCounts ?? false;
    const validationPipeline = args.buildValidation?.pipeline ?? "infraPreview";
    // Validated before super(): a bad combination registers nothing, not even this component.
    validate(name, args, definitions, minimumReviewers, creatorVoteCounts, validationPipeline);

    super("pinecone:delivery:DeliveryPipelines", name, {}, opts);
    const parent = { parent: this };
    const branch = args.defaultBranch ?? DEFAULT_BRANCH;

    const pipelineIds = {} as Record<PipelineKey, pulumi.Output<string>>;
    const built = {} as Record<PipelineKey, azuredevops.BuildDefinition>;
    for (const key of Object.keys(definitions) as PipelineKey[]) {
      const definition = definitions[key];
      built[key] = new azuredevops.BuildDefinition(
        `${name}-${key}`,
        {
          projectId: args.projectId,
          name: definition.name,
          path: args.folder ?? PIPELINE_FOLDER,
          repository: {
            repoType: "TfsGit",
            repoId: args.repositoryId,
            // The provider's default is `master`.
            branchName: branch,
            ymlPath: definition.path,
          },
          ciTrigger: (ciTriggers[key] ?? "yaml") === "yaml" ? { useYaml: true } : undefined,
        },
        parent,
      );
      pipelineIds[key] = built[key].id;
    }

    // Every policy guards exactly this repository's default branch.
    const scopes = [{ repositoryId: args.repositoryId, repositoryRef: branch, matchType: "Exact" }];
    new azuredevops.BranchPolicyMinReviewers(
      `${name}-min-reviewers`,
      {
        projectId: args.projectId,
        enabled: true,
        blocking: true,
        settings: {
          reviewerCount: minimumReviewers,
          submitterCanVote: creatorVoteCounts,
          allowCompletionWithRejectsOrWaits: false,
          onPushResetApprovedVotes: args.resetApprovalsOnPush ?? true,
          scopes,
        },
      },
      parent,
    );
    const bv = args.buildValidation ?? {};
    new azuredevops.BranchPolicyBuildValidation(
      `${name}-build-validation`,
      {
        projectId: args.projectId,
        enabled: true,
        blocking: true,
        settings: {
          // BuildDefinition.id is a numeric string; the binding converts it to the integer the provider wants.
          buildDefinitionId: built[validationPipeline].id as unknown as pulumi.Input<number>,
          displayName: bv.displayName ?? "Pulumi preview (all stacks)",
          filenamePatterns: [...(bv.filenamePatterns ?? DEFAULT_PREVIEW_FILENAME_PATTERNS)],
          manualQueueOnly: false,
          queueOnSourceUpdateOnly: true,
          validDuration: bv.validDurationMinutes ?? DEFAULT_VALID_DURATION_MINUTES,
          scopes,
        },
      },
      parent,
    );
    new azuredevops.BranchPolicyCommentResolution(
      `${name}-comment-resolution`,
      { projectId: args.projectId, enabled: true, blocking: args.requireCommentResolution ?? true, settings: { scopes } },
      parent,
    );
    new azuredevops.BranchPolicyWorkItemLinking(
      `${name}-work-item-linking`,
      { projectId: args.projectId, enabled: true, blocking: args.requireWorkItemLinking ?? true, settings: { scopes } },
      parent,
    );

    for (const [key, id] of Object.entries(args.templateReaderPipelineIds ?? {})) {
      new azuredevops.PipelineAuthorization(
        `${name}-authorize-${key}-templates-repository`,
        {
          projectId: args.projectId,
          type: "repository",
          // The pipelinePermissions API names a Git repository `<projectId>.<repositoryId>`.
          resourceId: pulumi.interpolate`${args.projectId}.${args.repositoryId}`,
          pipelineId: pulumi.output(id).apply((v) => Number(v)),
        },
        parent,
      );
    }

    this.pipelineIds = pipelineIds;
    this.registerOutputs({ pipelineIds });
  }
}

/**
 * Build definition ids for a stack that does not own the definitions: looked up by the names
 * contract (PIPELINE_DEFINITIONS names in PIPELINE_FOLDER), so no stack needs to know which stack
 * owns them. Fails the preview, naming the pipeline, when the owning stack has not created them yet.
 */
export function existingPipelineIds(
  projectId: pulumi.Input<string>,
  definitions: Readonly<Record<PipelineKey, { readonly name: pulumi.Input<string> }>> = PIPELINE_DEFINITIONS,
  folder: pulumi.Input<string> = PIPELINE_FOLDER,
  provider?: pulumi.ProviderResource,
): Readonly<Record<PipelineKey, pulumi.Output<string>>> {
  const ids = {} as Record<PipelineKey, pulumi.Output<string>>;
  for (const key of Object.keys(definitions) as PipelineKey[]) {
    ids[key] = azuredevops.getBuildDefinitionOutput({ projectId, name: definitions[key].name, path: folder }, { provider }).id;
  }
  return ids;
}

function validate(
  name: string,
  args: DeliveryPipelinesArgs,
  definitions: Readonly<Record<string, PipelineDefinitionArgs>>,
  minimumReviewers: number,
  creatorVoteCounts: boolean,
  validationPipeline: string,
): void {
  const problems: string[] = [];
  if (!Number.isInteger(minimumReviewers) || minimumReviewers < 1 || minimumReviewers > 10) {
    problems.push(`minimumReviewers is ${minimumReviewers}; expected a whole number from 1 to 10`);
  }
  if (creatorVoteCounts && minimumReviewers < 2) {
    problems.push(
      `creatorVoteCounts (true) conflicts with minimumReviewers (${minimumReviewers}): the author could approve their own pull request alone`,
    );
  }
  if (!(validationPipeline in definitions)) {
    problems.push(`buildValidation.pipeline ("${validationPipeline}") conflicts with definitions, which has no such pipeline (${Object.keys(definitions).join(", ")})`);
  }
  const v = args.buildValidation?.validDurationMinutes;
  if (v !== undefined && !(Number.isInteger(v) && v >= 0)) problems.push(`buildValidation.validDurationMinutes is ${v}; expected a whole number >= 0`);
  if (problems.length > 0) {
    throw new Error(`DeliveryPipelines ${name}: ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was created:\n  - ${problems.join("\n  - ")}`);
  }
}

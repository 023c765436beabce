/**
 * The facts the release-path check needs beyond the plan's resources. A module of its own (types
 * only), so the policy model can name them without importing the evaluator that imports the model.
 */

/** A pipeline file as read from this repository's YAML: what it binds and how it runs. */
export interface PipelineRun {
  /** Pipeline file, e.g. pipelines/infra-deploy.yml. */
  readonly file: string;
  /** Build definition id (from the stack's outputs); undefined when the stack does not know it. */
  readonly pipelineId: number | undefined;
  /** Ref its runs come from, e.g. refs/heads/main or refs/pull/1/merge. */
  readonly runRef: string;
  /** The template it extends (repository path and ref), if any. */
  readonly extendsTemplate?: { readonly path: string; readonly ref: string };
  /** Environments and service connections its jobs name. */
  readonly bindings: readonly { readonly environment?: string; readonly serviceConnection?: string }[];
}

/** Facts the resources do not carry: from the stack's config and the plan's reading of other stacks and the YAML. */
export interface ReleasePathFacts {
  /** The stack signs images (imageSigningCertificate). */
  readonly signsImages?: boolean;
  /** What the plan assumed about the next stage's deploy identity (principal id and where it came from). */
  readonly nextStage?: { readonly principalId: string; readonly assumed: string; readonly verifiable: boolean };
  /**
   * The previous stage a private stack imports its bootstrap image from, as read from that stack's
   * config: whether it grants this stack's deploy identity the importer role on its registry
   * (registryPromotionTarget names this stack) and exports. Absent, or not verifiable (no stack
   * file for the source beside this one): the source side is not judged.
   */
  readonly previousStage?: {
    readonly stack: string;
    readonly grantsImport: boolean;
    readonly exportEnabled: boolean;
    readonly assumed: string;
    readonly verifiable: boolean;
  };
  /** The pipelines' own paths (from the YAML). Absent: pipeline rows are not evaluated. */
  readonly pipelines?: readonly PipelineRun[];
}

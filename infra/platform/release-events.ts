/**
 * The contract between the release pipelines (which write these custom events to Application
 * Insights with the stack's connection string) and the DORA workbook (which reads them).
 * Change both sides together.
 */

/** Written once per release attempt to an environment, when it ends. */
export const RELEASE_EVENT = "PineconeRelease";
/** Written when an automatic or manual swap-back restored service after a failed release. */
export const RESTORE_EVENT = "PineconeRestore";

/** customDimensions of RELEASE_EVENT. Times are ISO 8601 UTC. */
export const RELEASE_EVENT_FIELDS = {
  environment: "environment code (dev, qa, uat, prod)",
  version: "SemVer of the release, e.g. 4.12.0",
  commitSha: "full commit SHA the image was built from",
  commitTime: "committer time of that commit (lead time starts here)",
  imageDigest: "sha256:… digest deployed",
  result: "succeeded | rolled-back | failed",
  startedAt: "when the deployment job started",
  finishedAt: "when it ended (swap done, watch window passed or rollback finished)",
  pipelineRunUrl: "link to the Azure DevOps run",
} as const;

/** customDimensions of RESTORE_EVENT. */
export const RESTORE_EVENT_FIELDS = {
  environment: "environment code",
  version: "version that failed and was swapped out",
  detectedAt: "when the alert fired or the watch window failed (time to restore starts here)",
  restoredAt: "when the swap-back completed",
  trigger: "watch-window | alert-webhook | manual",
  pipelineRunUrl: "link to the run that restored service",
} as const;

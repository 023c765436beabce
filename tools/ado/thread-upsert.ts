import { createHash } from "crypto";
import type { IGitApi } from "azure-devops-node-api/GitApi";
import type { Comment, GitPullRequestCommentThread } from "azure-devops-node-api/interfaces/GitInterfaces";
import { CliError } from "../errors";
import { RetryPolicy } from "./retry";

/** Thread property that marks the one thread this tool owns on a PR. */
export const OWNER_PROPERTY = "Delivery.Kind";
export const OWNER_VALUE = "pulumi-preview";
/** Hash of the body whose status was last applied; lets a reviewer's resolution stand until the body changes. */
export const BODY_HASH_PROPERTY = "Delivery.BodyHash";

/** CommentThreadStatus / CommentType values (the client sends numbers, reads strings as numbers). */
export const THREAD_STATUS = { active: 1, closed: 4 } as const;
const COMMENT_TYPE_TEXT = 1;

export interface PullRequestRef {
  readonly project: string;
  readonly repository: string;
  readonly pullRequestId: number;
}

export interface UpsertResult {
  readonly action: "created" | "updated" | "unchanged";
  readonly threadId: number;
  /** Duplicate threads (from concurrent runs) removed on the way. */
  readonly removedDuplicates: number;
}

/**
 * Makes the PR hold exactly one thread owned by this tool, with `body` as its first comment.
 * The whole reconcile (list, then create or edit) is the retried unit, so a create whose answer
 * was lost is found by the next listing instead of being posted twice; two concurrent runs that
 * both created one converge on the oldest thread and delete the other's comment.
 */
export async function upsertThread(
  git: IGitApi,
  pr: PullRequestRef,
  body: string,
  status: keyof typeof THREAD_STATUS,
  retry: RetryPolicy,
): Promise<UpsertResult> {
  const bodyHash = createHash("sha256").update(body).digest("hex").slice(0, 16);
  const list = async () => ownedThreads(await git.getThreads(pr.repository, pr.pullRequestId, pr.project), pr);

  return retry.execute(`update the preview thread on pull request ${pr.pullRequestId}`, async () => {
    let owned = await list();
    let createdId: number | undefined;
    if (owned.length === 0) {
      const created = await git.createThread(
        {
          comments: [{ parentCommentId: 0, content: body, commentType: COMMENT_TYPE_TEXT }],
          status: THREAD_STATUS[status],
          properties: { [OWNER_PROPERTY]: OWNER_VALUE, [BODY_HASH_PROPERTY]: bodyHash },
        },
        pr.repository,
        pr.pullRequestId,
        pr.project,
      );
      if (!created) throw notFound(pr);
      createdId = created.id;
      // Another run may have created one at the same moment: list again and converge.
      owned = await list();
      if (owned.length === 0) owned = [created];
    }
    const [keep, ...extras] = owned;
    for (const extra of extras) await deleteThread(git, pr, extra);
    const changed = await bringUpToDate(git, pr, keep, body, bodyHash, status);
    return {
      action: keep.id === createdId ? "created" : changed ? "updated" : "unchanged",
      threadId: keep.id!,
      removedDuplicates: extras.length,
    };
  });
}

async function bringUpToDate(
  git: IGitApi,
  pr: PullRequestRef,
  thread: GitPullRequestCommentThread,
  body: string,
  bodyHash: string,
  status: keyof typeof THREAD_STATUS,
): Promise<boolean> {
  let changed = false;
  // Status first, tagged with the body hash: a retry after a lost answer sees the hash and
  // does not undo a reviewer's later resolution of the same body.
  if (propertyValue(thread, BODY_HASH_PROPERTY) !== bodyHash) {
    const updated = await git.updateThread(
      { status: THREAD_STATUS[status], properties: { [BODY_HASH_PROPERTY]: bodyHash } },
      pr.repository,
      pr.pullRequestId,
      thread.id!,
      pr.project,
    );
    if (!updated) throw notFound(pr);
    changed = true;
  }
  const comment = firstComment(thread);
  if (!comment) throw new CliError(`pull request ${pr.pullRequestId}: the preview thread ${thread.id} has no comment left to edit; delete the thread and re-run.`);
  if (comment.content !== body) {
    const updated = await git.updateComment({ content: body }, pr.repository, pr.pullRequestId, thread.id!, comment.id!, pr.project);
    if (!updated) throw notFound(pr);
    changed = true;
  }
  return changed;
}

async function deleteThread(git: IGitApi, pr: PullRequestRef, thread: GitPullRequestCommentThread): Promise<void> {
  // A thread whose comments are all deleted is marked deleted by the service.
  for (const c of thread.comments ?? []) {
    if (!c.isDeleted && c.id !== undefined) await git.deleteComment(pr.repository, pr.pullRequestId, thread.id!, c.id, pr.project);
  }
}

/** Threads owned by this tool, not deleted, oldest first (concurrent runs agree on which to keep). */
function ownedThreads(threads: GitPullRequestCommentThread[] | null, pr: PullRequestRef): GitPullRequestCommentThread[] {
  if (!threads) throw notFound(pr);
  return threads
    .filter((t) => !t.isDeleted && propertyValue(t, OWNER_PROPERTY) === OWNER_VALUE && t.id !== undefined)
    .sort((a, b) => a.id! - b.id!);
}

function firstComment(thread: GitPullRequestCommentThread): Comment | undefined {
  return (thread.comments ?? [])
    .filter((c) => !c.isDeleted && (c.parentCommentId ?? 0) === 0)
    .sort((a, b) => (a.id ?? 0) - (b.id ?? 0))[0];
}

/** Properties come back in a typed envelope `{$type, $value}`; accept the plain form too. */
export function propertyValue(thread: GitPullRequestCommentThread, key: string): unknown {
  const raw = (thread.properties as Record<string, unknown> | undefined)?.[key];
  return raw && typeof raw === "object" && "$value" in raw ? (raw as { $value: unknown }).$value : raw;
}

function notFound(pr: PullRequestRef): CliError {
  return new CliError(
    `pull request ${pr.pullRequestId} in repository ${pr.repository} (project ${pr.project}) was not found (HTTP 404); check --project, --repository and --pull-request, and that the token may read it.`,
  );
}

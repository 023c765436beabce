import * as fs from "fs";
import * as path from "path";
import { CliError } from "../errors";
import { ExitCode } from "../exit-codes";
import { Io } from "../io";
import { RISKY_MARKER } from "../report/preview-markdown";
import { assertNoSecrets } from "../report/secret-scan";
import { gitApi } from "./connection";
import { createRetryPolicy, defaultRetryOptions, RetryOptions } from "./retry";
import { THREAD_STATUS, upsertThread } from "./thread-upsert";

/** Azure DevOps rejects longer comments with HTTP 400. */
export const MAX_COMMENT_CHARS = 150_000;

export interface PrThreadOptions {
  readonly collectionUrl: string;
  readonly project: string;
  readonly repository: string;
  readonly pullRequest: string;
  readonly bodyFile: string;
  /** `auto` reads the risky count preview-report wrote into the body. */
  readonly status: string;
}

export async function runPrThread(
  opts: PrThreadOptions,
  io: Io,
  retryOptions: Partial<RetryOptions> = {},
  socketTimeoutMs?: number,
): Promise<ExitCode> {
  const pullRequestId = Number(opts.pullRequest);
  if (!Number.isInteger(pullRequestId) || pullRequestId <= 0) {
    throw new CliError(`--pull-request ${JSON.stringify(opts.pullRequest)}: expected the pull request number ($(System.PullRequest.PullRequestId)).`);
  }
  const body = readBody(path.resolve(io.cwd, opts.bodyFile), opts.bodyFile);
  assertNoSecrets(body, io.env, `${opts.bodyFile} to the pull request`);
  const status = threadStatus(opts.status, body);

  const retry = createRetryPolicy({ ...defaultRetryOptions, onRetry: logRetry(io), ...retryOptions });
  const git = await gitApi({ collectionUrl: opts.collectionUrl, env: io.env, socketTimeoutMs }, retry);
  const result = await upsertThread(git, { project: opts.project, repository: opts.repository, pullRequestId }, body, status, retry);
  io.stdout(
    `pr-thread: ${result.action} thread ${result.threadId} on pull request ${pullRequestId} (status ${status})` +
      (result.removedDuplicates > 0 ? `; removed ${result.removedDuplicates} duplicate thread(s)` : "") +
      "\n",
  );
  return ExitCode.Ok;
}

function readBody(file: string, label: string): string {
  let body: string;
  try {
    body = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new CliError(`--body-file ${label}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? "error"}); expected the Markdown written by delivery preview-report.`);
  }
  if (body.trim().length === 0) throw new CliError(`--body-file ${label}: the file is empty; expected the Markdown written by delivery preview-report.`);
  if (body.length > MAX_COMMENT_CHARS) {
    throw new CliError(`--body-file ${label}: ${body.length} characters, but Azure DevOps accepts at most ${MAX_COMMENT_CHARS} per comment; write it with delivery preview-report (which fits its --max-chars budget).`);
  }
  return body;
}

/** Active (blocks the merge until resolved) only when risky changes need a reviewer. */
function threadStatus(option: string, body: string): keyof typeof THREAD_STATUS {
  if (option === "active" || option === "closed") return option;
  if (option !== "auto") throw new CliError(`--status ${JSON.stringify(option)}: expected auto, active or closed.`);
  const marker = RISKY_MARKER.exec(body);
  // No marker: not our report, so nobody has judged it safe; let a reviewer resolve it.
  if (!marker) return "active";
  return Number(marker[1]) > 0 ? "active" : "closed";
}

export function logRetry(io: Io): RetryOptions["onRetry"] {
  return ({ what, attempt, delayMs, cause }) =>
    io.stderr(`warning: ${what}: attempt ${attempt} failed with ${cause}; retrying in ${delayMs} ms\n`);
}

import { CliError } from "../errors";

/**
 * The one retry policy every Azure DevOps call goes through. azure-devops-node-api retries
 * nothing by default, never 429 or POST/PATCH, and ignores Retry-After; Azure DevOps throttles
 * with 429 + Retry-After. Hand-written rather than cockatiel because the wait must come from the
 * failed answer (Retry-After), the total time limit must count the next wait before sleeping, and
 * tests inject the clock and sleep (cockatiel's delay is a private setTimeout).
 *
 * Callers make each retried unit idempotent (re-read, then write only what is missing), so
 * retrying a write whose answer was lost cannot duplicate anything.
 */
export interface RetryOptions {
  /** Attempts of one unit, first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** No wait may end later than this after the unit started. */
  readonly totalTimeMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly random: () => number;
  /** Names the service in give-up messages (default "Azure DevOps"; the price refresh reuses this policy). */
  readonly service?: string;
  /** Called before each wait (the CLI logs it to stderr). */
  readonly onRetry?: (info: { what: string; attempt: number; delayMs: number; cause: string }) => void;
}

export const defaultRetryOptions: RetryOptions = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  totalTimeMs: 120_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
  random: Math.random,
};

// 412: a `test /rev` guard lost to a concurrent edit; the unit re-reads before it writes again.
const RETRIED_STATUS = new Set([412, 429, 500, 502, 503, 504]);
const RETRIED_NETWORK_CODES = new Set(["ECONNRESET", "ETIMEDOUT", "ESOCKETTIMEDOUT", "ECONNREFUSED", "EPIPE", "EAI_AGAIN"]);

export interface RetryPolicy {
  execute<T>(what: string, unit: () => Promise<T>): Promise<T>;
}

export function createRetryPolicy(options: RetryOptions = defaultRetryOptions): RetryPolicy {
  return {
    async execute<T>(what: string, unit: () => Promise<T>): Promise<T> {
      const started = options.now();
      for (let attempt = 1; ; attempt++) {
        try {
          return await unit();
        } catch (err) {
          const transient = transientCause(err);
          if (!transient) throw asUserError(options.service ?? "Azure DevOps", what, err);
          const delayMs = nextDelay(options, attempt, retryAfterMs(err, options.now()));
          const outOfTime = options.now() + delayMs - started > options.totalTimeMs;
          if (attempt >= options.maxAttempts || outOfTime) {
            throw new CliError(
              `${options.service ?? "Azure DevOps"}: ${what} failed ${attempt} time(s), last with ${transient}; gave up ${outOfTime ? `because the next wait (${delayMs} ms) would pass the ${options.totalTimeMs} ms limit` : `after ${attempt} attempts`}. Nothing more was written; re-running the command is safe.`,
            );
          }
          options.onRetry?.({ what, attempt, delayMs, cause: transient });
          await options.sleep(delayMs);
        }
      }
    },
  };
}

/** An HTTP answer the user can act on (401 token, 403 permission, 400 body) becomes a CliError (exit 2). */
function asUserError(service: string, what: string, err: unknown): unknown {
  const status = (err as { statusCode?: unknown })?.statusCode;
  if (typeof status !== "number") return err;
  const hint =
    status === 401 ? " Check the token (SYSTEM_ACCESSTOKEN or AZURE_DEVOPS_EXT_PAT)." :
    status === 403 ? " The token's identity lacks a permission (e.g. 'Contribute to pull requests' or 'Edit work items in this node')." : "";
  return new CliError(`${service}: ${what} failed with HTTP ${status}: ${(err as Error).message}.${hint}`);
}

/** Exponential backoff with full jitter; at least Retry-After when the server sent one. */
function nextDelay(o: RetryOptions, attempt: number, retryAfter: number | undefined): number {
  const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (attempt - 1));
  const backoff = Math.round(ceiling / 2 + (o.random() * ceiling) / 2);
  if (retryAfter === undefined) return backoff;
  // A little jitter on top, so parallel pipelines do not return in lockstep.
  return retryAfter + Math.round(o.random() * Math.min(1000, o.baseDelayMs));
}

/** A short description of why the error is worth retrying, or undefined. */
export function transientCause(err: unknown): string | undefined {
  const e = err as { statusCode?: unknown; code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== "object") return undefined;
  if (typeof e.statusCode === "number" && RETRIED_STATUS.has(e.statusCode)) return `HTTP ${e.statusCode}`;
  if (typeof e.code === "string" && RETRIED_NETWORK_CODES.has(e.code)) return e.code;
  // typed-rest-client's socket timeout is a plain Error.
  if (typeof e.message === "string" && e.message.startsWith("Request timeout")) return "a request timeout";
  return undefined;
}

/** Retry-After in ms from the library's parsed rate limit, or the raw header (seconds or HTTP date). */
export function retryAfterMs(err: unknown, now = Date.now()): number | undefined {
  const e = err as { rateLimit?: { retryAfter?: unknown }; responseHeaders?: Record<string, unknown> };
  const parsed = e?.rateLimit?.retryAfter;
  if (typeof parsed === "number" && Number.isFinite(parsed) && parsed >= 0) return parsed * 1000;
  const raw = e?.responseHeaders?.["retry-after"];
  if (typeof raw !== "string") return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

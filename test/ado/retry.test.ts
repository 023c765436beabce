import { CliError } from "../../tools/errors";
import { createRetryPolicy, defaultRetryOptions, RetryOptions } from "../../tools/ado/retry";

/** A fake clock: sleeping advances it, nothing waits for real. */
function fakeTime(overrides: Partial<RetryOptions> = {}) {
  let now = 0;
  const waits: number[] = [];
  const options: RetryOptions = {
    ...defaultRetryOptions,
    random: () => 0.5,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
    ...overrides,
  };
  return { policy: createRetryPolicy(options), waits };
}

const httpError = (statusCode: number, retryAfter?: number) =>
  Object.assign(new Error(`status ${statusCode}`), { statusCode, rateLimit: retryAfter === undefined ? undefined : { retryAfter } });

describe("retry policy", () => {
  it("waits at least Retry-After on 429, then backs off exponentially with jitter on 5xx", async () => {
    const { policy, waits } = fakeTime();
    const answers = [httpError(429, 7), httpError(503), httpError(500), "ok"];
    const result = await policy.execute("call", async () => {
      const next = answers.shift();
      if (next instanceof Error) throw next;
      return next;
    });
    expect(result).toBe("ok");
    // 7 s + jitter (random 0.5 × min(1000, base 500)); then 500×2^1 and 500×2^2 with half-jitter at 0.5.
    expect(waits).toEqual([7250, 750, 1500]);
  });

  it("gives up when the next wait would pass the total time limit, saying so", async () => {
    const { policy, waits } = fakeTime({ totalTimeMs: 10_000 });
    const failing = policy.execute("create the thread", async () => {
      throw httpError(429, 30);
    });
    await expect(failing).rejects.toThrow(CliError);
    await expect(failing).rejects.toThrow(/create the thread failed 1 time\(s\), last with HTTP 429; gave up because the next wait \(30250 ms\) would pass the 10000 ms limit/);
    expect(waits).toEqual([]);
  });

  it("stops after maxAttempts and does not retry 400, 401 or 404-like errors", async () => {
    const { policy, waits } = fakeTime({ maxAttempts: 3 });
    let calls = 0;
    await expect(policy.execute("x", async () => { calls++; throw httpError(502); })).rejects.toThrow(/after 3 attempts/);
    expect(calls).toBe(3);
    expect(waits).toHaveLength(2);
    calls = 0;
    await expect(policy.execute("x", async () => { calls++; throw httpError(401); })).rejects.toThrow(/x failed with HTTP 401: status 401\. Check the token/);
    expect(calls).toBe(1);
  });

  it("retries socket timeouts and connection resets", async () => {
    const { policy } = fakeTime();
    const answers: unknown[] = [new Error("Request timeout: /x"), Object.assign(new Error("reset"), { code: "ECONNRESET" }), 1];
    await expect(policy.execute("x", async () => { const a = answers.shift(); if (a instanceof Error) throw a; return a; })).resolves.toBe(1);
  });
});

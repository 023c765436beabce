import { CliError } from "../../tools/errors";
import { createRetryPolicy, defaultRetryOptions, retryAfterMs, RetryOptions } from "../../tools/ado/retry";

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

/** An error as typed-rest-client raises it when azure-devops-node-api did not parse the headers. */
const rawHeaderError = (statusCode: number, retryAfter: string) =>
  Object.assign(new Error(`status ${statusCode}`), { statusCode, responseHeaders: { "retry-after": retryAfter } });

describe("Retry-After read from the raw header (RFC 9110 §10.2.3: delay-seconds or an HTTP date)", () => {
  const NOW = Date.parse("2026-10-21T07:28:00Z");
  test.each([
    ["seconds", "7", 7000],
    ["seconds with spaces", " 120 ", 120_000],
    ["zero seconds", "0", 0],
    ["an HTTP date 30 s ahead", "Wed, 21 Oct 2026 07:28:30 GMT", 30_000],
    ["an HTTP date in the past", "Wed, 21 Oct 2026 07:27:00 GMT", 0],
    ["garbage", "soon", undefined],
  ])("%s (%j) is %p ms", (_label, header, ms) => {
    expect(retryAfterMs(rawHeaderError(429, header), NOW)).toBe(ms);
  });

  test("the library's parse of an HTTP date (NaN) falls through to the raw header", () => {
    const err = Object.assign(rawHeaderError(429, "Wed, 21 Oct 2026 07:28:05 GMT"), { rateLimit: { retryAfter: Number.NaN } });
    expect(retryAfterMs(err, NOW)).toBe(5000);
  });

  test.each([
    ["seconds", "3", 3250],
    ["an HTTP date", "Thu, 01 Jan 1970 00:00:09 GMT", 9250],
  ])("the policy waits for a raw Retry-After in %s on the injected clock", async (_label, header, wait) => {
    const { policy, waits } = fakeTime();
    const answers: unknown[] = [rawHeaderError(429, header), "ok"];
    await policy.execute("call", async () => {
      const a = answers.shift();
      if (a instanceof Error) throw a;
      return a;
    });
    expect(waits).toEqual([wait]);
  });
});

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MAX_COMMENT_CHARS, runPrThread } from "../../tools/ado/run-pr-thread";
import { RetryOptions } from "../../tools/ado/retry";
import { run } from "../../tools/cli";
import { captureIo } from "../support/capture-io";
import { FakeAdo } from "../support/fake-ado";

const THREADS = /\/pullRequests\/7\/threads$/;
const COMMENT = /\/threads\/\d+\/comments\/\d+$/;
let tmp: string;
let fake: FakeAdo;

beforeAll(() => {
  // Loopback calls must not go through a proxy the machine may have configured.
  delete process.env.HTTP_PROXY;
  delete process.env.HTTPS_PROXY;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pr-thread-"));
  fs.writeFileSync(path.join(tmp, "safe.md"), "<!-- delivery:preview-report risky=0 -->\n## Pulumi preview\nv1\n");
  fs.writeFileSync(path.join(tmp, "safe2.md"), "<!-- delivery:preview-report risky=0 -->\n## Pulumi preview\nv2\n");
  fs.writeFileSync(path.join(tmp, "risky.md"), "<!-- delivery:preview-report risky=2 -->\n## Pulumi preview\nv3\n");
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
beforeEach(async () => {
  fake = await new FakeAdo().start();
});
afterEach(() => fake.stop());

const env = { SYSTEM_ACCESSTOKEN: "job-token" };
const args = (body: string) => ["pr-thread", "--collection-url", fake.url, "--project", "erp", "--repository", "infra", "--pull-request", "7", "--body-file", body];
const opts = (bodyFile: string) => ({ collectionUrl: fake.url, project: "erp", repository: "infra", pullRequest: "7", bodyFile, status: "auto" });

/** Instant retries whose waits are recorded, so faults cost no real time. */
function recordedSleep(): { waits: number[]; retry: Partial<RetryOptions> } {
  const waits: number[] = [];
  return { waits, retry: { sleep: async (ms) => void waits.push(ms), random: () => 0 } };
}

describe("delivery pr-thread against a fake Azure DevOps", () => {
  it("creates one closed thread, then edits it in place; a risky body makes it active", async () => {
    const io = captureIo(tmp, env);
    expect(await run(args("safe.md"), io)).toBe(0);
    expect(io.stdoutText()).toMatch(/created thread 100 on pull request 7 \(status closed\)/);
    expect(await run(args("safe2.md"), captureIo(tmp, env))).toBe(0);
    expect(await run(args("risky.md"), captureIo(tmp, env))).toBe(0);
    const [thread] = fake.liveThreads(7);
    expect(fake.liveThreads(7)).toHaveLength(1);
    expect(thread.comments).toHaveLength(1);
    expect(thread.comments[0].content).toContain("v3");
    expect(thread.status).toBe("active");
    expect(thread.properties["Delivery.Kind"].$value).toBe("pulumi-preview");
    expect(fake.count("POST", THREADS)).toBe(1);
    // Route discovery happened and the requested api-version was kept.
    expect(fake.count("OPTIONS", /\/_apis\/git$/)).toBeGreaterThan(0);
    expect(fake.requests.find((r) => r.method === "GET" && THREADS.test(r.path))?.apiVersion).toBe("7.2-preview.1");
  });

  it("leaves a reviewer's resolution alone when the body did not change", async () => {
    await run(args("risky.md"), captureIo(tmp, env));
    fake.liveThreads(7)[0].status = "fixed";
    const io = captureIo(tmp, env);
    await run(args("risky.md"), io);
    expect(io.stdoutText()).toMatch(/unchanged thread 100/);
    expect(fake.liveThreads(7)[0].status).toBe("fixed");
  });

  it("after 429 with Retry-After, a lost create answer, 503 and a slow answer there is exactly one thread with the final content", async () => {
    const { waits, retry } = recordedSleep();
    fake.inject("GET", THREADS, { kind: "status", status: 429, retryAfterSeconds: 3, html: true });
    fake.inject("POST", THREADS, { kind: "lost-answer", status: 500 });
    // The request timeout is far from both a loaded machine's normal answer and the slow one, so
    // only the slow answer times out.
    fake.inject("PATCH", COMMENT, { kind: "slow", delayMs: 6000 });
    fake.inject("PATCH", /\/threads\/\d+$/, { kind: "status", status: 503 });
    const io = captureIo(tmp, env);
    expect(await runPrThread(opts("safe.md"), io, retry, 2000)).toBe(0);
    expect(await runPrThread(opts("risky.md"), io, retry, 2000)).toBe(0);
    const live = fake.liveThreads(7);
    expect(live).toHaveLength(1);
    expect(live[0].comments[0].content).toContain("v3");
    expect(live[0].status).toBe("active");
    expect(fake.count("POST", THREADS)).toBe(1);
    expect(waits[0]).toBe(3000);
    expect(waits).toHaveLength(4);
    expect(io.stderrText()).toMatch(/attempt 1 failed with HTTP 429; retrying in 3000 ms/);
    expect(io.stderrText()).toMatch(/failed with a request timeout/);
  });

  it("two concurrent runs for the same PR leave one thread", async () => {
    // Both runs list the (empty) threads before either creates one.
    fake.holdUntil("GET", THREADS, 2);
    const [a, b] = await Promise.all([
      runPrThread(opts("safe.md"), captureIo(tmp, env), recordedSleep().retry),
      runPrThread(opts("safe2.md"), captureIo(tmp, env), recordedSleep().retry),
    ]);
    expect([a, b]).toEqual([0, 0]);
    expect(fake.count("POST", THREADS)).toBe(2);
    const live = fake.liveThreads(7);
    expect(live).toHaveLength(1);
    expect(live[0].id).toBe(100);
    expect(fake.threads.find((t) => t.id === 101)?.isDeleted).toBe(true);
  });

  it("gives up with exit 2 after persistent 503s, naming the operation", async () => {
    fake.inject("GET", THREADS, { kind: "status", status: 503 }, 10);
    const io = captureIo(tmp, env);
    await expect(runPrThread(opts("safe.md"), io, { ...recordedSleep().retry, maxAttempts: 3 })).rejects.toThrow(
      /update the preview thread on pull request 7 failed 3 time\(s\), last with HTTP 503/,
    );
    expect(fake.threads).toHaveLength(0);
  });

  it("exits 2 without a token, naming both variables", async () => {
    const io = captureIo(tmp, {});
    expect(await run(args("safe.md"), io)).toBe(2);
    expect(io.stderrText()).toMatch(/set SYSTEM_ACCESSTOKEN .* or AZURE_DEVOPS_EXT_PAT/);
    expect(fake.requests).toHaveLength(0);
  });

  // Azure DevOps rejects comments longer than 150,000 characters with HTTP 400 (checked against
  // the service; see MAX_COMMENT_CHARS), so a body one over must fail before any request.
  it.each([
    ["exactly at the limit", 150_000, 0],
    ["one over the limit", 150_001, 2],
  ])("a body %s (%d characters) exits %d", async (_label, length, exit) => {
    expect(MAX_COMMENT_CHARS).toBe(150_000);
    const head = "<!-- delivery:preview-report risky=0 -->\n";
    const body = head + "x".repeat(length - head.length);
    expect(body).toHaveLength(length);
    fs.writeFileSync(path.join(tmp, "sized.md"), body);
    const io = captureIo(tmp, env);
    expect(await run(args("sized.md"), io)).toBe(exit);
    if (exit === 0) {
      expect(fake.liveThreads(7)[0].comments[0].content).toHaveLength(150_000);
    } else {
      expect(io.stderrText()).toContain("--body-file sized.md: 150001 characters, but Azure DevOps accepts at most 150000 per comment");
      expect(fake.requests).toHaveLength(0);
    }
  });

  it("waits for a Retry-After given as an HTTP date (the raw header path), then posts", async () => {
    const { waits, retry } = recordedSleep();
    const until = "Wed, 21 Oct 2026 07:28:04 GMT";
    fake.inject("GET", THREADS, { kind: "status", status: 429, retryAfterHeader: until });
    const io = captureIo(tmp, env);
    expect(await runPrThread(opts("safe.md"), io, { ...retry, now: () => Date.parse(until) - 4_000 })).toBe(0);
    expect(waits[0]).toBe(4000);
    expect(fake.liveThreads(7)).toHaveLength(1);
  });
});

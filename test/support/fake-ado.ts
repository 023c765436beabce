import * as http from "http";
import { AddressInfo } from "net";

/**
 * A loopback fake of the Azure DevOps REST API, enough for azure-devops-node-api 17: route
 * discovery (OPTIONS per area, resource areas), PR threads and comments, work items, WIQL and
 * work item comments. State is kept in memory; faults are injected per method + path. It listens
 * on 127.0.0.1 only, answers at most `maxRequests` requests, and closes itself after `lifetimeMs`.
 */

export type Fault =
  /** Answer with this status without doing anything (429 adds Retry-After). */
  | { kind: "status"; status: number; retryAfterSeconds?: number; retryAfterHeader?: string; html?: boolean }
  /** Do the work, then answer 500 anyway: the client cannot know its write succeeded. */
  | { kind: "lost-answer"; status: number }
  /** Do the work, but answer only after this delay (beyond the client's socket timeout). */
  | { kind: "slow"; delayMs: number };

interface FaultRule {
  method: string;
  path: RegExp;
  fault: Fault;
  remaining: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  apiVersion?: string;
}

interface StoredComment {
  id: number;
  parentCommentId: number;
  content: string;
  commentType: string;
  isDeleted: boolean;
  publishedDate: string;
}

export interface StoredThread {
  id: number;
  pullRequestId: number;
  status: string;
  properties: Record<string, { $type: string; $value: unknown }>;
  comments: StoredComment[];
  isDeleted: boolean;
  publishedDate: string;
}

export interface StoredWorkItem {
  id: number;
  rev: number;
  fields: Record<string, unknown>;
  comments: string[];
}

const THREAD_STATUS_NAMES = ["unknown", "active", "fixed", "wontFix", "closed", "byDesign", "pending"];

/** Location ids and route templates of the calls the tools make (from the library's sources). */
const LOCATIONS: Record<string, { id: string; resourceName: string; routeTemplate: string }[]> = {
  git: [
    { id: "ab6e2e5d-a0b7-4153-b64a-a4efe0d49449", resourceName: "threads", routeTemplate: "{project}/_apis/{area}/repositories/{repositoryId}/pullRequests/{pullRequestId}/{resource}/{threadId}" },
    { id: "965a3ec7-5ed8-455a-bdcb-835a5ea7fe7b", resourceName: "comments", routeTemplate: "{project}/_apis/{area}/repositories/{repositoryId}/pullRequests/{pullRequestId}/threads/{threadId}/{resource}/{commentId}" },
  ],
  wit: [
    { id: "62d3d110-0047-428c-ad3c-4fe872c91c74", resourceName: "workItems", routeTemplate: "{project}/_apis/{area}/workitems/${type}" },
    { id: "72c7ddf8-2cdc-4f60-90cd-ab71c14a399b", resourceName: "workItems", routeTemplate: "{project}/_apis/{area}/{resource}/{id}" },
    { id: "1a9c53f7-f243-4447-b110-35ef023636e4", resourceName: "wiql", routeTemplate: "{project}/{team}/_apis/{area}/{resource}/{id}" },
    { id: "608aac0a-32e1-4493-a863-b9cf4566d257", resourceName: "comments", routeTemplate: "{project}/_apis/{area}/workItems/{workItemId}/{resource}/{commentId}" },
  ],
  Location: [{ id: "e81700f7-3be2-46de-8624-2eb35882fcaa", resourceName: "ResourceAreas", routeTemplate: "_apis/{resource}/{areaId}" }],
};

export class FakeAdo {
  readonly requests: RequestRecord[] = [];
  readonly threads: StoredThread[] = [];
  readonly workItems: StoredWorkItem[] = [];
  private readonly faults: FaultRule[] = [];
  private readonly server: http.Server;
  private nextThreadId = 100;
  private nextWorkItemId = 500;
  private lifetime?: NodeJS.Timeout;
  private barrier?: { method: string; path: RegExp; count: number; waiting: (() => void)[] };
  url = "";

  constructor(
    readonly org = "fabrikam",
    private readonly maxRequests = 400,
    private readonly lifetimeMs = 20_000,
  ) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/${this.org}/`;
    // Stops by itself even when a test forgets to.
    this.lifetime = setTimeout(() => void this.stop(), this.lifetimeMs);
    this.lifetime.unref();
    return this;
  }

  async stop(): Promise<void> {
    if (this.lifetime) clearTimeout(this.lifetime);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `times` requests matching method + path get `fault`. */
  inject(method: string, path: RegExp, fault: Fault, times = 1): void {
    this.faults.push({ method, path, fault, remaining: times });
  }

  /** Holds matching requests until `count` of them arrived, then lets all through (forces races). */
  holdUntil(method: string, path: RegExp, count: number): void {
    this.barrier = { method, path, count, waiting: [] };
  }

  liveThreads(pullRequestId: number): StoredThread[] {
    return this.threads.filter((t) => t.pullRequestId === pullRequestId && !t.isDeleted);
  }

  count(method: string, path: RegExp): number {
    return this.requests.filter((r) => r.method === method && path.test(r.path)).length;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    const path = decodeURIComponent(url.pathname);
    const apiVersion = /api-version=([^;,\s]+)/.exec(String(req.headers.accept ?? ""))?.[1] ?? url.searchParams.get("api-version") ?? undefined;
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}, raw?: string) => {
      this.requests.push({ method, path, status, apiVersion });
      const text = raw ?? (payload === undefined ? "" : JSON.stringify(payload));
      res.writeHead(status, { "content-type": raw ? "text/html" : "application/json; charset=utf-8", ...headers });
      res.end(text);
    };
    if (this.requests.length >= this.maxRequests) return send(503, { message: "fake: request budget exhausted" });
    if (method !== "OPTIONS" && !req.headers.authorization) return send(401, { message: "no Authorization header" });

    const b = this.barrier;
    if (b && b.method === method && b.path.test(path)) {
      await new Promise<void>((resolve) => {
        b.waiting.push(resolve);
        if (b.waiting.length >= b.count) {
          this.barrier = undefined;
          b.waiting.forEach((w) => w());
        }
      });
    }

    const rule = this.faults.find((f) => f.remaining > 0 && f.method === method && f.path.test(path));
    if (rule) rule.remaining--;
    const fault = rule?.fault;
    if (fault?.kind === "status") {
      const retryAfter = fault.retryAfterHeader ?? (fault.retryAfterSeconds !== undefined ? String(fault.retryAfterSeconds) : undefined);
      const headers: Record<string, string> = retryAfter !== undefined ? { "retry-after": retryAfter } : {};
      if (fault.html) return send(fault.status, undefined, headers, "<html><body>TF400733: The request has been canceled</body></html>");
      return send(fault.status, { message: `fake fault ${fault.status}`, typeKey: "FakeFault" }, headers);
    }

    let result: { status: number; payload?: unknown };
    try {
      result = this.route(method, path, url, body, req.headers);
    } catch (err) {
      result = { status: 400, payload: { message: (err as Error).message } };
    }
    if (fault?.kind === "lost-answer") return send(fault.status, { message: "fake: answer lost after the write" });
    if (fault?.kind === "slow") await new Promise((r) => setTimeout(r, fault.delayMs).unref());
    if (res.destroyed) {
      this.requests.push({ method, path, status: -1, apiVersion });
      return;
    }
    send(result.status, result.payload);
  }

  private route(method: string, path: string, url: URL, body: string, headers: http.IncomingHttpHeaders): { status: number; payload?: unknown } {
    const base = `/${this.org}`;
    if (!path.startsWith(base)) return { status: 404, payload: { message: "unknown organization" } };
    const rest = path.slice(base.length);
    let m: RegExpExecArray | null;

    if (method === "OPTIONS" && (m = /^\/_apis\/(\w+)\/?$/.exec(rest))) {
      const area = m[1];
      const value = (LOCATIONS[area] ?? []).map((l) => ({ ...l, area, resourceVersion: 1, minVersion: "1.0", maxVersion: "7.2", releasedVersion: "7.1" }));
      return { status: 200, payload: { count: value.length, value } };
    }
    if (method === "GET" && /^\/_apis\/ResourceAreas\/?$/.test(rest)) return { status: 200, payload: { count: 0, value: [] } };

    const threads = /^\/[^/]+\/_apis\/git\/repositories\/[^/]+\/pullRequests\/(\d+)\/threads(?:\/(\d+))?(?:\/comments(?:\/(\d+))?)?\/?$/.exec(rest);
    if (threads) return this.threadRoute(method, Number(threads[1]), threads[2] ? Number(threads[2]) : undefined, threads[3] ? Number(threads[3]) : undefined, body);

    if (method === "POST" && /^\/[^/]+\/_apis\/wit\/wiql\/?$/.test(rest)) return { status: 200, payload: this.wiql(JSON.parse(body).query) };
    if (method === "POST" && (m = /^\/[^/]+\/_apis\/wit\/workitems\/\$(.+)$/.exec(rest))) {
      if (!String(headers["content-type"]).startsWith("application/json-patch+json")) return { status: 415, payload: { message: "expected json-patch" } };
      return this.createWorkItem(m[1], JSON.parse(body));
    }
    if (method === "PATCH" && (m = /^\/[^/]+\/_apis\/wit\/workItems\/(\d+)\/?$/i.exec(rest))) {
      if (!String(headers["content-type"]).startsWith("application/json-patch+json")) return { status: 415, payload: { message: "expected json-patch" } };
      return this.updateWorkItem(Number(m[1]), JSON.parse(body));
    }
    if (method === "GET" && /^\/[^/]+\/_apis\/wit\/workItems\/?$/i.test(rest)) {
      const ids = (url.searchParams.get("ids") ?? "").split(",").map(Number);
      const value = this.workItems.filter((w) => ids.includes(w.id)).map(workItemJson);
      return { status: 200, payload: { count: value.length, value } };
    }
    return { status: 404, payload: { message: `fake: no route for ${method} ${path}` } };
  }

  private threadRoute(method: string, pr: number, threadId: number | undefined, commentId: number | undefined, body: string): { status: number; payload?: unknown } {
    const now = new Date().toISOString();
    if (threadId === undefined) {
      if (method === "GET") {
        const value = this.threads.filter((t) => t.pullRequestId === pr).map(threadJson);
        return { status: 200, payload: { value, count: value.length } };
      }
      if (method === "POST") {
        const input = JSON.parse(body);
        if (!Array.isArray(input.comments) || input.comments.length === 0) return { status: 400, payload: { message: "a thread needs a comment" } };
        const thread: StoredThread = {
          id: this.nextThreadId++,
          pullRequestId: pr,
          status: THREAD_STATUS_NAMES[input.status ?? 0],
          properties: envelope(input.properties ?? {}),
          comments: input.comments.map((c: { content: string; parentCommentId?: number }, i: number) => comment(i + 1, c.content, c.parentCommentId ?? 0, now)),
          isDeleted: false,
          publishedDate: now,
        };
        if (thread.comments.some((c) => c.content.length > 150_000)) return { status: 400, payload: { message: "A discussion comment cannot be longer than 150000 characters" } };
        this.threads.push(thread);
        return { status: 200, payload: threadJson(thread) };
      }
    }
    const thread = this.threads.find((t) => t.id === threadId && t.pullRequestId === pr);
    if (!thread) return { status: 404, payload: { message: "thread not found" } };
    if (commentId === undefined && method === "PATCH") {
      const input = JSON.parse(body);
      if (input.status !== undefined) thread.status = THREAD_STATUS_NAMES[input.status];
      Object.assign(thread.properties, envelope(input.properties ?? {}));
      return { status: 200, payload: threadJson(thread) };
    }
    const c = thread.comments.find((x) => x.id === commentId);
    if (!c) return { status: 404, payload: { message: "comment not found" } };
    if (method === "PATCH") {
      const content = JSON.parse(body).content as string;
      if (content.length > 150_000) return { status: 400, payload: { message: "A discussion comment cannot be longer than 150000 characters" } };
      c.content = content;
      return { status: 200, payload: c };
    }
    if (method === "DELETE") {
      c.isDeleted = true;
      thread.isDeleted = thread.comments.every((x) => x.isDeleted);
      return { status: 200 };
    }
    return { status: 405, payload: { message: "method not allowed" } };
  }

  private wiql(query: string): unknown {
    const tags = [...query.matchAll(/\[System\.Tags\] CONTAINS '((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));
    const type = /\[System\.WorkItemType\] = '((?:[^']|'')*)'/.exec(query)?.[1];
    const notIn = /\[System\.State\] NOT IN \(([^)]*)\)/.exec(query)?.[1] ?? "";
    const finished = [...notIn.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]);
    const hits = this.workItems.filter((w) => {
      const itemTags = String(w.fields["System.Tags"] ?? "").split(";").map((t) => t.trim());
      return tags.every((t) => itemTags.includes(t)) && (!type || w.fields["System.WorkItemType"] === type) && !finished.includes(String(w.fields["System.State"]));
    });
    return { queryType: "flat", asOf: new Date().toISOString(), columns: [], workItems: hits.map((w) => ({ id: w.id, url: `${this.url}_apis/wit/workItems/${w.id}` })) };
  }

  private createWorkItem(type: string, ops: { op: string; path: string; value: unknown }[]): { status: number; payload?: unknown } {
    if (type !== "Bug" && type !== "Issue") return { status: 404, payload: { message: `work item type ${type} does not exist` } };
    const item: StoredWorkItem = { id: this.nextWorkItemId++, rev: 1, fields: { "System.WorkItemType": type, "System.State": type === "Bug" ? "New" : "To Do" }, comments: [] };
    for (const op of ops) item.fields[op.path.replace("/fields/", "")] = op.value;
    this.workItems.push(item);
    return { status: 200, payload: workItemJson(item) };
  }

  private updateWorkItem(id: number, ops: { op: string; path: string; value: unknown }[]): { status: number; payload?: unknown } {
    const item = this.workItems.find((w) => w.id === id);
    if (!item) return { status: 404, payload: { message: "work item not found" } };
    for (const op of ops) {
      if (op.op === "test" && op.path === "/rev" && op.value !== item.rev) return { status: 412, payload: { message: "rev mismatch" } };
    }
    for (const op of ops) {
      if (op.op === "test") continue;
      const field = op.path.replace("/fields/", "");
      if (field === "System.History") item.comments.push(String(op.value));
      else item.fields[field] = op.value;
    }
    item.rev++;
    return { status: 200, payload: workItemJson(item) };
  }
}

function comment(id: number, content: string, parentCommentId: number, now: string): StoredComment {
  return { id, parentCommentId, content, commentType: "text", isDeleted: false, publishedDate: now };
}

function envelope(props: Record<string, unknown>): StoredThread["properties"] {
  const out: StoredThread["properties"] = {};
  for (const [k, v] of Object.entries(props)) out[k] = { $type: "System.String", $value: v };
  return out;
}

function threadJson(t: StoredThread): unknown {
  return { pullRequestThreadContext: null, id: t.id, publishedDate: t.publishedDate, lastUpdatedDate: t.publishedDate, comments: t.comments, status: t.status, threadContext: null, properties: t.properties, isDeleted: t.isDeleted };
}

function workItemJson(w: StoredWorkItem): unknown {
  return { id: w.id, rev: w.rev, fields: w.fields, url: `https://dev.azure.com/fabrikam/_apis/wit/workItems/${w.id}` };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

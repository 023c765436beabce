import * as http from "http";
import { AddressInfo } from "net";

/**
 * A loopback fake of a GitHub-style release server: release assets under
 * /<owner>/<repo>/releases/download/v<version>/<file> and the latest-release API under
 * /repos/<owner>/<repo>/releases/latest. Files are served from memory; a path can be made to
 * answer any status (404, 503). Listens on 127.0.0.1 only.
 */
export class FakeReleaseServer {
  private readonly files = new Map<string, Buffer>();
  private readonly statuses = new Map<string, number>();
  readonly requests: string[] = [];
  private server?: http.Server;
  url = "";

  /** Serves `body` at `path` (leading slash). */
  file(path: string, body: Buffer | string): this {
    this.files.set(path, Buffer.isBuffer(body) ? body : Buffer.from(body));
    return this;
  }
  /** Answers `status` at `path` whatever is stored there. */
  status(path: string, status: number): this {
    this.statuses.set(path, status);
    return this;
  }
  latest(repo: string, tag: string): this {
    return this.file(`/repos/${repo}/releases/latest`, JSON.stringify({ tag_name: tag, name: tag }));
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
      this.requests.push(path);
      const forced = this.statuses.get(path);
      const body = this.files.get(path);
      if (forced !== undefined || body === undefined) {
        res.writeHead(forced ?? 404, { "content-type": "text/plain" }).end(forced ? `fake: status ${forced}` : "Not Found");
        return;
      }
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length }).end(body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

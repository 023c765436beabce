import { CliError } from "../errors";

/** Why a download did not produce bytes; each becomes one line of the run's report. */
export class DownloadError extends Error {}

/**
 * Release server base URLs must be https; plain http is accepted only for the loopback address
 * (the tests' fake release server), so a typo cannot downgrade a real download.
 */
export function checkBaseUrl(option: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`${option} ${JSON.stringify(value)}: expected an https URL such as https://github.com.`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && url.hostname === "127.0.0.1")) {
    throw new CliError(`${option} ${JSON.stringify(value)}: expected https (http only for 127.0.0.1); found ${url.protocol}.`);
  }
  return value.replace(/\/+$/, "");
}

/** GET a URL's bytes: 404 is a missing asset, 5xx or a network error a server failure; both name the URL. */
export async function download(url: string, what: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(120_000) });
  } catch (err) {
    throw new DownloadError(`${what}: ${url} could not be reached (${(err as Error).message})`);
  }
  if (response.status === 404) throw new DownloadError(`${what}: missing at ${url} (404): the release has no such file; check the version and the publisher's file names`);
  if (!response.ok) throw new DownloadError(`${what}: ${url} answered ${response.status}; the release server failed, nothing was pinned from it (run tools-pin again later)`);
  return Buffer.from(await response.arrayBuffer());
}

/** Latest release version (tag without the leading v) from the GitHub releases API. */
export async function latestVersion(apiBase: string, repo: string): Promise<string> {
  const body = (await download(`${apiBase}/repos/${repo}/releases/latest`, `latest release of ${repo}`)).toString("utf8");
  let tag: unknown;
  try {
    tag = (JSON.parse(body) as { tag_name?: unknown }).tag_name;
  } catch {
    throw new DownloadError(`latest release of ${repo}: the answer is not JSON (${JSON.stringify(body.slice(0, 80))})`);
  }
  if (typeof tag !== "string" || !/^v?\d+\.\d+\.\d+$/.test(tag)) {
    throw new DownloadError(`latest release of ${repo}: expected a tag_name such as v1.2.3; found ${JSON.stringify(tag)}`);
  }
  return tag.replace(/^v/, "");
}

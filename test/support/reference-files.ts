/**
 * Reference files the tests check the project against (provider schemas, Microsoft's pipeline
 * schema). They are not vendored: a test reads each from the path in its environment variable
 * (.ci/run sets them), else from the git-ignored <repo>/.cache/reference/, else from `../shared/`
 * beside the checkout (where the team keeps the reference notes), and only then downloads it once
 * from a pinned commit into the cache. Whichever source, the bytes must match the pinned sha256, so
 * a test never passes against a different file than the one its assertions were written for.
 */
import { createHash } from "crypto";
import { promises as fs } from "fs";
import * as path from "path";

export interface ReferenceFile {
    /** What the file is, for messages. */
    readonly title: string;
    /** Environment variable holding a local path (absolute, or relative to the repository root). */
    readonly envVar: string;
    /** Immutable download address: a raw file at a pinned commit. */
    readonly url: string;
    /** sha256 of the file's bytes, lower-case hex. */
    readonly sha256: string;
    /** File name under <repo>/.cache/reference/. */
    readonly cacheName: string;
    /** Path of the team's copy under `../shared/` beside the checkout. */
    readonly sharedPath: string;
}

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const CACHE_DIR = path.join(REPO_ROOT, ".cache", "reference");
/** The team's shared folder beside the checkout (reference notes and schemas). */
export const SHARED_DIR = path.resolve(REPO_ROOT, "..", "shared");

export const REFERENCE_FILES = {
    /**
     * Pulumi schema of the azuredevops provider. Copied from the newest default-branch commit rather
     * than the v3.15.0 tag (fab4a655f652090b3093b25d3f7ad9a14cb19b77): the 31 commits between them
     * change `description` strings only, so names, types and required lists are exactly 3.15.0's.
     */
    azuredevopsSchema: {
        title: "azuredevops provider schema (pulumi-azuredevops 3.15.0)",
        envVar: "DELIVERY_REF_AZUREDEVOPS_SCHEMA",
        url:
            "https://raw.githubusercontent.com/pulumi/pulumi-azuredevops/abe59c068c36572e7e46c9584080b81eb2f37adb/" +
            "provider/cmd/pulumi-resource-azuredevops/schema.json",
        sha256: "61f2668cd24f89991efa22ba3217be70f0590e028e6c7eac0645c02d61bac066",
        cacheName: "azuredevops-schema.json",
        sharedPath: "reference/azuredevops-schema.json",
    },
    /** Microsoft's JSON schema of Azure Pipelines YAML (draft-07; ajv 8 needs `unicodeRegExp: false`). */
    pipelinesSchema: {
        title: "Azure Pipelines YAML schema (microsoft/azure-pipelines-vscode service-schema.json)",
        envVar: "DELIVERY_REF_PIPELINES_SCHEMA",
        url:
            "https://raw.githubusercontent.com/microsoft/azure-pipelines-vscode/e8090fd525cd6ba47d7685c698f3f51983e298c6/" +
            "service-schema.json",
        sha256: "f00a9630f6550204148634d9a13f634b5750a225559886effe09a751482f0459",
        cacheName: "azure-pipelines.schema.json",
        sharedPath: "schemas/azure-pipelines.schema.json",
    },
} as const satisfies Record<string, ReferenceFile>;

export function sha256Hex(bytes: Uint8Array): string {
    return createHash("sha256").update(bytes).digest("hex");
}

/** The message for bytes that are not the pinned file; names the file, the expected and the actual hash. */
export function hashMismatchMessage(ref: ReferenceFile, where: string, actual: string): string {
    return (
        `${ref.title}: ${where} has sha256 ${actual}, expected ${ref.sha256}. ` +
        `The tests were written against the pinned file (${ref.url}); point ${ref.envVar} at an unmodified copy ` +
        `of it, or update the pin in test/support/reference-files.ts together with the tests that depend on it.`
    );
}

/** Reads a file the caller named; a missing file says which variable named it. */
async function readNamedFile(ref: ReferenceFile, file: string): Promise<Buffer> {
    try {
        return await fs.readFile(file);
    } catch (err) {
        throw userError(`${ref.title}: ${ref.envVar}=${process.env[ref.envVar]} names ${file}, which cannot be read (${(err as Error).message}).`);
    }
}

async function readIfPresent(file: string): Promise<Buffer | undefined> {
    try {
        return await fs.readFile(file);
    } catch {
        return undefined;
    }
}

/** An error whose report is its one-paragraph message: a missing reference file is not a code fault. */
function userError(message: string): Error {
    const err = new Error(message);
    err.stack = message;
    return err;
}

/** Downloads the pinned file with Node's built-in fetch and stores it in the cache once its hash matches. */
async function download(ref: ReferenceFile, cacheFile: string, sharedFile: string): Promise<Buffer> {
    let bytes: Buffer;
    try {
        const response = await fetch(ref.url);
        if (!response.ok) {
            throw new Error(`HTTP ${response.status} ${response.statusText}`);
        }
        bytes = Buffer.from(await response.arrayBuffer());
    } catch (err) {
        throw userError(
            `${ref.title}: not found. ${ref.envVar} is not set, neither ${cacheFile} nor ${sharedFile} holds the ` +
                `pinned file, and downloading ${ref.url} failed (${(err as Error).message}). ` +
                `Set ${ref.envVar} to a local copy of the file (sha256 ${ref.sha256}).`,
        );
    }
    const actual = sha256Hex(bytes);
    if (actual !== ref.sha256) {
        throw userError(hashMismatchMessage(ref, `the download from ${ref.url}`, actual));
    }
    await fs.mkdir(path.dirname(cacheFile), { recursive: true });
    // Write then rename: jest workers may download the same file at once, and a reader must never see
    // half a file.
    const partial = `${cacheFile}.${process.pid}.partial`;
    await fs.writeFile(partial, bytes);
    await fs.rename(partial, cacheFile);
    return bytes;
}

/**
 * The bytes of a reference file, verified against its pinned sha256: from the path in its environment
 * variable when that is set (a mismatch fails), else from the cache, else from `../shared/` beside the
 * checkout, else downloaded into the cache (a cached or shared file with the wrong hash is skipped).
 * `cacheDir` and `sharedDir` are for tests of this module.
 */
export async function readReferenceFile(ref: ReferenceFile, cacheDir: string = CACHE_DIR, sharedDir: string = SHARED_DIR): Promise<Buffer> {
    const fromEnv = process.env[ref.envVar];
    if (fromEnv) {
        const file = path.resolve(REPO_ROOT, fromEnv);
        const bytes = await readNamedFile(ref, file);
        const actual = sha256Hex(bytes);
        if (actual !== ref.sha256) {
            throw userError(hashMismatchMessage(ref, `${file} (from ${ref.envVar})`, actual));
        }
        return bytes;
    }
    const cacheFile = path.join(cacheDir, ref.cacheName);
    const cached = await readIfPresent(cacheFile);
    if (cached && sha256Hex(cached) === ref.sha256) {
        return cached;
    }
    const sharedFile = path.join(sharedDir, ref.sharedPath);
    const shared = await readIfPresent(sharedFile);
    if (shared && sha256Hex(shared) === ref.sha256) {
        return shared;
    }
    return download(ref, cacheFile, sharedFile);
}

/** A reference file parsed as JSON (after the hash check). */
export async function loadReferenceJson<T = unknown>(ref: ReferenceFile): Promise<T> {
    const bytes = await readReferenceFile(ref);
    return JSON.parse(bytes.toString("utf8")) as T;
}

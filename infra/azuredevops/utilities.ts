/**
 * What every class of the binding shares: the pinned plugin version, option merging, and the input
 * preparation the generated SDK does not do (nested secrets, integer ids, explicit names).
 *
 * The classes around this module are written the way the Pulumi codegen writes @pulumi/azuredevops,
 * so that an import change swaps the real package in; everything the binding adds on top of the
 * generated code goes through this module, so it is visible in one place.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * The `azuredevops` provider plugin version. The binding's type tokens, property names and types were
 * checked against this version's schema (test/azuredevops-binding.test.ts); the engine downloads or
 * selects the plugin by it.
 */
export const PLUGIN_VERSION = "3.15.0";

/**
 * A copy of `opts` with `version` set to {@link PLUGIN_VERSION}; every class and invoke calls it (the
 * generated SDK merges `resourceOptsDefaults()` in the same places). The generated SDK lets a caller's
 * `version` win; here another version is an error instead, because the binding's names and types are
 * those of 3.15.0 and another plugin could disagree with them silently.
 */
export function withPluginVersion<T extends { version?: string }>(opts: T | undefined): T {
    if (opts?.version !== undefined && opts.version !== PLUGIN_VERSION) {
        throw new Error(
            `The azuredevops binding targets provider plugin ${PLUGIN_VERSION}; options asked for version ` +
                `${opts.version}. Remove the version option or update the binding (infra/azuredevops).`,
        );
    }
    return { ...opts, version: PLUGIN_VERSION } as T;
}

/** First non-empty environment variable among `names` (the generated SDK's helper of that name). */
export function getEnv(...names: string[]): string | undefined {
    for (const name of names) {
        const value = process.env[name];
        if (value) {
            return value;
        }
    }
    return undefined;
}

/** What a resource class asks {@link prepareInputs} to do to its inputs. */
export interface InputPreparation {
    /**
     * The input the provider autonames when it is omitted (`<resource name>-<random suffix>`): this
     * binding requires it, so Azure DevOps objects carry the names the stack config gives them.
     */
    readonly explicitName?: string;
    /**
     * Nested properties the schema marks `secret`. The generated SDK wraps only top-level secret
     * inputs, so without this a nested credential would be sent, stored in state and shown in plain
     * text. Path syntax: `a.b`, `list[].b`, `list[]`.
     */
    readonly secretPaths?: readonly string[];
    /**
     * Properties the schema types `integer`. Azure DevOps ids of environments, build definitions and
     * variable groups are numeric strings (`resource.id`), and the provider rejects a string where it
     * wants an integer; numeric strings are converted here, anything else fails naming the property.
     */
    readonly integerPaths?: readonly string[];
}

/**
 * Applies an {@link InputPreparation} to the inputs a resource constructor collected. Plain objects
 * and arrays are walked so that only the named leaves change (the rest of an object stays known at
 * preview); an Output or Promise on the way is handled as a whole (see the walkers below).
 */
export function prepareInputs(
    resourceType: string,
    resourceName: string,
    inputs: pulumi.Inputs,
    opts: pulumi.CustomResourceOptions,
    preparation: InputPreparation,
): pulumi.Inputs {
    const typeName = resourceType.split(":").pop();
    const label = `${typeName} "${resourceName}"`;
    // A resource rehydrated from a URN (opts.urn) carries no inputs; the generated SDK skips its
    // required-property checks in that case too.
    if (preparation.explicitName !== undefined && inputs[preparation.explicitName] === undefined && !opts.urn) {
        throw new Error(
            `${label}: set "${preparation.explicitName}" explicitly; the azuredevops provider would otherwise ` +
                `name it "${resourceName}-<random suffix>".`,
        );
    }
    let prepared: Record<string, unknown> = inputs;
    for (const path of preparation.integerPaths ?? []) {
        const where = `${label}: ${path}`;
        prepared = mapAtPath(prepared, parsePath(path), (leaf) => integerLeaf(leaf, where), (container, rest) =>
            resolve(container).apply((plain) => mapAtPath(plain, rest, (leaf) => toInteger(leaf, where), notReached)),
        ) as Record<string, unknown>;
    }
    for (const path of preparation.secretPaths ?? []) {
        // An Output or Promise in the way hides where the secret sits, so the whole container becomes
        // secret: marking too much is safe, marking too little leaks.
        prepared = mapAtPath(prepared, parsePath(path), secretLeaf, (container) => pulumi.secret(container)) as Record<
            string,
            unknown
        >;
    }
    return prepared as pulumi.Inputs;
}

type PathStep = { readonly property: string } | { readonly items: true };

function parsePath(path: string): PathStep[] {
    const steps: PathStep[] = [];
    for (const segment of path.split(".")) {
        const match = /^([A-Za-z0-9_]+)((?:\[\])*)$/.exec(segment);
        if (!match) {
            throw new Error(`Bad input path "${path}" in the azuredevops binding (segment "${segment}").`);
        }
        steps.push({ property: match[1] });
        for (let i = 0; i < match[2].length / 2; i++) {
            steps.push({ items: true });
        }
    }
    return steps;
}

function isDeferred(value: unknown): value is pulumi.Output<unknown> | PromiseLike<unknown> {
    return (
        pulumi.Output.isInstance(value) ||
        (typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function")
    );
}

/**
 * Returns `value` with `leaf` applied at `steps`, copying (never mutating) the caller's objects.
 * Absent properties stay absent; `deferred` handles an Output/Promise met before the leaf.
 */
function mapAtPath(
    value: unknown,
    steps: readonly PathStep[],
    leaf: (value: unknown) => unknown,
    deferred: (container: pulumi.Output<unknown> | PromiseLike<unknown>, rest: readonly PathStep[]) => unknown,
): unknown {
    if (value === undefined || value === null) {
        return value;
    }
    if (steps.length === 0) {
        return leaf(value);
    }
    if (isDeferred(value)) {
        return deferred(value, steps);
    }
    const [step, ...rest] = steps;
    if ("items" in step) {
        return Array.isArray(value) ? value.map((item) => mapAtPath(item, rest, leaf, deferred)) : value;
    }
    if (typeof value !== "object" || !(step.property in value)) {
        return value;
    }
    const record = value as Record<string, unknown>;
    return { ...record, [step.property]: mapAtPath(record[step.property], rest, leaf, deferred) };
}

/** `pulumi.output` typed for values whose shape only the walk knows (its generic typing collapses on `unknown`). */
function resolve(value: pulumi.Output<unknown> | PromiseLike<unknown>): pulumi.Output<unknown> {
    return pulumi.output(value as pulumi.Input<unknown>) as pulumi.Output<unknown>;
}

function notReached(): never {
    // pulumi.output(...).apply hands over fully unwrapped values, so no Output can remain inside.
    throw new Error("azuredevops binding: an Output inside an unwrapped value");
}

function secretLeaf(value: unknown): unknown {
    return pulumi.secret(value as pulumi.Input<unknown>);
}

function integerLeaf(value: unknown, where: string): unknown {
    return isDeferred(value) ? resolve(value).apply((resolved) => toInteger(resolved, where)) : toInteger(value, where);
}

/** A schema integer from a number or a numeric id string; anything else is a mistake worth stopping for. */
export function toInteger(value: unknown, where: string): number | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value === "number" && Number.isSafeInteger(value)) {
        return value;
    }
    if (typeof value === "string" && /^\s*-?\d+\s*$/.test(value) && Number.isSafeInteger(Number(value))) {
        return Number(value);
    }
    throw new Error(`${where} must be an integer or a numeric id string; got ${JSON.stringify(value)}.`);
}

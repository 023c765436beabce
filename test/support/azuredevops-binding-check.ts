/**
 * Compares the azuredevops binding (infra/azuredevops) with the provider's Pulumi schema.
 *
 * The binding is read from its TypeScript sources with the compiler API (parse only, no type
 * checker), not from a description the classes carry at runtime: the check then covers exactly what
 * callers compile against (the `XArgs` interfaces, nested `types.input.*`, declared outputs, invoke
 * argument and result types), and the classes stay the shape the Pulumi codegen emits, so nothing
 * binding-specific leaks into the public surface that swapping in @pulumi/azuredevops would remove.
 *
 * `readBindingDeclarations` turns the sources into plain {@link BindingDeclaration}s;
 * `checkDeclaration` compares one with the schema and returns complaints (empty = consistent). The
 * two halves are separate so the checker can be fed a deliberately wrong declaration in a test.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

// ---- what the binding declares ------------------------------------------------------------------

export type DeclaredType =
    | { readonly kind: "string" | "number" | "boolean" }
    | { readonly kind: "array"; readonly items: DeclaredType }
    | { readonly kind: "map"; readonly values: DeclaredType }
    | { readonly kind: "object"; readonly name: string; readonly properties: Readonly<Record<string, DeclaredProperty>> }
    | { readonly kind: "unsupported"; readonly text: string };

export interface DeclaredProperty {
    readonly type: DeclaredType;
    readonly optional: boolean;
}

export interface BindingDeclaration {
    /** Exported class or function name. */
    readonly name: string;
    /** Source file relative to the repository, for messages. */
    readonly file: string;
    readonly kind: "resource" | "provider" | "function";
    /** Type token (`pulumi:providers:azuredevops` for the provider). */
    readonly token: string;
    /** Plugin version the class or function sets in its options; undefined when it sets none. */
    readonly version: string | undefined;
    /** Constructor `XArgs` / invoke `GetXArgs` (or `GetXOutputArgs`) properties. */
    readonly inputs: Readonly<Record<string, DeclaredProperty>>;
    /** Class output properties / invoke result properties. */
    readonly outputs: Readonly<Record<string, DeclaredProperty>>;
    /** Input paths sent as secrets (`pulumi.secret(args.x)` and `prepareInputs` `secretPaths`). */
    readonly secretPaths: readonly string[];
    readonly additionalSecretOutputs: readonly string[];
    /** Input paths converted to integers (`prepareInputs` `integerPaths`). */
    readonly integerPaths: readonly string[];
    /** The input `prepareInputs` insists on (`explicitName`). */
    readonly explicitName: string | undefined;
}

// ---- the schema (only what the check reads) -----------------------------------------------------

export interface SchemaProperty {
    readonly type?: string;
    readonly $ref?: string;
    readonly items?: SchemaProperty;
    readonly additionalProperties?: SchemaProperty;
    readonly secret?: boolean;
}
interface SchemaObjectType {
    readonly properties?: Readonly<Record<string, SchemaProperty>>;
    readonly required?: readonly string[];
}
interface SchemaResource {
    readonly inputProperties?: Readonly<Record<string, SchemaProperty>>;
    readonly requiredInputs?: readonly string[];
    readonly properties?: Readonly<Record<string, SchemaProperty>>;
}
interface SchemaFunction {
    readonly inputs?: SchemaObjectType;
    readonly outputs?: SchemaObjectType;
}
export interface ProviderSchema {
    readonly name: string;
    readonly provider: SchemaResource;
    readonly resources: Readonly<Record<string, SchemaResource>>;
    readonly functions: Readonly<Record<string, SchemaFunction>>;
    readonly types: Readonly<Record<string, SchemaObjectType>>;
}

// ---- reading the binding's sources ---------------------------------------------------------------

interface ParsedFile {
    readonly relative: string;
    readonly source: ts.SourceFile;
    readonly interfaces: ReadonlyMap<string, ts.InterfaceDeclaration>;
}

/** Reads every class and invoke function of the binding in `bindingDir`. */
export function readBindingDeclarations(bindingDir: string, repoRoot: string): BindingDeclaration[] {
    const parse = (file: string): ParsedFile => {
        const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
        const interfaces = new Map<string, ts.InterfaceDeclaration>();
        source.forEachChild((node) => {
            if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
        });
        return { relative: path.relative(repoRoot, file), source, interfaces };
    };
    const typesDir = path.join(bindingDir, "types");
    const nested = { inputs: parse(path.join(typesDir, "input.ts")), outputs: parse(path.join(typesDir, "output.ts")) };
    const pluginVersion = readPluginVersion(parse(path.join(bindingDir, "utilities.ts")));

    const declarations: BindingDeclaration[] = [];
    for (const entry of fs.readdirSync(bindingDir).sort()) {
        if (!entry.endsWith(".ts") || entry === "index.ts" || entry === "utilities.ts") continue;
        const file = parse(path.join(bindingDir, entry));
        const reader = new TypeReader(file, nested);
        file.source.forEachChild((node) => {
            if (ts.isClassDeclaration(node) && node.name) {
                declarations.push(readClass(node, file, reader, pluginVersion));
            } else if (ts.isFunctionDeclaration(node) && node.name && findInvokeToken(node)) {
                declarations.push(readFunction(node, file, reader, pluginVersion));
            }
        });
    }
    return declarations;
}

function readPluginVersion(utilities: ParsedFile): string | undefined {
    let version: string | undefined;
    visit(utilities.source, (node) => {
        if (ts.isVariableDeclaration(node) && node.name.getText() === "PLUGIN_VERSION" && node.initializer && ts.isStringLiteral(node.initializer)) {
            version = node.initializer.text;
        }
    });
    return version;
}

function visit(node: ts.Node, callback: (node: ts.Node) => void): void {
    callback(node);
    node.forEachChild((child) => visit(child, callback));
}

/** Maps type nodes of the binding to {@link DeclaredType}s, resolving `inputs.X` / `outputs.X`. */
class TypeReader {
    constructor(
        private readonly file: ParsedFile,
        private readonly nested: { readonly inputs: ParsedFile; readonly outputs: ParsedFile },
    ) {}

    interfaceProperties(name: string): Record<string, DeclaredProperty> {
        const declaration = this.file.interfaces.get(name);
        if (!declaration) throw new Error(`${this.file.relative}: interface ${name} not found`);
        return this.membersOf(declaration, this.file);
    }

    /** Properties of a class: its `pulumi.Output<...>` fields. */
    classOutputs(node: ts.ClassDeclaration): Record<string, DeclaredProperty> {
        const outputs: Record<string, DeclaredProperty> = {};
        for (const member of node.members) {
            if (!ts.isPropertyDeclaration(member) || !member.type || isStatic(member)) continue;
            const name = member.name.getText();
            outputs[name] = { type: this.toType(member.type, this.file), optional: admitsUndefined(member.type) };
        }
        return outputs;
    }

    toType(node: ts.TypeNode, scope: ParsedFile): DeclaredType {
        if (ts.isParenthesizedTypeNode(node)) return this.toType(node.type, scope);
        if (ts.isUnionTypeNode(node)) {
            const defined = node.types.filter((t) => !isUndefinedType(t));
            return defined.length === 1 ? this.toType(defined[0], scope) : { kind: "unsupported", text: node.getText() };
        }
        if (ts.isArrayTypeNode(node)) return { kind: "array", items: this.toType(node.elementType, scope) };
        if (node.kind === ts.SyntaxKind.StringKeyword) return { kind: "string" };
        if (node.kind === ts.SyntaxKind.NumberKeyword) return { kind: "number" };
        if (node.kind === ts.SyntaxKind.BooleanKeyword) return { kind: "boolean" };
        if (ts.isTypeLiteralNode(node) && node.members.length === 1 && ts.isIndexSignatureDeclaration(node.members[0])) {
            const signature = node.members[0];
            return { kind: "map", values: this.toType(signature.type, scope) };
        }
        if (ts.isTypeReferenceNode(node)) {
            const name = node.typeName.getText();
            // Wrappers that do not change the schema type.
            if (["pulumi.Input", "pulumi.Output", "Promise"].includes(name) && node.typeArguments?.length === 1) {
                return this.toType(node.typeArguments[0], scope);
            }
            const [qualifier, local] = name.includes(".") ? name.split(".") : [undefined, name];
            const target =
                qualifier === "inputs" ? this.nested.inputs : qualifier === "outputs" ? this.nested.outputs : qualifier === undefined ? scope : undefined;
            const declaration = target?.interfaces.get(local);
            if (target && declaration) {
                return { kind: "object", name: local, properties: this.membersOf(declaration, target) };
            }
        }
        return { kind: "unsupported", text: node.getText() };
    }

    private membersOf(declaration: ts.InterfaceDeclaration, scope: ParsedFile): Record<string, DeclaredProperty> {
        const properties: Record<string, DeclaredProperty> = {};
        for (const member of declaration.members) {
            if (!ts.isPropertySignature(member) || !member.type) continue;
            properties[member.name.getText()] = { type: this.toType(member.type, scope), optional: member.questionToken !== undefined };
        }
        return properties;
    }
}

function isStatic(member: ts.ClassElement): boolean {
    return ts.getModifiers(member as ts.PropertyDeclaration)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false;
}

function isUndefinedType(node: ts.TypeNode): boolean {
    return node.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(node) && node.literal.kind === ts.SyntaxKind.UndefinedKeyword);
}

function admitsUndefined(node: ts.TypeNode): boolean {
    let found = false;
    visit(node, (n) => {
        if (ts.isTypeNode(n) && isUndefinedType(n)) found = true;
    });
    return found;
}

function readClass(node: ts.ClassDeclaration, file: ParsedFile, reader: TypeReader, pluginVersion: string | undefined): BindingDeclaration {
    const name = node.name!.text;
    const base = node.heritageClauses?.[0]?.types[0]?.expression.getText();
    const kind = base === "pulumi.ProviderResource" ? "provider" : "resource";
    let token = "";
    for (const member of node.members) {
        if (ts.isPropertyDeclaration(member) && member.name.getText() === "__pulumiType" && member.initializer && ts.isStringLiteral(member.initializer)) {
            token = kind === "provider" ? `pulumi:providers:${member.initializer.text}` : member.initializer.text;
        }
    }
    // The public constructor signature (the first one) names the Args interface.
    const constructorSignature = node.members.find(ts.isConstructorDeclaration);
    const argsType = constructorSignature?.parameters[1]?.type;
    const argsName = argsType && ts.isTypeReferenceNode(argsType) ? argsType.typeName.getText() : undefined;
    const body = node.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
    const behaviour = readBehaviour(body ?? node, pluginVersion);
    return {
        name,
        file: file.relative,
        kind,
        token,
        inputs: argsName ? reader.interfaceProperties(argsName) : {},
        outputs: reader.classOutputs(node),
        ...behaviour,
    };
}

function findInvokeToken(node: ts.FunctionDeclaration): string | undefined {
    let token: string | undefined;
    visit(node, (n) => {
        if (
            ts.isCallExpression(n) &&
            ["pulumi.runtime.invoke", "pulumi.runtime.invokeOutput"].includes(n.expression.getText()) &&
            n.arguments[0] &&
            ts.isStringLiteral(n.arguments[0])
        ) {
            token = n.arguments[0].text;
        }
    });
    return token;
}

function readFunction(node: ts.FunctionDeclaration, file: ParsedFile, reader: TypeReader, pluginVersion: string | undefined): BindingDeclaration {
    const argsType = node.parameters[0]?.type;
    const argsName = argsType && ts.isTypeReferenceNode(argsType) ? argsType.typeName.getText() : undefined;
    const result = node.type ? reader.toType(node.type, file) : undefined;
    return {
        name: node.name!.text,
        file: file.relative,
        kind: "function",
        token: findInvokeToken(node)!,
        inputs: argsName ? reader.interfaceProperties(argsName) : {},
        outputs: result?.kind === "object" ? result.properties : {},
        ...readBehaviour(node, pluginVersion),
    };
}

/** What a constructor or invoke function does beyond passing inputs through. */
function readBehaviour(
    node: ts.Node,
    pluginVersion: string | undefined,
): Pick<BindingDeclaration, "version" | "secretPaths" | "additionalSecretOutputs" | "integerPaths" | "explicitName"> {
    let version: string | undefined;
    const secretPaths: string[] = [];
    const additionalSecretOutputs: string[] = [];
    const integerPaths: string[] = [];
    let explicitName: string | undefined;
    const strings = (n: ts.Expression): string[] => (ts.isArrayLiteralExpression(n) ? n.elements.filter(ts.isStringLiteral).map((e) => e.text) : []);
    visit(node, (n) => {
        if (ts.isCallExpression(n)) {
            const callee = n.expression.getText();
            if (callee === "utilities.withPluginVersion") version = pluginVersion;
            // pulumi.secret(args.x): a top-level secret input, as the generated SDK wraps it.
            const argument = n.arguments[0];
            if (callee === "pulumi.secret" && argument && ts.isPropertyAccessExpression(argument) && argument.expression.getText() === "args") {
                secretPaths.push(argument.name.text);
            }
            if (callee === "utilities.prepareInputs") {
                const preparation = n.arguments[4];
                if (preparation && ts.isObjectLiteralExpression(preparation)) {
                    for (const property of preparation.properties) {
                        if (!ts.isPropertyAssignment(property)) continue;
                        const key = property.name.getText();
                        if (key === "secretPaths") secretPaths.push(...strings(property.initializer));
                        if (key === "integerPaths") integerPaths.push(...strings(property.initializer));
                        if (key === "explicitName" && ts.isStringLiteral(property.initializer)) explicitName = property.initializer.text;
                    }
                }
            }
        }
        if (ts.isPropertyAssignment(n) && n.name.getText() === "additionalSecretOutputs") {
            additionalSecretOutputs.push(...strings(n.initializer));
        }
    });
    return { version, secretPaths, additionalSecretOutputs, integerPaths, explicitName };
}

// ---- the comparison -------------------------------------------------------------------------------

const TYPE_REF_PREFIX = "#/types/";

/** Everything about `declaration` that disagrees with `schema`; empty when consistent. */
export function checkDeclaration(declaration: BindingDeclaration, schema: ProviderSchema, expectedVersion: string): string[] {
    const complaints: string[] = [];
    const complain = (message: string): void => {
        complaints.push(`${declaration.name} (${declaration.file}): ${message}`);
    };

    let inputs: Readonly<Record<string, SchemaProperty>>;
    let required: readonly string[];
    let outputs: Readonly<Record<string, SchemaProperty>>;
    if (declaration.kind === "function") {
        const fn = schema.functions[declaration.token];
        if (!fn) {
            complain(`type token "${declaration.token}" is not in the schema's functions`);
            return complaints;
        }
        inputs = fn.inputs?.properties ?? {};
        required = fn.inputs?.required ?? [];
        outputs = fn.outputs?.properties ?? {};
    } else {
        const resource = declaration.kind === "provider" ? (declaration.token === `pulumi:providers:${schema.name}` ? schema.provider : undefined) : schema.resources[declaration.token];
        if (!resource) {
            complain(`type token "${declaration.token}" is not in the schema's ${declaration.kind === "provider" ? "provider" : "resources"}`);
            return complaints;
        }
        inputs = resource.inputProperties ?? {};
        required = resource.requiredInputs ?? [];
        outputs = resource.properties ?? {};
    }

    if (declaration.version !== expectedVersion) {
        complain(`sets plugin version ${declaration.version ?? "(none)"}, expected ${expectedVersion}`);
    }

    // Inputs: names, types (recursively), required-ness; collecting the schema's secret and integer paths.
    const schemaSecretPaths: string[] = [];
    const schemaIntegerPaths: string[] = [];
    const compareObject = (
        at: string,
        declared: Readonly<Record<string, DeclaredProperty>>,
        schemaProperties: Readonly<Record<string, SchemaProperty>>,
        schemaRequired: readonly string[],
        where: string,
    ) => {
        for (const [name, property] of Object.entries(declared)) {
            const schemaProperty = schemaProperties[name];
            const propertyPath = at ? `${at}.${name}` : name;
            if (!schemaProperty) {
                complain(`input "${propertyPath}" is not in the schema's ${where}`);
                continue;
            }
            compareType(propertyPath, property.type, schemaProperty);
        }
        for (const name of schemaRequired) {
            const propertyPath = at ? `${at}.${name}` : name;
            if (!declared[name]) complain(`required input "${propertyPath}" is not declared`);
            else if (declared[name].optional) complain(`required input "${propertyPath}" is optional in the binding`);
        }
    };
    const compareType = (at: string, declared: DeclaredType, schemaProperty: SchemaProperty): void => {
        if (schemaProperty.secret) schemaSecretPaths.push(at);
        const mismatch = (expected: string) => complain(`input "${at}" is declared ${describe(declared)}, the schema has ${expected}`);
        if (schemaProperty.$ref?.startsWith("pulumi.json#/")) return; // Any, Archive, Asset: anything goes
        if (schemaProperty.$ref) {
            const token = schemaProperty.$ref.slice(TYPE_REF_PREFIX.length);
            const typeName = token.split(":").pop()!;
            if (declared.kind !== "object" || declared.name !== typeName) return mismatch(`object ${typeName}`);
            const schemaType = schema.types[token];
            if (!schemaType) return complain(`input "${at}" refers to ${token}, which the schema does not define`);
            return compareObject(at, declared.properties, schemaType.properties ?? {}, schemaType.required ?? [], `type ${typeName}`);
        }
        switch (schemaProperty.type) {
            case "string":
            case "boolean":
                if (declared.kind !== schemaProperty.type) mismatch(schemaProperty.type);
                return;
            case "integer":
            case "number":
                if (schemaProperty.type === "integer") schemaIntegerPaths.push(at);
                if (declared.kind !== "number") mismatch(schemaProperty.type);
                return;
            case "array":
                if (declared.kind !== "array") return mismatch("array");
                return compareType(`${at}[]`, declared.items, schemaProperty.items ?? {});
            case "object":
                if (declared.kind !== "map") return mismatch("map");
                return compareType(`${at}{}`, declared.values, schemaProperty.additionalProperties ?? {});
            default:
                mismatch(`type ${schemaProperty.type ?? "(none)"}`);
        }
    };
    compareObject("", declaration.inputs, inputs, required, declaration.kind === "function" ? "function inputs" : "inputProperties");

    // Outputs: every declared output exists, with a compatible type (names and kinds only).
    for (const [name, property] of Object.entries(declaration.outputs)) {
        const schemaProperty = outputs[name];
        if (!schemaProperty) {
            complain(`output "${name}" is not in the schema's ${declaration.kind === "function" ? "function outputs" : "properties"}`);
        } else if (!outputKindMatches(property.type, schemaProperty)) {
            complain(`output "${name}" is declared ${describe(property.type)}, the schema has ${schemaProperty.$ref ?? schemaProperty.type}`);
        }
    }

    if (declaration.kind === "function") return complaints; // invoke arguments are passed through as given

    // Secrets: each schema secret the binding's inputs reach is wrapped, and only those.
    for (const secret of schemaSecretPaths) {
        if (!declaration.secretPaths.includes(secret)) complain(`secret input "${secret}" is not wrapped with pulumi.secret`);
    }
    for (const wrapped of declaration.secretPaths) {
        if (!schemaSecretPaths.includes(wrapped)) complain(`wraps "${wrapped}" as secret, which is not a secret input of the schema`);
    }
    for (const [name, property] of Object.entries(outputs)) {
        if (property.secret && !declaration.additionalSecretOutputs.includes(name)) complain(`secret output "${name}" is missing from additionalSecretOutputs`);
    }
    if (declaration.kind === "provider") return complaints; // provider configuration is not prepared

    // Integers: every integer input is converted from numeric id strings, and nothing else is.
    for (const integer of schemaIntegerPaths) {
        if (!declaration.integerPaths.includes(integer)) complain(`integer input "${integer}" is not in prepareInputs integerPaths`);
    }
    for (const converted of declaration.integerPaths) {
        if (!schemaIntegerPaths.includes(converted)) complain(`converts "${converted}" to an integer, which is not an integer input of the schema`);
    }
    // Autonamed resources: `name` is optional in the schema and generated when omitted.
    const autonamed = "name" in inputs && !required.includes("name");
    if (autonamed && declaration.explicitName !== "name") complain(`the provider autonames "name", but prepareInputs does not require it (explicitName)`);
    return complaints;
}

function describe(type: DeclaredType): string {
    switch (type.kind) {
        case "array":
            return `array of ${describe(type.items)}`;
        case "map":
            return `map of ${describe(type.values)}`;
        case "object":
            return `object ${type.name}`;
        case "unsupported":
            return `\`${type.text}\` (not understood by the check)`;
        default:
            return type.kind;
    }
}

function outputKindMatches(declared: DeclaredType, schemaProperty: SchemaProperty): boolean {
    if (schemaProperty.$ref) return declared.kind === "object" && declared.name === schemaProperty.$ref.split(":").pop();
    switch (schemaProperty.type) {
        case "integer":
        case "number":
            return declared.kind === "number";
        case "array":
            return declared.kind === "array" && outputKindMatches(declared.items, schemaProperty.items ?? {});
        case "object":
            return declared.kind === "map";
        default:
            return declared.kind === schemaProperty.type;
    }
}

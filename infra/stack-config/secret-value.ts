/**
 * A config value that arrived as a secret (`secure:` in the stack file, or a key the Pulumi engine
 * marks secret). It never prints its value: String(), JSON and inspection show "[secret]".
 */
export class SecretValue {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return "[secret]";
  }
  toJSON(): string {
    return "[secret]";
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return "[secret]";
  }
}

/** One set of swc options for the build (dist/) and for jest, so both see the same JavaScript. */
exports.options = {
  // useDefineForClassFields=false: a `readonly x!: Output<T>` declaration must not overwrite the
  // output that pulumi.CustomResource's constructor assigned (ES2022 define semantics would).
  jsc: { parser: { syntax: "typescript" }, target: "es2022", keepClassNames: true, transform: { useDefineForClassFields: false } },
  module: { type: "commonjs", strict: true },
  sourceMaps: false,
};

/** One set of swc options for the build (dist/) and for jest, so both see the same JavaScript. */
exports.options = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022", keepClassNames: true },
  module: { type: "commonjs", strict: true },
  sourceMaps: false,
};

/** Jest runs TypeScript through @swc/jest (transpile only); `tsc --noEmit` in `npm test` type-checks once. */
const swc = require("./scripts/swc-options");

module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", swc.options] },
  // Pulumi resource tests are CPU-bound; two workers match the CI machine's two cores.
  maxWorkers: 2,
  testTimeout: 60000,
};

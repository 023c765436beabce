"use strict";
/** An error az reports as "ERROR: <message>" on stderr with its exit code (1 error, 2 usage, 3 not found). */
class AzError extends Error {
  constructor(message, code = 1) {
    super(message);
    this.code = code;
  }
}
module.exports = { AzError };

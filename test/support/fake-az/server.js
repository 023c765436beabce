"use strict";
/**
 * Serves the fake `az` and `curl` to the bash clients on PATH (./client.sh), so a call costs a bash
 * connect instead of a Node start (a release runs some 150 of them). One request per connection:
 * a line with the field count, then NUL-terminated fields — tool, stderr file, state file,
 * identity, run label, argv. Answer: "<exit code> <1 if stderr was written>\n", then stdout.
 * Requests are answered one at a time, synchronously, like the sequential steps of an agent.
 */
const fs = require("fs");
const net = require("net");
const tools = { az: require("./az"), curl: require("./curl") };

const server = net.createServer((socket) => {
  let buffer = Buffer.alloc(0);
  let done = false;
  socket.on("data", (chunk) => {
    if (done) return;
    buffer = Buffer.concat([buffer, chunk]);
    const nl = buffer.indexOf(10);
    if (nl < 0) return;
    const count = Number(buffer.subarray(0, nl).toString());
    const fields = buffer.subarray(nl + 1).toString("utf8").split("\0");
    if (fields.length <= count) return; // the last field is not terminated yet
    done = true;
    const [tool, errFile, stateFile, identity, runLabel, ...argv] = fields.slice(0, count);
    process.env.FAKE_AZURE_STATE = stateFile;
    if (identity) process.env.FAKE_AZ_IDENTITY = identity;
    else delete process.env.FAKE_AZ_IDENTITY;
    process.env.FAKE_AZ_RUN = runLabel;
    let r;
    try {
      r = tools[tool].run(argv);
    } catch (e) {
      r = { code: 99, stdout: "", stderr: `fake ${tool} crashed: ${e && e.stack}\n` };
    }
    if (r.stderr) fs.writeFileSync(errFile, r.stderr);
    socket.end(`${r.code} ${r.stderr ? 1 : 0}\n${r.stdout}`);
  });
  socket.on("error", () => {});
});
// The port goes to the file named by argv[2] (written whole, then renamed: readers never see half).
server.listen(0, "127.0.0.1", () => {
  fs.writeFileSync(`${process.argv[2]}.tmp`, String(server.address().port));
  fs.renameSync(`${process.argv[2]}.tmp`, process.argv[2]);
});
// Ends with the test process that started it.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();

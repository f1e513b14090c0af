// Times an MCP server over stdio, the same way for every server: the wall time from spawning its command to the
// initialize result, then tools/list round trips, and optionally tools/call round trips, on the warm server.
// Usage: node mcp-timing.mjs SPEC_JSON
//   SPEC_JSON: {"command": [...], "cwd": "...", "env": {...}, "lists": N, "call": {"name": ..., "arguments": ...},
//               "calls": N, "warmupCalls": N}
// Prints one JSON object: {"initializeMs": x, "listMs": [...], "callMs": [...], "tools": n, "callBytes": n}, where
// initializeMs runs from the spawn (process start included) to the initialize result.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const spec = JSON.parse(process.argv[2]);

function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}

const started = now();
const child = spawn(spec.command[0], spec.command.slice(1), {
  cwd: spec.cwd,
  env: { ...process.env, ...(spec.env || {}) },
  stdio: ["pipe", "pipe", "pipe"],
});
let stderr = "";
child.stderr.on("data", (chunk) => { stderr += chunk; });
const pending = new Map();
createInterface({ input: child.stdout }).on("line", (line) => {
  const message = JSON.parse(line);
  const waiter = pending.get(message.id);
  if (waiter) {
    pending.delete(message.id);
    waiter({ message, at: now(), bytes: Buffer.byteLength(line) });
  }
});
child.on("exit", (code) => {
  for (const waiter of pending.values()) {
    waiter({ message: { error: { message: `server exited with ${code}: ${stderr}` } }, at: now(), bytes: 0 });
  }
});

let nextId = 1;
function request(method, params) {
  const id = nextId++;
  const sent = now();
  const answer = new Promise((resolve) => pending.set(id, resolve));
  child.stdin.write(JSON.stringify({ jsonrpc: "2.0", id, method, params }) + "\n");
  return answer.then(({ message, at, bytes }) => {
    if (message.error) {
      throw new Error(`${method} failed: ${JSON.stringify(message.error)}`);
    }
    return { result: message.result, ms: at - sent, bytes };
  });
}

const timeoutMs = spec.timeoutMs || 60000;
const timer = setTimeout(() => {
  console.error(`mcp-timing: no answer within ${timeoutMs} ms; server stderr:\n${stderr}`);
  child.kill("SIGKILL");
  process.exit(2);
}, timeoutMs);

try {
  const init = await request("initialize", {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "lakebook-bench", version: "1" },
  });
  const initializeMs = now() - started;
  child.stdin.write(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) + "\n");
  const listMs = [];
  let tools = 0;
  for (let i = 0; i < (spec.lists || 1); i++) {
    const list = await request("tools/list", {});
    listMs.push(list.ms);
    tools = list.result.tools.length;
  }
  const callMs = [];
  let callBytes = 0;
  if (spec.call) {
    const total = (spec.warmupCalls || 0) + (spec.calls || 0);
    for (let i = 0; i < total; i++) {
      const call = await request("tools/call", spec.call);
      if (call.result.isError) {
        throw new Error(`tools/call ${spec.call.name} answered an error: ${JSON.stringify(call.result.content)}`);
      }
      if (i >= (spec.warmupCalls || 0)) {
        callMs.push(call.ms);
      }
      callBytes = call.bytes;
    }
  }
  console.log(JSON.stringify({ initializeMs, listMs, callMs, tools, callBytes }));
} catch (error) {
  console.error(`mcp-timing: ${error.message}`);
  process.exitCode = 1;
} finally {
  clearTimeout(timer);
  child.stdin.end();
  child.kill();
}

// The peer of `lakebook mcp` in the benchmark: the smallest useful MCP server on the official TypeScript SDK, over
// stdio, with one tool. It is started and timed exactly as lakebook's server is.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "minimal", version: "1.0.0" });
server.registerTool("echo", {
  title: "Echo",
  description: "Returns the text it was given.",
  inputSchema: { text: z.string().describe("Text to return") },
}, async ({ text }) => ({ content: [{ type: "text", text }] }));

await server.connect(new StdioServerTransport());

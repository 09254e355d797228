/** The PerfLens MCP server: an McpServer with the agent tools, for any transport (stdio in `perflens mcp`). */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerTools, type ToolContext } from './tools';

export const MCP_SERVER_NAME = 'perflens';

export function createMcpServer(context: ToolContext, version: string): McpServer {
  const server = new McpServer(
    { name: MCP_SERVER_NAME, version },
    {
      instructions: 'PerfLens answers questions about production profiles (pprof: CPU, memory, locks) of the services in this workspace: which functions and lines cost most, what changed between two versions or time ranges, and who calls a function. Every tool is read-only. Selections default to the local store and the workspace\'s service.',
    },
  );
  registerTools(server, context);
  return server;
}

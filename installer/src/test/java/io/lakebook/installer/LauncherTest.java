package io.lakebook.installer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands that start lakebook again: the kernel's for a quick start, the MCP server's for its heavy reads. */
class LauncherTest {

    @Test
    void theKernelStartsWithTheQuickCompilerOnlyAndTheMcpServerWithTheFullJit() {
        List<String> kernel = Launcher.command();
        List<String> mcp = Launcher.mcpCommand();

        assertTrue(kernel.contains("-XX:TieredStopAtLevel=1"), kernel.toString());
        assertFalse(mcp.contains("-XX:TieredStopAtLevel=1"), mcp.toString());
        assertEquals("mcp", mcp.get(mcp.size() - 1));
        assertEquals(kernel.get(0), mcp.get(0), "the same java");
        assertEquals(kernel.subList(kernel.size() - 2, kernel.size()), mcp.subList(mcp.size() - 3, mcp.size() - 1),
                "the same lakebook");
    }
}

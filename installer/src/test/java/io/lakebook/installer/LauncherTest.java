package io.lakebook.installer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands that start lakebook again, for kernel specs and agents. */
class LauncherTest {

    @Test
    void theMcpServerStartsAsTheKernelDoesWithItsSubCommand() {
        List<String> kernel = Launcher.command();
        List<String> mcp = Launcher.mcpCommand();

        assertTrue(kernel.containsAll(Launcher.JVM_OPTIONS), kernel.toString());
        assertEquals(kernel, mcp.subList(0, mcp.size() - 1));
        assertEquals("mcp", mcp.get(mcp.size() - 1));
    }
}

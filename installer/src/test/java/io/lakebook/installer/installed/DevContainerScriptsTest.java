package io.lakebook.installer.installed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakebook.emulator.Emulator;
import io.lakebook.installer.profile.DatabricksCfg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two lifecycle steps of the Dev Container lakebook writes, run for real in a temporary home without a container:
 * the set-up's {@code lakebook install --no-login --yes} line, then the first attach's login script in a terminal,
 * which signs in and finishes the install; after that the set-up is complete and a second attach does nothing.
 */
class DevContainerScriptsTest {

    @TempDir
    Path dir;

    @Test
    void theSetUpInstallsWithoutSigningInAndTheFirstAttachSignsInAndFinishes() throws Exception {
        Emulator emulator = SharedWorkspace.emulator();
        Home home = new Home(dir);
        Path project = Files.createDirectories(home.path("project"));
        assertEquals(0, home.lakebook("devcontainer", project.toString(), "--host", emulator.host(), "--profile",
                "dev").status());
        Path devcontainer = project.resolve(".devcontainer");
        String installLine = Files.readAllLines(devcontainer.resolve("lakebook-setup.sh")).stream()
                .filter(line -> line.startsWith("java -jar .devcontainer/lakebook/lakebook.jar install ")).findFirst()
                .orElseThrow();

        Home.Run setUp = home.run(List.of("bash", "-c", "cd " + project + " && " + installLine), Map.of());

        assertEquals(0, setUp.status(), setUp.toString());
        assertTrue(setUp.output().contains("sign-in: skipped (--no-login)"), setUp.toString());
        assertEquals(List.of("host", "auth_type"), List.copyOf(DatabricksCfg.read(home.path(".databrickscfg"))
                .profiles().get("dev").keySet()));
        assertTrue(Files.isExecutable(home.path(".local/bin/lakebook")), setUp.toString());

        Terminal attach = Terminal.run(home, List.of("bash", devcontainer.resolve("lakebook-login.sh").toString()));
        String url = attach.await(Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/oidc/v1/authorize\\?\\S+)\\s"));
        assertTrue(Home.openInBrowser(url).body().contains("lakebook is signed in"));
        attach.acceptEveryDefault();

        assertEquals(0, attach.exitStatus(), attach.text());
        Map<String, String> profile = DatabricksCfg.read(home.path(".databrickscfg")).profiles().get("dev");
        assertTrue(profile.containsKey("cluster_id") && profile.containsKey("warehouse_id"), attach.text());
        Home.Run doctor = home.installed("doctor");
        assertEquals(0, doctor.status(), doctor.toString());
        Home.Run again = home.run(List.of("bash", devcontainer.resolve("lakebook-login.sh").toString()), Map.of());
        assertEquals(0, again.status(), again.toString());
        assertEquals("", again.output(), "signed in already: nothing to do");
    }
}

package io.lakebook.core.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.core.error.NotConfiguredException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncPlanTest {
    private static FileEntry file(String path, long size, String hash) {
        return new FileEntry(path, size, hash);
    }

    @Test
    void sendsNewAndChangedFilesAndDeletesWhatTheProjectNoLongerHas() {
        Map<String, FileEntry> local = Map.of("a.py", file("a.py", 3, "aaa"), "b.py", file("b.py", 3, "bbb2"),
                "c.py", file("c.py", 4, "ccc"), "new.py", file("new.py", 1, "n"));
        Map<String, FileEntry> remote = Map.of("a.py", file("a.py", 3, "aaa"), "b.py", file("b.py", 3, "bbb"),
                "c.py", file("c.py", 3, "ccc"), "gone.py", file("gone.py", 1, "g"));

        SyncPlan plan = SyncPlan.between(local, remote);

        assertEquals(List.of("b.py changed", "c.py changed", "new.py new"), plan.uploads().stream()
                .map(u -> u.file().path() + " " + u.why()).toList());
        assertEquals(List.of("gone.py"), plan.deletes());
        assertEquals(8, plan.uploadBytes());
    }

    @Test
    void anUnchangedProjectHasAnEmptyPlan() {
        Map<String, FileEntry> same = Map.of("a.py", file("a.py", 3, "aaa"));
        assertTrue(SyncPlan.between(same, Map.copyOf(same)).isEmpty());
        assertFalse(SyncPlan.between(same, Map.of()).isEmpty());
        assertFalse(SyncPlan.between(Map.of(), same).isEmpty());
    }

    @Test
    void settingsKeepDefaultsAndRejectBadValuesNamingTheKey() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path file = Path.of("/p/.databricks/lakebook.json");
        assertEquals(SyncSettings.DEFAULTS, SyncSettings.parse(null, file));
        SyncSettings read = SyncSettings.parse(json.readTree("{\"enabled\": false, \"exclude\": [\"data/\"], "
                + "\"max_file_mb\": 0.5}"), file);
        assertEquals(new SyncSettings(false, List.of("data/"), 512 * 1024, SyncSettings.mb(100)), read);
        NotConfiguredException bad = assertThrows(NotConfiguredException.class, () -> SyncSettings.parse(
                json.readTree("{\"max_total_mb\": \"lots\"}"), file));
        assertEquals("In the project file " + file + ", \"sync.max_total_mb\" must be a positive number of "
                + "megabytes, such as 100.", bad.getMessage());
        assertThrows(NotConfiguredException.class, () -> SyncSettings.parse(json.readTree("{\"exclude\": \"x\"}"),
                file));
    }
}

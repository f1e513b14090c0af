package io.lakebook.installer.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.configuration2.INIConfiguration;
import org.junit.jupiter.api.Test;

class DatabricksCfgTest {
    private static final String FILE = """
            ; my profiles
            [DEFAULT]
            host = https://a.cloud.databricks.com  ; the first one
            token = dapi-not-real

            # the team's
            [team]
            host   = https://team.cloud.databricks.com
            cluster_id: 0101-000000-teamteam
            warehouse_id = "abc123"

            [prod]
            host = https://prod.cloud.databricks.com
            """;

    @Test
    void changesAValueOnItsOwnLineAndLeavesEveryOtherByteAlone() {
        DatabricksCfg cfg = DatabricksCfg.parse(FILE);

        assertTrue(cfg.set("team", "cluster_id", "0202-000000-newnewne"));

        assertEquals(FILE.replace("cluster_id: 0101-000000-teamteam", "cluster_id: 0202-000000-newnewne"),
                cfg.text());
    }

    @Test
    void keepsAnInlineCommentAfterAChangedValue() {
        DatabricksCfg cfg = DatabricksCfg.parse(FILE);

        cfg.set("DEFAULT", "host", "https://b.cloud.databricks.com");

        assertTrue(cfg.text().contains("host = https://b.cloud.databricks.com  ; the first one\n"), cfg.text());
    }

    @Test
    void addsANewKeyAfterTheLastKeyOfItsProfileNotAfterTheNextProfilesComment() {
        DatabricksCfg cfg = DatabricksCfg.parse(FILE);

        cfg.set("DEFAULT", "auth_type", "external-browser");

        assertEquals(FILE.replace("token = dapi-not-real\n", "token = dapi-not-real\nauth_type = external-browser\n"),
                cfg.text());
    }

    @Test
    void addsANewProfileAtTheEndAfterABlankLineAndTakesItAwayAgain() {
        DatabricksCfg cfg = DatabricksCfg.parse(FILE);

        cfg.set("dev", "host", "https://dev.cloud.databricks.com");
        cfg.set("dev", "auth_type", "external-browser");

        assertEquals(FILE + "\n[dev]\nhost = https://dev.cloud.databricks.com\nauth_type = external-browser\n",
                cfg.text());
        cfg.remove("dev", "host");
        cfg.remove("dev", "auth_type");
        assertTrue(cfg.removeProfileIfEmpty("dev"));
        assertEquals(FILE, cfg.text());
    }

    @Test
    void settingTheSameValueChangesNothing() {
        DatabricksCfg cfg = DatabricksCfg.parse(FILE);

        assertFalse(cfg.set("team", "warehouse_id", "abc123"));
        assertEquals(FILE, cfg.text());
    }

    /** What it reads is what databricks-sdk-java's INI reader (commons-configuration2) reads from the same text. */
    @Test
    void readsValuesAsTheSdksIniReaderDoes() throws Exception {
        DatabricksCfg cfg = DatabricksCfg.parse(FILE);
        INIConfiguration ini = INIConfiguration.builder().build();
        ini.read(new StringReader(FILE));

        for (Map.Entry<String, Map<String, String>> profile : cfg.profiles().entrySet()) {
            for (Map.Entry<String, String> key : profile.getValue().entrySet()) {
                assertEquals(ini.getSection(profile.getKey()).getString(key.getKey()), key.getValue(),
                        profile.getKey() + "." + key.getKey());
            }
        }
        assertEquals(Optional.of("abc123"), cfg.get("team", "warehouse_id"));
        assertEquals(Optional.of("https://a.cloud.databricks.com"), cfg.get("DEFAULT", "host"));
    }

    @Test
    void keepsWindowsLineEndings() {
        DatabricksCfg cfg = DatabricksCfg.parse(FILE.replace("\n", "\r\n"));

        cfg.set("prod", "cluster_id", "x");

        assertEquals((FILE + "cluster_id = x\n").replace("\n", "\r\n"), cfg.text());
    }
}

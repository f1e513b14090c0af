package io.lakebook.installer.command;

import io.lakebook.core.config.UserHome;
import io.lakebook.installer.UsageException;
import io.lakebook.installer.login.Login;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code lakebook login}: signs in again with OAuth in the browser, for a profile that lost or never had a login. */
public final class LoginCommand implements Command {
    static final String DEFAULT_PROFILE = "DEFAULT";

    @Override
    public String name() {
        return "login";
    }

    @Override
    public String synopsis() {
        return "[--profile NAME] [--host URL]";
    }

    @Override
    public String summary() {
        return "Sign in to the workspace in the browser (OAuth) and show who is signed in.";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("profile").hasArg().argName("NAME")
                        .desc("the profile in ~/.databrickscfg (default: DATABRICKS_CONFIG_PROFILE, else DEFAULT)")
                        .get())
                .addOption(Option.builder().longOpt("host").hasArg().argName("URL")
                        .desc("the workspace URL (default: the profile's host)").get())
                .addOption("h", "help", false, "show this help");
    }

    @Override
    public int run(CommandLine line, Console console) {
        String profile = Optional.ofNullable(line.getOptionValue("profile"))
                .or(() -> Optional.ofNullable(console.env().get("DATABRICKS_CONFIG_PROFILE")))
                .filter(name -> !name.isBlank()).orElse(DEFAULT_PROFILE);
        Path configFile = configFile(console);
        String host = Optional.ofNullable(line.getOptionValue("host"))
                .or(() -> Login.profileHost(profile, configFile))
                .orElseThrow(() -> new UsageException("profile [" + profile + "] of " + configFile + " has no host; "
                        + "pass the workspace URL: lakebook login --profile " + profile + " --host https://..."));
        new Login(console.out(), console.env()).signIn(host, profile, configFile);
        return 0;
    }

    /** {@code DATABRICKS_CONFIG_FILE}, else {@code ~/.databrickscfg}, as the SDK looks (reference §10.1). */
    static Path configFile(Console console) {
        String explicit = console.env().get("DATABRICKS_CONFIG_FILE");
        if (explicit != null && !explicit.isBlank()) {
            return console.workingDirectory().resolve(explicit.replaceFirst("^~", home(console))).normalize();
        }
        return Path.of(home(console), ".databrickscfg");
    }

    private static String home(Console console) {
        return UserHome.of(console.env()).toString();
    }
}

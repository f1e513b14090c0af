package io.lakebook.installer.setup;

import io.lakebook.core.config.Settings;
import com.databricks.sdk.core.DatabricksException;
import io.lakebook.core.Lakebook;
import io.lakebook.core.error.LakebookException;
import io.lakebook.installer.Launcher;
import io.lakebook.installer.UsageException;
import io.lakebook.installer.command.Console;
import io.lakebook.installer.goose.GooseConfig;
import io.lakebook.installer.goose.GooseHints;
import io.lakebook.installer.goose.YamlDocument;
import io.lakebook.installer.kernelspec.KernelSpec;
import io.lakebook.installer.login.Login;
import io.lakebook.installer.login.SignedIn;
import io.lakebook.installer.profile.DatabricksCfg;
import io.lakebook.installer.workspace.Candidate;
import io.lakebook.installer.workspace.ChatEndpoint;
import io.lakebook.installer.workspace.Workspace;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code lakebook install}, step by step: the toolkit in its per-user place, the profile, one sign-in, the cluster,
 * warehouse and model, the kernel spec, Goose's configuration and hints. Each file is changed only where its value
 * differs, backed up before lakebook's first change, and every change is noted in the install record, so running it
 * again changes nothing and {@code lakebook uninstall} can take it back.
 */
public final class Installer {
    private final InstallOptions options;
    private final Console console;
    private final PrintStream out;
    private final Places places;
    private final Journal journal;
    private final Login login;
    private final Prompter prompter;
    private final List<String> summary = new ArrayList<>();

    public Installer(InstallOptions options, Console console) {
        this.options = options;
        this.console = console;
        this.out = console.out();
        this.places = Places.of(console);
        this.journal = Journal.open(places);
        this.login = new Login(out, console.env());
        this.prompter = new Prompter(console);
    }

    /** Runs the install; returns the exit status. */
    public int run() throws IOException {
        Path configFile = places.databricksConfig();
        // Without --host the profile's host is used, except for the kernel alone, which can also run on
        // DATABRICKS_HOST and DATABRICKS_TOKEN and so is registered without touching any profile.
        Optional<String> host = options.host().map(Installer::normalHost)
                .or(() -> options.goose() ? DatabricksCfg.read(configFile).get(options.profileName(), "host")
                        : Optional.empty());
        if (host.isEmpty() && options.goose()) {
            throw new UsageException("Goose needs the workspace: pass --host https://<your-workspace> (the URL in "
                    + "your browser's address bar when you are in Databricks)");
        }
        if (options.goose()) {
            // A Goose configuration lakebook cannot read stops the install before anything is changed.
            try {
                Edits.readYaml(gooseFile());
            } catch (YamlDocument.InvalidYamlException e) {
                throw new LakebookException(e.getMessage() + " Nothing was changed. Fix that place in the file and run "
                        + "lakebook install again, or add --kernel to set up the kernel alone.", e);
            }
        }
        if (host.isPresent()) {
            requireChoicesWhenNoOneCanAnswer(configFile);
        }
        Optional<Path> running = Toolkit.runningJar();
        if (running.isEmpty()) {
            return kernelFromBuildFolder(host.isPresent());
        }
        List<String> command = installToolkit(running.get()).command();
        if (host.isPresent()) {
            Workspaces workspace = setUpProfile(host.get(), configFile);
            installKernel(command, Optional.of(options.profileName()));
            if (options.goose()) {
                wireGoose(host.get(), command, workspace.model());
            }
            report(workspace.signedIn());
        } else {
            installKernel(command, options.profile());
            summary.add("workspace: not set up (no --host); the kernel uses DATABRICKS_HOST and DATABRICKS_TOKEN "
                    + "or the DEFAULT profile. Pass --host URL to write the profile and sign in.");
            report(Optional.empty());
        }
        return 0;
    }

    /** The chosen model, and who is signed in, once the profile is set up. */
    private record Workspaces(Optional<String> model, Optional<SignedIn> signedIn) {
    }

    /**
     * Run from a build folder's classes (as in development), lakebook has no jar to install: it registers the
     * kernel with that class path, keeps no install record, and refuses everything else.
     */
    private int kernelFromBuildFolder(boolean workspace) throws IOException {
        if (workspace || options.goose()) {
            throw new LakebookException("lakebook is running from its build folder, not from its jar, so it cannot "
                    + "install itself. Run it from the jar: ./lakebook install ... in the clone (it builds the jar), "
                    + "or java -jar lakebook.jar install ...");
        }
        KernelSpec.Installed spec = KernelSpec.install(options.jupyterDir(), Launcher.command());
        out.println("Installed the Databricks kernel: " + spec.file() + " (it runs lakebook from its build folder)");
        spec.backup().ifPresent(backup -> out.println("The kernel spec it replaced is kept in " + backup + "."));
        out.println("Check with: jupyter kernelspec list");
        return 0;
    }

    private Toolkit installToolkit(Path running) throws IOException {
        Toolkit toolkit = new Toolkit(Path.of(Launcher.javaExecutable()), places.jar());
        boolean copied = Toolkit.installJar(running, places.jar());
        boolean launcher = toolkit.writeLauncher(places.launcher());
        journal.update(r -> r.withToolkit(toolkit.java().toString(), places.jar().toString(),
                launcher ? places.launcher().toString() : r.launcher()));
        summary.add("toolkit: " + places.jar() + (copied ? " (installed)" : " (unchanged)"));
        if (launcher) {
            summary.add("command: " + places.launcher() + onPathNote());
        } else {
            summary.add("command: " + places.launcher() + " belongs to another program and was left alone; run "
                    + "lakebook as java -jar " + places.jar());
        }
        return toolkit;
    }

    private String onPathNote() {
        String path = console.env().getOrDefault("PATH", "");
        boolean onPath = List.of(path.split(java.io.File.pathSeparator)).contains(places.binDir().toString());
        return onPath ? "" : " (not on your PATH yet: add export PATH=\"" + places.binDir() + ":$PATH\" to your "
                + "shell's profile)";
    }

    /**
     * Without a terminal nobody can answer a question, so a choice that neither a flag nor the existing
     * configuration makes fails now, before anything is changed, unless --yes takes the defaults.
     */
    private void requireChoicesWhenNoOneCanAnswer(Path configFile) {
        if (console.terminal() || options.yes()) {
            return;
        }
        DatabricksCfg cfg = DatabricksCfg.read(configFile);
        List<String> missing = new ArrayList<>();
        if (options.clusterId().isEmpty() && cfg.get(options.profileName(), "cluster_id").isEmpty()) {
            missing.add("--cluster-id ID (the cluster notebooks run on)");
        }
        if (options.goose() && options.warehouseId().isEmpty() && cfg.get(options.profileName(), "warehouse_id")
                .isEmpty()) {
            missing.add("--warehouse-id ID (the SQL warehouse for Goose's SQL tools)");
        }
        if (options.goose() && options.model().isEmpty() && currentModel().isEmpty()) {
            missing.add("--model ENDPOINT (the serving endpoint Goose chats with; lakebook model list shows them)");
        }
        if (!missing.isEmpty()) {
            throw new UsageException("no terminal to ask in, so pass " + String.join(", ", missing)
                    + "; or add --yes to take the defaults (a running cluster and warehouse, the first chat model)");
        }
    }

    private Workspaces setUpProfile(String host, Path configFile) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("host", host);
        values.put("auth_type", login.method().authType());
        List<String> changed = Edits.profile(journal, configFile, options.profileName(), values);
        journal.update(r -> r.withWorkspace(host, options.profileName(), configFile.toString()));
        Optional<SignedIn> signedIn = signIn(host, configFile);
        Optional<Workspace> workspace = signedIn.map(who -> new Workspace(login.client(host, options.profileName(),
                configFile, false)));
        DatabricksCfg cfg = DatabricksCfg.read(configFile);
        Map<String, String> chosen = new LinkedHashMap<>();
        choose("Cluster for notebooks", "--cluster-id", options.clusterId(), cfg.get(options.profileName(),
                "cluster_id"), workspace, Workspace::clusters, Workspace::cluster)
                .ifPresent(id -> chosen.put("cluster_id", id));
        boolean wantWarehouse = options.goose() || options.warehouseId().isPresent();
        (wantWarehouse ? choose("SQL warehouse for Goose's SQL tools", "--warehouse-id", options.warehouseId(),
                cfg.get(options.profileName(), "warehouse_id"), workspace, Workspace::warehouses, Workspace::warehouse)
                : Optional.<String>empty()).ifPresent(id -> chosen.put("warehouse_id", id));
        changed.addAll(Edits.profile(journal, configFile, options.profileName(), chosen));
        summary.add("profile: [" + options.profileName() + "] in " + configFile + changes(changed, configFile)
                + missingNote(chosen, wantWarehouse));
        Optional<String> model = options.goose() ? chooseModel(workspace) : Optional.empty();
        return new Workspaces(model, signedIn);
    }

    private String missingNote(Map<String, String> chosen, boolean wantWarehouse) {
        List<String> missing = new ArrayList<>();
        if (!chosen.containsKey("cluster_id")) {
            missing.add("cluster_id");
        }
        if (wantWarehouse && !chosen.containsKey("warehouse_id")) {
            missing.add("warehouse_id");
        }
        return missing.isEmpty() ? "" : "; no " + String.join(" or ", missing) + " yet: sign in and run lakebook "
                + "install again to choose, or pass --cluster-id and --warehouse-id";
    }

    /** The saved login when it works; otherwise the browser login, once, unless --no-login. */
    private Optional<SignedIn> signIn(String host, Path configFile) throws IOException {
        Optional<SignedIn> saved = login.saved(host, options.profileName(), configFile);
        if (saved.isPresent()) {
            out.println("Using the sign-in saved before. " + saved.get().describe());
            return saved;
        }
        if (!options.login()) {
            summary.add("sign-in: skipped (--no-login); sign in later with: lakebook login --profile "
                    + options.profileName());
            return Optional.empty();
        }
        Optional<Path> cache = login.tokenCacheFile(host, options.profileName(), configFile);
        boolean cacheExisted = cache.map(Files::exists).orElse(true);
        SignedIn signedIn = login.signIn(host, options.profileName(), configFile);
        if (!cacheExisted && cache.filter(Files::exists).isPresent()) {
            journal.update(r -> r.withTokenCache(cache.get().toString()));
        }
        return Optional.of(signedIn);
    }

    /**
     * One choice: the flag's value (checked against the workspace when signed in), else the person at the terminal
     * picks, else the default (the configured value when the workspace still has it, else the first running one).
     */
    private Optional<String> choose(String title, String flag, Optional<String> given, Optional<String> existing,
                                    Optional<Workspace> workspace, Function<Workspace, List<Candidate>> list,
                                    java.util.function.BiFunction<Workspace, String, Optional<Candidate>> find) {
        if (workspace.isEmpty()) {
            return given.or(() -> existing);
        }
        if (given.isPresent()) {
            if (find.apply(workspace.get(), given.get()).isEmpty()) {
                throw new LakebookException(flag + " " + given.get() + " is not in the workspace. "
                        + available(list.apply(workspace.get())) + " Pass one of those ids to " + flag + ".");
            }
            return given;
        }
        List<Candidate> candidates = listed(title, flag, () -> list.apply(workspace.get()));
        if (candidates.isEmpty()) {
            out.println(title + ": the workspace has none you can use; ask your workspace admin for one, then run "
                    + "lakebook install again (or pass " + flag + ").");
            return Optional.empty();
        }
        int defaultIndex = existing.flatMap(id -> candidates.stream().filter(c -> c.id().equals(id)).findFirst())
                .map(candidates::indexOf).orElse(0);
        boolean known = existing.isPresent() && candidates.get(defaultIndex).id().equals(existing.get());
        if (!console.terminal() && !options.yes() && !known) {
            throw new UsageException("no terminal to ask in, and " + existing.map(id -> id + " is no longer in the "
                    + "workspace").orElse("nothing is configured") + ": pass " + flag + ". "
                    + available(candidates));
        }
        boolean ask = console.terminal() && !options.yes() && candidates.size() > 1;
        Candidate chosen = ask ? prompter.choose(title, candidates, defaultIndex) : candidates.get(defaultIndex);
        out.println(title + ": " + chosen.label());
        return Optional.of(chosen.id());
    }

    private static List<Candidate> listed(String title, String flag, Supplier<List<Candidate>> list) {
        try {
            return list.get();
        } catch (DatabricksException e) {
            throw new LakebookException("The workspace did not list what to choose for \"" + title + "\" ("
                    + e.getMessage() + "). Pass " + flag + " instead, or ask your workspace admin for access.", e);
        }
    }

    private Optional<String> chooseModel(Optional<Workspace> workspace) {
        Optional<Workspace> endpoints = workspace;
        Function<Workspace, List<Candidate>> chat = w -> w.chatEndpoints().stream()
                .map(ChatEndpoint::asCandidate).toList();
        return choose("Model endpoint for Goose", "--model", options.model(), currentModel(), endpoints, chat,
                (w, name) -> chat.apply(w).stream().filter(c -> c.id().equals(name)).findFirst());
    }

    private static String available(List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return "The workspace has none you can use.";
        }
        StringBuilder text = new StringBuilder("Available:");
        candidates.forEach(c -> text.append("\n  ").append(c.label()));
        return text.append('\n').toString();
    }

    private Optional<String> currentModel() {
        Path file = gooseFile();
        try {
            return GooseConfig.model(Edits.readYaml(file));
        } catch (YamlDocument.InvalidYamlException e) {
            return Optional.empty();
        }
    }

    private void installKernel(List<String> command, Optional<String> profile) throws IOException {
        if (!options.kernel()) {
            return;
        }
        Path file = KernelSpec.file(options.jupyterDir());
        byte[] content = KernelSpec.render(file, command, profile.map(p -> Map.of(Settings.ENV_DEFAULT_PROFILE, p))
                .orElse(Map.of()));
        boolean same = Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), content);
        if (!same) {
            journal.write(file, content, List.of(new InstallRecord.Setting(List.of("kernel.json"), null,
                    Journal.tree("lakebook's kernel spec"))));
        }
        journal.update(r -> r.withKernelSpec(file.toString()));
        summary.add("kernel: \"" + KernelSpec.DISPLAY_NAME + "\" in " + file + (same ? " (unchanged)"
                : backupNote(file)));
    }

    private void wireGoose(String host, List<String> command, Optional<String> model) throws IOException {
        Path config = gooseFile();
        List<List<String>> changed = Edits.yaml(journal, config, GooseConfig.wiring(host, model, command,
                options.profileName()));
        Path hints = config.resolveSibling(GooseHints.FILE_NAME);
        String before = Files.exists(hints) ? Files.readString(hints, StandardCharsets.UTF_8) : "";
        String after = GooseHints.apply(before);
        if (!after.equals(before)) {
            journal.write(hints, after.getBytes(StandardCharsets.UTF_8), List.of(new InstallRecord.Setting(
                    List.of("lakebook block"), null, Journal.tree("lakebook's hints"))));
        }
        journal.update(r -> r.withGoose(config.toString(), hints.toString()));
        summary.add("Goose: " + config + " (provider databricks, model " + model.orElse("not chosen yet: lakebook "
                + "model use NAME") + ", extension lakebook)" + (changed.isEmpty() ? " (unchanged)"
                : backupNote(config)));
        summary.add("Goose hints: " + hints + (after.equals(before) ? " (unchanged)" : backupNote(hints)));
    }

    private Path gooseFile() {
        return options.gooseConfig().orElse(places.defaultGooseConfig());
    }

    private static String changes(List<String> changed, Path file) {
        return changed.isEmpty() ? " (unchanged)" : " (set " + String.join(", ", changed) + keptNote(file) + ")";
    }

    private static String backupNote(Path file) {
        return " (written" + keptNote(file) + ")";
    }

    private static String keptNote(Path file) {
        Path backup = Journal.backupOf(file);
        return Files.exists(backup) ? "; your original is kept in " + backup.getFileName() : "";
    }

    private void report(Optional<SignedIn> signedIn) {
        out.println();
        out.println("lakebook " + Lakebook.VERSION + " is installed:");
        summary.forEach(line -> out.println("  " + line));
        if (options.goose()) {
            out.println();
            out.println("On its first start Goose signs in to the workspace on its own: it opens your browser (or "
                    + "prints a URL) for the same Databricks login, with the OAuth client databricks-cli, and keeps "
                    + "its own tokens. lakebook's sign-in is not shared with it.");
        }
        out.println();
        out.println(signedIn.isPresent() ? "Check everything with: lakebook doctor"
                : "Sign in with: lakebook login --profile " + options.profileName()
                        + ", then check with: lakebook doctor");
    }

    private static String normalHost(String host) {
        String trimmed = host.strip().replaceAll("/+$", "");
        if (!trimmed.startsWith("https://") && !trimmed.startsWith("http://")) {
            throw new UsageException("--host must be the workspace URL starting with https://, got '" + host
                    + "'; copy it from your browser's address bar when you are in Databricks");
        }
        return trimmed;
    }
}

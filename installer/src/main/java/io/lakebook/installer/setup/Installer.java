package io.lakebook.installer.setup;

import com.databricks.sdk.core.DatabricksException;
import io.lakebook.core.Lakebook;
import io.lakebook.core.config.Settings;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.files.UserFiles;
import io.lakebook.installer.Launcher;
import io.lakebook.installer.UsageException;
import io.lakebook.installer.command.Console;
import io.lakebook.installer.goose.GooseConfig;
import io.lakebook.installer.goose.GooseHints;
import io.lakebook.installer.goose.YamlDocument;
import io.lakebook.installer.kernelspec.KernelSpec;
import io.lakebook.installer.login.Login;
import io.lakebook.installer.login.LoginMethod;
import io.lakebook.installer.login.SignedIn;
import io.lakebook.installer.profile.DatabricksCfg;
import io.lakebook.installer.workspace.Bounded;
import io.lakebook.installer.workspace.Candidate;
import io.lakebook.installer.workspace.ChatEndpoint;
import io.lakebook.installer.workspace.Reachability;
import io.lakebook.installer.workspace.Workspace;
import io.lakebook.installer.workspace.WorkspaceUrl;
import io.lakebook.installer.startup.ClassArchive;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code lakebook install}, step by step: the toolkit in its per-user place, the profile, one sign-in, the cluster,
 * warehouse and model, the kernel spec, Goose's configuration and hints. Everything that can stop the install (a
 * workspace that does not answer, a profile of another set-up, a file that cannot be written, a Goose configuration
 * lakebook cannot read) is checked before the first change. Each file is changed only where its value differs,
 * backed up before lakebook's first change, and every change is noted in the install record, so running it again
 * changes nothing and {@code lakebook uninstall} can take it back.
 */
public final class Installer {
    private final InstallOptions options;
    private final Console console;
    private final PrintStream out;
    private final Places places;
    private final Journal journal;
    private final Login login;
    private final Prompter prompter;
    private final Duration timeout;
    private final List<String> summary = new ArrayList<>();
    private String profile;
    private boolean kernel;

    public Installer(InstallOptions options, Console console) {
        this.options = options;
        this.console = console;
        this.out = console.out();
        this.places = Places.of(console);
        this.journal = Journal.open(places);
        this.login = new Login(out, console.env());
        this.prompter = new Prompter(console);
        this.timeout = Bounded.timeout(console.env());
        this.profile = options.profileName();
        this.kernel = options.kernel();
    }

    /** Runs the install; returns the exit status. */
    public int run() throws IOException {
        Path configFile = places.databricksConfig();
        Optional<String> host = host(configFile);
        if (options.goose()) {
            requireReadableGooseConfig();
        }
        if (host.isPresent()) {
            requireChoicesWhenNoOneCanAnswer(configFile);
            requireWorkspaceAnswers(host.get(), configFile);
        }
        Optional<Path> running = Toolkit.runningJar();
        boolean replaceSpec = kernel && decideAboutOtherKernelSpec();
        kernel = kernel && replaceSpec;
        Writability.require(targets(host.isPresent(), running.isPresent()));
        if (running.isEmpty()) {
            return kernelFromBuildFolder(host.isPresent());
        }
        List<Path> folders = new ArrayList<>(targets(host.isPresent(), true).keySet());
        // The kernel makes its cache later; whether its folders were there before is known only now.
        folders.add(places.cacheDir().resolve("sync").resolve("mark"));
        journal.noteFoldersFor(folders);
        if (!running.get().toAbsolutePath().normalize().equals(places.jar().toAbsolutePath().normalize())) {
            // Run again from the installed copy, install keeps the clone or jar it first came from.
            journal.update(r -> r.withSource(running.get().toString()));
        }
        List<String> command = installToolkit(running.get()).command();
        if (host.isPresent()) {
            Workspaces workspace = setUpProfile(host.get(), configFile);
            installKernel(command, Optional.of(profile));
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

    /**
     * The workspace: {@code --host} trimmed to the workspace's address, else the profile's host, except for the
     * kernel alone, which can also run on DATABRICKS_HOST and DATABRICKS_TOKEN and so is registered without touching
     * any profile. With {@code --host}, the profile is one that is free for it.
     */
    private Optional<String> host(Path configFile) {
        if (options.host().isPresent()) {
            WorkspaceUrl url = WorkspaceUrl.parse(options.host().get(), "--host");
            url.note().ifPresent(out::println);
            profile = ProfileChoice.choose(profile, url.host(), configFile, console.terminal()
                    ? Optional.of(prompter) : Optional.empty());
            return Optional.of(url.host());
        }
        Optional<String> host = options.goose() ? DatabricksCfg.read(configFile).get(profile, "host")
                : Optional.empty();
        if (host.isEmpty() && options.goose()) {
            throw new UsageException("Goose needs the workspace: pass --host https://<your-workspace> (the URL in "
                    + "your browser's address bar when you are in Databricks)");
        }
        return host;
    }

    /** A Goose configuration lakebook cannot read stops the install before anything is changed. */
    private void requireReadableGooseConfig() {
        try {
            Edits.readYaml(gooseFile());
        } catch (YamlDocument.InvalidYamlException e) {
            throw new LakebookException(e.getMessage() + " Nothing was changed. Fix that place in the file and run "
                    + "lakebook install again, or add --kernel to set up the kernel alone.", e);
        }
    }

    /** A mistyped host must not end up in the profile: the workspace must answer before anything is written. */
    private void requireWorkspaceAnswers(String host, Path configFile) {
        try {
            Reachability.check(host, configFile, timeout);
        } catch (Reachability.Unreachable e) {
            throw new LakebookException(e.getMessage() + ". Nothing was changed. Check the URL (copy it from your "
                    + "browser's address bar when you are in the workspace) and your network (VPN, proxy), then run "
                    + "lakebook install --host https://<your-workspace> with the right one.", e);
        }
    }

    /**
     * A {@code databricks} kernel spec of another program (the Python kernel for Databricks, say) is replaced only
     * when the person at the terminal agrees; without a terminal it is replaced, and its files are kept for
     * uninstall to put back.
     *
     * @return whether lakebook's kernel spec goes there
     */
    private boolean decideAboutOtherKernelSpec() throws IOException {
        Path file = KernelSpec.file(options.jupyterDir());
        if (!Files.exists(file) || KernelSpec.isLakebooks(file) || journal.record().file(file.toString()).isPresent()) {
            return true;
        }
        String other = "The kernel spec databricks in " + file.getParent() + " belongs to another program ("
                + KernelSpec.describe(file) + ")";
        if (console.terminal() && !options.yes()) {
            prompter.say(other + ".");
            boolean replace = prompter.confirm("Replace it with lakebook's? Its files are kept, and lakebook "
                    + "uninstall puts them back", true);
            if (!replace) {
                summary.add("kernel: left alone, as you chose: " + file + " stays the other program's. Register "
                        + "lakebook's elsewhere with lakebook install --kernel --jupyter-dir DIR");
            }
            return replace;
        }
        out.println(other + "; lakebook replaces it and keeps its files in " + file.getFileName()
                + UserFiles.BACKUP_SUFFIX + " and " + KernelSpec.ASIDE + "/ beside it, for lakebook uninstall to put "
                + "back.");
        return true;
    }

    /** Every file install writes, with another way out to name when it cannot be written. */
    private Map<Path, String> targets(boolean workspace, boolean toolkit) {
        Map<Path, String> targets = new LinkedHashMap<>();
        if (toolkit) {
            targets.put(places.jar(), "set XDG_DATA_HOME to a writable folder");
            targets.put(places.record(), "set XDG_DATA_HOME to a writable folder");
            targets.put(places.launcher(), "");
        }
        if (workspace) {
            targets.put(places.databricksConfig(), "set DATABRICKS_CONFIG_FILE to a file elsewhere");
            if (options.login() && login.method() == LoginMethod.EXTERNAL_BROWSER) {
                // The Databricks SDK keeps the sign-in here (reference/databricks-api.md §10.6).
                targets.put(places.home().resolve(".config/databricks-sdk-java/oauth/sign-in"), "");
            }
        }
        if (kernel) {
            targets.put(KernelSpec.file(options.jupyterDir()), "pass --jupyter-dir DIR");
        }
        if (options.goose() && workspace) {
            targets.put(gooseFile(), "pass --goose-config FILE");
            targets.put(gooseFile().resolveSibling(GooseHints.FILE_NAME), "pass --goose-config FILE");
        }
        return targets;
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
        if (!kernel) {
            summary.forEach(out::println);
            return 0;
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
        // The kernel and lakebook mcp start from an archive of the classes they load (about half the time); the
        // launcher, the kernel spec and Goose name it, so it is made first.
        String archive = copied || ClassArchive.jvmOptions(places.jar()).isEmpty() ? makeArchive(toolkit) : null;
        boolean launcher = toolkit.writeLauncher(places.launcher(), Toolkit.reinstallAdvice(
                Optional.ofNullable(journal.record().source()).map(Path::of)));
        journal.update(r -> r.withToolkit(toolkit.java().toString(), places.jar().toString(),
                launcher ? places.launcher().toString() : r.launcher()));
        summary.add("toolkit: " + places.jar() + (copied ? " (installed)" : " (unchanged)"));
        if (archive != null) {
            summary.add("start-up: " + archive);
        }
        if (launcher) {
            summary.add("command: " + places.launcher() + onPathNote());
        } else {
            summary.add("command: " + places.launcher() + " belongs to another program and was left alone; run "
                    + "lakebook as java -jar " + places.jar());
        }
        return toolkit;
    }

    private static String makeArchive(Toolkit toolkit) {
        try {
            return ClassArchive.create(toolkit.jar(), toolkit.java().toString(), Launcher.JVM_OPTIONS);
        } catch (IOException e) {
            return "lakebook starts without a class-data archive: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "lakebook starts without a class-data archive: interrupted";
        }
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
        if (options.clusterId().isEmpty() && cfg.get(profile, "cluster_id").isEmpty()) {
            missing.add("--cluster-id ID (the cluster notebooks run on)");
        }
        if (options.goose() && options.warehouseId().isEmpty() && cfg.get(profile, "warehouse_id").isEmpty()) {
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
        List<String> changed = Edits.profile(journal, configFile, profile, values);
        journal.update(r -> r.withWorkspace(host, profile, configFile.toString()));
        Optional<SignedIn> signedIn = signIn(host, configFile);
        Optional<Workspace> workspace = signedIn.map(who -> new Workspace(login.client(host, profile, configFile,
                false)));
        DatabricksCfg cfg = DatabricksCfg.read(configFile);
        Map<String, String> chosen = new LinkedHashMap<>();
        choose(Choice.CLUSTER, options.clusterId(), cfg.get(profile, "cluster_id"), workspace)
                .ifPresent(id -> chosen.put("cluster_id", id));
        boolean wantWarehouse = options.goose() || options.warehouseId().isPresent();
        (wantWarehouse ? choose(Choice.WAREHOUSE, options.warehouseId(), cfg.get(profile, "warehouse_id"), workspace)
                : Optional.<String>empty()).ifPresent(id -> chosen.put("warehouse_id", id));
        changed.addAll(Edits.profile(journal, configFile, profile, chosen));
        summary.add("profile: [" + profile + "] in " + configFile + changes(changed, configFile)
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
        Optional<SignedIn> saved;
        try {
            saved = Bounded.call("the workspace, asked who the saved sign-in is,", timeout,
                    () -> login.saved(host, profile, configFile));
        } catch (Bounded.TimedOut e) {
            throw new LakebookException(e.getMessage() + ". Check your network (VPN, proxy) and run lakebook install "
                    + "again.", e);
        }
        if (saved.isPresent()) {
            out.println("Using the sign-in saved before. " + saved.get().describe());
            return saved;
        }
        if (!options.login()) {
            summary.add("sign-in: skipped (--no-login); sign in later with: lakebook login --profile " + profile);
            return Optional.empty();
        }
        Optional<Path> cache = login.tokenCacheFile(host, profile, configFile);
        boolean cacheExisted = cache.map(Files::exists).orElse(true);
        SignedIn signedIn = login.signIn(host, profile, configFile);
        if (!cacheExisted && cache.filter(Files::exists).isPresent()) {
            journal.update(r -> r.withTokenCache(cache.get().toString()));
        }
        return Optional.of(signedIn);
    }

    /** A thing to choose in the workspace: how it is listed, found, named and flagged. */
    private record Choice(String title, String flag, String noun, Function<Workspace, List<Candidate>> list,
                          BiFunction<Workspace, String, Optional<Candidate>> find) {
        static final Choice CLUSTER = new Choice("Cluster for notebooks", "--cluster-id", "cluster",
                Workspace::clusters, Workspace::cluster);
        static final Choice WAREHOUSE = new Choice("SQL warehouse for Goose's SQL tools", "--warehouse-id",
                "warehouse", Workspace::warehouses, Workspace::warehouse);
    }

    /**
     * One choice: the flag's value (checked against the workspace when signed in), else the person at the terminal
     * picks, else the default: the configured value when the workspace still has it, else the first running one.
     * A configured value that the workspace no longer has is never replaced behind the user's back: in a terminal
     * they are asked, and without one the install stops naming the flag.
     */
    private Optional<String> choose(Choice choice, Optional<String> given, Optional<String> existing,
                                    Optional<Workspace> workspace) {
        if (workspace.isEmpty()) {
            return given.or(() -> existing);
        }
        if (given.isPresent()) {
            if (query(choice, () -> choice.find().apply(workspace.get(), given.get())).isEmpty()) {
                throw new LakebookException(choice.flag() + " " + given.get() + " is not in the workspace. "
                        + available(query(choice, () -> choice.list().apply(workspace.get()))) + " Pass one of those "
                        + "ids to " + choice.flag() + ".");
            }
            return given;
        }
        List<Candidate> candidates = query(choice, () -> choice.list().apply(workspace.get()));
        if (candidates.isEmpty()) {
            out.println(choice.title() + ": the workspace has none you can use; ask your workspace admin for one, "
                    + "then run lakebook install again (or pass " + choice.flag() + ").");
            return Optional.empty();
        }
        Optional<Candidate> configured = existing.flatMap(id -> candidates.stream().filter(c -> c.id().equals(id))
                .findFirst());
        boolean gone = existing.isPresent() && configured.isEmpty();
        if (gone && !console.terminal()) {
            throw new UsageException("the configured " + choice.noun() + " " + existing.get() + " is no longer in "
                    + "the workspace, and lakebook does not pick another one without asking: pass "
                    + choice.flag() + " ID. " + available(candidates));
        }
        if (!console.terminal() && !options.yes() && configured.isEmpty()) {
            throw new UsageException("no terminal to ask in, and nothing is configured: pass " + choice.flag()
                    + ". " + available(candidates));
        }
        if (gone) {
            prompter.say("The configured " + choice.noun() + " " + existing.get() + " is no longer in the "
                    + "workspace; choose another.");
        }
        int defaultIndex = configured.map(candidates::indexOf).orElse(0);
        boolean ask = console.terminal() && (gone || !options.yes() && candidates.size() > 1);
        Candidate chosen = ask ? prompter.choose(choice.title(), candidates, defaultIndex)
                : candidates.get(defaultIndex);
        out.println(choice.title() + ": " + chosen.label() + (ask ? "" : why(choice, chosen, configured,
                candidates)));
        return Optional.of(chosen.id());
    }

    /** Why a choice made without asking fell where it did. */
    private static String why(Choice choice, Candidate chosen, Optional<Candidate> configured,
                              List<Candidate> candidates) {
        if (configured.isPresent()) {
            return " (as configured)";
        }
        if (candidates.size() == 1) {
            return " (the only one the workspace has" + startNote(choice, chosen) + ")";
        }
        return chosen.isRunning() ? " (--yes: the first running one)" : " (--yes: none is running, so the first one"
                + startNote(choice, chosen) + ")";
    }

    private static String startNote(Choice choice, Candidate chosen) {
        if (chosen.isRunning()) {
            return "";
        }
        return choice == Choice.CLUSTER ? "; it is " + chosen.state() + ", and the first cell starts it (a few "
                + "minutes)" : "; it is " + chosen.state() + ", and the first query starts it";
    }

    private <T> T query(Choice choice, java.util.function.Supplier<T> call) {
        return query(choice.title(), choice.flag(), call);
    }

    private <T> T query(String title, String flag, java.util.function.Supplier<T> call) {
        try {
            return Bounded.call("the workspace, asked for the list for \"" + title + "\",", timeout, call::get);
        } catch (Bounded.TimedOut e) {
            throw new LakebookException(e.getMessage() + ". Check your network (VPN, proxy) and run lakebook install "
                    + "again, or pass " + flag + " instead.", e);
        } catch (DatabricksException e) {
            throw new LakebookException("The workspace did not list what to choose for \"" + title + "\" ("
                    + e.getMessage() + "). Pass " + flag + " instead, or ask your workspace admin for access.", e);
        }
    }

    private Optional<String> chooseModel(Optional<Workspace> workspace) {
        if (workspace.isEmpty()) {
            return options.model().or(this::currentModel);
        }
        List<ChatEndpoint> chat = query("Model endpoint for Goose", "--model", () -> workspace.get()
                .chatEndpoints());
        if (options.model().isPresent() && chat.stream().noneMatch(e -> e.name().equals(options.model().get()))) {
            throw new LakebookException("--model " + options.model().get() + " "
                    + workspace.get().whyNotChat(options.model().get()) + ". " + ChatEndpoint.listed(chat)
                    + " Pass one of those to --model.");
        }
        Choice model = new Choice("Model endpoint for Goose", "--model", "model endpoint",
                w -> chat.stream().map(ChatEndpoint::asCandidate).toList(),
                (w, name) -> chat.stream().filter(e -> e.name().equals(name)).map(ChatEndpoint::asCandidate)
                        .findFirst());
        return choose(model, options.model(), currentModel(), workspace);
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

    /**
     * The variables the kernel and the MCP server get: the profile, and the {@code DATABRICKS_CONFIG_FILE} install
     * itself used when it was set, since Jupyter and Goose may start them without it.
     */
    private Map<String, String> childEnv(String profileName) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Settings.ENV_DEFAULT_PROFILE, profileName);
        if (places.configFileFromEnv()) {
            env.put("DATABRICKS_CONFIG_FILE", places.databricksConfig().toString());
        }
        return env;
    }

    private void installKernel(List<String> command, Optional<String> profileName) throws IOException {
        if (!kernel) {
            return;
        }
        Path file = KernelSpec.file(options.jupyterDir());
        boolean other = Files.exists(file) && !KernelSpec.isLakebooks(file)
                && journal.record().file(file.toString()).isEmpty();
        Map<String, String> env = profileName.map(this::childEnv).orElseGet(LinkedHashMap::new);
        byte[] content = KernelSpec.render(file, command, env);
        boolean same = Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), content);
        if (!same) {
            journal.write(file, content, List.of(new InstallRecord.Setting(List.of("kernel.json"), null,
                    Journal.tree("lakebook's kernel spec"))), InstallRecord.Kind.KERNEL_SPEC);
        }
        if (other) {
            journal.movedAside(file, InstallRecord.Kind.KERNEL_SPEC, KernelSpec.moveAsideOtherFiles(file));
        }
        // A spec holds no secret, and one in a shared place (--sys-prefix) must be readable by every user; a spec
        // an older lakebook left private is opened up too.
        OwnedFiles.makeReadableByAll(file);
        journal.update(r -> r.withKernelSpec(file.toString()));
        summary.add("kernel: \"" + KernelSpec.DISPLAY_NAME + "\" in " + file + (same ? " (unchanged)"
                : backupNote(file)));
    }

    private void wireGoose(String host, List<String> command, Optional<String> model) throws IOException {
        Path config = gooseFile();
        List<List<String>> changed = Edits.yaml(journal, config, GooseConfig.wiring(host, model, command,
                childEnv(profile)));
        Path hints = config.resolveSibling(GooseHints.FILE_NAME);
        String before = Files.exists(hints) ? Files.readString(hints, StandardCharsets.UTF_8) : "";
        String after = GooseHints.apply(before);
        if (!after.equals(before)) {
            journal.write(hints, after.getBytes(StandardCharsets.UTF_8), List.of(new InstallRecord.Setting(
                    List.of("lakebook block"), null, Journal.tree("lakebook's hints"))),
                    InstallRecord.Kind.GOOSE_HINTS);
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
                : "Sign in with: lakebook login --profile " + profile + ", then check with: lakebook doctor");
    }
}

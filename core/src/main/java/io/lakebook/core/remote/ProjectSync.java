package io.lakebook.core.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.core.config.ProjectFile;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.output.TextOutput;
import io.lakebook.core.sync.FileEntry;
import io.lakebook.core.sync.ProjectScanner;
import io.lakebook.core.sync.Scan;
import io.lakebook.core.sync.SyncException;
import io.lakebook.core.sync.SyncLimits;
import io.lakebook.core.sync.SyncPlan;
import io.lakebook.core.sync.SyncSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Keeps a copy of the local project on the driver, so that the notebook imports the user's modules and opens files
 * by relative paths as in a Databricks Git folder. Before each cell the project is scanned ({@link ProjectScanner});
 * only what differs from the driver's manifest travels, and an unchanged project costs no call at all.
 *
 * <p>Files travel as base64 in commands on lakebook's own execution context, the one that also reads live output:
 * a command reaches the driver's local disk directly on every workspace, while DBFS and the Files API write to cloud
 * storage and volumes, which a cluster in some access modes cannot read as local files, and which would need a
 * command on the driver to copy from anyway. Each command carries at most {@value #CHUNK_BYTES} bytes of content, so
 * it stays under the 1 MiB that is safe for one command. The notebook's own context runs only two short scripts,
 * each in a namespace of its own: one that puts the copy on {@code sys.path} and makes it the working directory once
 * per Python process, and one that reloads the modules whose files changed.
 *
 * <p>Called from the thread that runs cells, one cell at a time.
 */
final class ProjectSync {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectSync.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int CHUNK_BYTES = 512 * 1024;
    private static final int LIST_PAGE = 5_000;
    private static final int DELETE_PAGE = 2_000;
    private static final int REPORT_LINES = 100;
    private static final Duration COMMAND_LIMIT = Duration.ofMinutes(2);
    private static final Duration CONTEXT_WAIT = Duration.ofMinutes(3);
    private static final String DRIVER = Commands.resource("sync_driver.py");
    private static final String PATHS = Commands.resource("sync_paths.py");
    private static final String RELOAD = Commands.resource("sync_reload.py");
    /** Runs a script in a namespace of its own; reached through builtins, so a user's own {@code exec} is no bar. */
    private static final String EXEC = "__import__(\"builtins\").exec(";

    private ProjectScanner scanner;
    private SyncSettings settings;
    private final String settingsFile;
    /** The project file's size and times when its settings were last read; re-read when they change. */
    private String settingsStamp;
    /** The notebook's folder inside the project, {@code ""} at its root: the working directory on the driver. */
    private final String folder;
    /** The copy's folder name on the driver: readable, and unique to this project's path on this computer. */
    private final String name;
    private final CopyLedger ledger;
    private Map<String, FileEntry> remote;
    private String remoteDir;
    /** The internal context and cluster generation that {@link #remote} was read in. */
    private String openedIn;
    private String installedIn;
    /** The notebook's context (and Python process) whose sys.path and working directory point at the copy. */
    private String pathsIn;
    /** Paths changed since the notebook's modules were last reloaded: kept until a reload succeeds. */
    private final Set<String> changedSinceReload = new LinkedHashSet<>();
    private final Set<String> deletedSinceReload = new LinkedHashSet<>();

    /**
     * @param folder       the notebook's folder, inside {@code root} (else the root is used)
     * @param settingsFile where {@code settings} come from, named in messages; read again when it changes
     */
    ProjectSync(Path root, Path folder, SyncSettings settings, String settingsFile, Map<String, String> env) {
        this.scanner = new ProjectScanner(root, settings, settingsFile);
        this.settings = settings;
        this.settingsFile = settingsFile;
        this.settingsStamp = stamp(ProjectFile.pathIn(scanner.root()));
        Path inside = folder.toAbsolutePath().normalize();
        this.folder = inside.startsWith(scanner.root()) ? scanner.root().relativize(inside).toString()
                .replace('\\', '/') : "";
        this.name = folderName(scanner.root(), CopyLedger.computerId(env));
        this.ledger = CopyLedger.forFolder(name, env);
    }

    Path root() {
        return scanner.root();
    }

    /** The notebook's Python process was replaced (a restart of Python): its sys.path must be set again. */
    void processReplaced() {
        pathsIn = null;
    }

    /**
     * Brings the driver's copy up to date before a cell.
     *
     * @param internal lakebook's own context, waited for up to the given time; null when it could not start
     * @return notices for the user (modules reloaded or gone), in the order to show them
     * @throws SyncException when the project is too large or the copy failed; the cell must not run
     */
    List<TextOutput> beforeCell(Commands commands, String userContext, Function<Duration, String> internal,
                                String generation, ProgressListener progress) throws InterruptedException {
        rereadSettings();
        if (!settings.enabled()) {
            return List.of();
        }
        Scan scan = scanner.scan();
        SyncLimits.check(scan, settings, settingsFile);
        return ledger.locked(new CopyLedger.Work<Synced>() {
            @Override
            public Synced run(boolean othersChanged) throws InterruptedException {
                if (othersChanged) {
                    LOG.info("Another session changed the copy of {} on the driver; reading its manifest again",
                            scanner.root());
                    openedIn = null;
                }
                return sync(commands, userContext, internal, generation, progress, scan);
            }

            @Override
            public boolean changedCopy(Synced result) {
                return result.changedCopy();
            }
        }).notices();
    }

    /** What one sync did: the notices for the user, and whether the driver's copy changed. */
    private record Synced(List<TextOutput> notices, boolean changedCopy) {
    }

    private Synced sync(Commands commands, String userContext, Function<Duration, String> internal,
                        String generation, ProgressListener progress, Scan scan) throws InterruptedException {
        if (remote != null && openedIn != null && pathsIn != null && pathsIn.equals(userContext)
                && changedSinceReload.isEmpty() && SyncPlan.between(scan.files(), remote).isEmpty()
                && openedIn.endsWith("|" + generation)) {
            return new Synced(List.of(), false);
        }
        String context = internal.apply(CONTEXT_WAIT);
        if (context == null) {
            throw new SyncException("lakebook could not start its own execution context on the cluster, which "
                    + "copies your project's files there; the cell did not run. Run it again; to run cells without "
                    + "your project's files, set \"sync\": {\"enabled\": false} in " + settingsFile + ".");
        }
        try {
            open(commands, context, generation);
            SyncPlan plan = SyncPlan.between(scan.files(), remote);
            transfer(commands, context, plan, progress);
            return new Synced(prepareNotebook(commands, userContext), !plan.isEmpty());
        } catch (LakebookException e) {
            if (e instanceof SyncException) {
                throw e;
            }
            remote = null;
            openedIn = null;
            throw new SyncException("Copying the project's files to the cluster failed: " + e.getMessage()
                    + ". The cell did not run and nothing on your laptop changed; run it again.", e);
        }
    }

    /**
     * Takes the project file's sync settings again when the file changed since they were read, so that a limit
     * raised or a path excluded there counts from the next cell on, without a restart.
     *
     * @throws SyncException when the changed file cannot be read; the cell does not run
     */
    private void rereadSettings() {
        Path file = ProjectFile.pathIn(scanner.root());
        String now = stamp(file);
        if (now.equals(settingsStamp)) {
            return;
        }
        SyncSettings fresh;
        try {
            fresh = ProjectFile.in(scanner.root()).map(ProjectFile::sync).orElse(SyncSettings.DEFAULTS);
        } catch (LakebookException e) {
            throw new SyncException(e.getMessage() + " The cell did not run.", e);
        }
        settingsStamp = now;
        if (!fresh.equals(settings)) {
            LOG.info("The sync settings in {} changed: {}", file, fresh);
            scanner = scanner.withSettings(fresh, settingsFile);
            settings = fresh;
        }
    }

    /** The file's size and modification and status-change times, or "absent". */
    private static String stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            return attributes.size() + "/" + modified + "/" + ProjectScanner.changedNanos(file, modified);
        } catch (IOException e) {
            return "absent";
        }
    }

    /** What the next cell would send, and what stays behind and why, for {@code %lakebook sync}. */
    String report() {
        rereadSettings();
        if (!settings.enabled()) {
            return "Project sync is off (\"sync\": {\"enabled\": false} in " + settingsFile + ").";
        }
        Scan scan = scanner.scan();
        StringBuilder text = new StringBuilder("Project " + scanner.root() + " → " + (remoteDir == null
                ? "the driver (not copied yet in this session)" : remoteDir + " on the driver") + "\n");
        text.append(scan.files().size()).append(" files, ").append(SyncSettings.describe(scan.totalBytes()))
                .append(" (limits: ").append(SyncSettings.describe(settings.maxFileBytes())).append(" a file, ")
                .append(SyncSettings.describe(settings.maxTotalBytes())).append(" in all)\n");
        try {
            SyncLimits.check(scan, settings, settingsFile);
        } catch (SyncException e) {
            text.append("The next cell will stop: ").append(e.getMessage()).append('\n');
        }
        SyncPlan plan = SyncPlan.between(scan.files(), remote == null ? Map.of() : remote);
        text.append(plan.isEmpty() ? "Nothing would travel: the driver's copy is up to date.\n"
                : "Would travel at the next cell (" + SyncSettings.describe(plan.uploadBytes()) + "):\n");
        List<String> travel = new ArrayList<>();
        plan.uploads().forEach(u -> travel.add(u.why() + "  " + u.file().path() + " (" + u.file().size() + " bytes)"));
        plan.deletes().forEach(path -> travel.add("deleted  " + path));
        lines(text, travel);
        text.append(scan.leftOut().isEmpty() ? "Nothing is left out.\n" : "Left out:\n");
        lines(text, scan.leftOut().stream().map(out -> out.path() + " — " + out.reason()).toList());
        return text.toString().stripTrailing();
    }

    /** Appends up to {@value #REPORT_LINES} lines, then says how many more there are. */
    private static void lines(StringBuilder text, List<String> lines) {
        lines.stream().limit(REPORT_LINES).forEach(line -> text.append("  ").append(line).append('\n'));
        if (lines.size() > REPORT_LINES) {
            text.append("  … and ").append(lines.size() - REPORT_LINES).append(" more\n");
        }
    }

    private void open(Commands commands, String context, String generation) throws InterruptedException {
        if (!context.equals(installedIn)) {
            commands.run(context, DRIVER, COMMAND_LIMIT);
            installedIn = context;
            openedIn = null;
        }
        String key = context + "|" + generation;
        if (key.equals(openedIn) && remote != null) {
            return;
        }
        JsonNode opened = json(commands.run(context, "_lakebook_sync_open(" + Commands.pythonString(name) + ", "
                + Commands.pythonString(generation) + ")", COMMAND_LIMIT));
        remoteDir = opened.path("dir").asText();
        int count = opened.path("count").asInt();
        Map<String, FileEntry> files = new TreeMap<>();
        for (int start = 0; start < count; start += LIST_PAGE) {
            json(commands.run(context, "_lakebook_sync_list(" + Commands.pythonString(name) + ", " + start + ", "
                    + LIST_PAGE + ")", COMMAND_LIMIT)).forEach(entry -> files.put(entry.get(0).asText(),
                    new FileEntry(entry.get(0).asText(), entry.get(1).asLong(), entry.get(2).asText())));
        }
        if (remote != null) {
            // Files another session changed under this notebook's modules must be reloaded here too.
            SyncPlan theirs = SyncPlan.between(files, remote);
            theirs.uploads().forEach(upload -> changedSinceReload.add(upload.file().path()));
            deletedSinceReload.addAll(theirs.deletes());
        }
        remote = files;
        openedIn = key;
        LOG.info("Project {} has {} files in {} on the driver", scanner.root(), files.size(), remoteDir);
    }

    private void transfer(Commands commands, String context, SyncPlan plan, ProgressListener progress)
            throws InterruptedException {
        List<String> deletes = plan.deletes();
        for (int start = 0; start < deletes.size(); start += DELETE_PAGE) {
            List<String> page = deletes.subList(start, Math.min(deletes.size(), start + DELETE_PAGE));
            commands.run(context, "_lakebook_sync_delete(" + Commands.pythonString(name) + ", "
                    + pythonList(page) + ")", COMMAND_LIMIT);
            page.forEach(remote::remove);
        }
        deletedSinceReload.addAll(deletes);
        Batch batch = new Batch(commands, context, progress, plan.uploadBytes());
        for (SyncPlan.Upload upload : plan.uploads()) {
            batch.add(upload.file().path());
        }
        batch.flush();
    }

    /** Fills commands with files, and parts of files, up to {@link #CHUNK_BYTES} of content each. */
    private final class Batch {
        private final Commands commands;
        private final String context;
        private final ProgressListener progress;
        private final long total;
        private final List<String> parts = new ArrayList<>();
        private final List<FileEntry> completed = new ArrayList<>();
        private long bytes;
        private long sent;

        Batch(Commands commands, String context, ProgressListener progress, long total) {
            this.commands = commands;
            this.context = context;
            this.progress = progress;
            this.total = total;
        }

        void add(String path) throws InterruptedException {
            byte[] content = read(path);
            FileEntry entry = new FileEntry(path, content.length, hash(content));
            int offset = 0;
            do {
                int length = Math.min(content.length - offset, CHUNK_BYTES - (int) bytes);
                String data = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(content, offset,
                        offset + length));
                parts.add("[" + Commands.pythonString(path) + ", " + offset + ", \"" + data + "\", "
                        + content.length + ", \"" + entry.hash() + "\"]");
                offset += length;
                bytes += length;
                if (offset == content.length) {
                    completed.add(entry);
                }
                if (bytes >= CHUNK_BYTES) {
                    flush();
                }
            } while (offset < content.length);
        }

        void flush() throws InterruptedException {
            if (parts.isEmpty()) {
                return;
            }
            commands.run(context, "_lakebook_sync_put(" + Commands.pythonString(name) + ", [" + String.join(", ",
                    parts) + "])", COMMAND_LIMIT);
            for (FileEntry entry : completed) {
                remote.put(entry.path(), entry);
                changedSinceReload.add(entry.path());
            }
            sent += bytes;
            if (total > CHUNK_BYTES) {
                progress.progress("Copying project files to the cluster: " + SyncSettings.describe(sent) + " of "
                        + SyncSettings.describe(total));
            }
            parts.clear();
            completed.clear();
            bytes = 0;
        }
    }

    /**
     * A new Python process gets the copy on its path; one that already had it reloads the modules whose files
     * changed, and the user hears which.
     */
    private List<TextOutput> prepareNotebook(Commands commands, String userContext) throws InterruptedException {
        if (!userContext.equals(pathsIn)) {
            commands.run(userContext, EXEC + Commands.pythonString(PATHS) + ", {\"DIR\": "
                    + Commands.pythonString(remoteDir) + ", \"FOLDER\": " + Commands.pythonString(folder) + "})",
                    COMMAND_LIMIT);
            pathsIn = userContext;
            changedSinceReload.clear();
            deletedSinceReload.clear();
            return List.of();
        }
        if (changedSinceReload.isEmpty() && deletedSinceReload.isEmpty()) {
            return List.of();
        }
        JsonNode answer = json(commands.run(userContext, EXEC + Commands.pythonString(RELOAD) + ", {\"DIR\": "
                + Commands.pythonString(remoteDir) + ", \"CHANGED\": " + pythonList(List.copyOf(changedSinceReload))
                + ", \"DELETED\": " + pythonList(List.copyOf(deletedSinceReload)) + "})", COMMAND_LIMIT));
        if (answer.path("failed").size() > 0) {
            JsonNode failure = answer.path("failed").get(0);
            throw new SyncException("Module " + failure.get(0).asText() + " changed on your laptop, but reloading it "
                    + "on the cluster failed: " + failure.get(1).asText() + ". The cell did not run, so that it "
                    + "does not use the old code. Fix the file and run the cell again.");
        }
        changedSinceReload.clear();
        deletedSinceReload.clear();
        return notices(answer);
    }

    private static List<TextOutput> notices(JsonNode answer) {
        List<TextOutput> notices = new ArrayList<>();
        List<String> reloaded = names(answer.path("reloaded"));
        List<String> dependents = names(answer.path("dependents"));
        List<String> stale = names(answer.path("stale"));
        if (!reloaded.isEmpty()) {
            StringBuilder text = new StringBuilder("lakebook reloaded " + String.join(", ", reloaded) + ": "
                    + (reloaded.size() == 1 ? "its file" : "their files") + " changed");
            if (!dependents.isEmpty()) {
                text.append("; and ").append(String.join(", ", dependents)).append(", which ")
                        .append(dependents.size() == 1 ? "uses" : "use").append(" names from ")
                        .append(reloaded.size() == 1 ? "it" : "them");
            }
            text.append(".");
            if (!stale.isEmpty()) {
                text.append(" Your ").append(stale.size() == 1 ? "name " : "names ").append(String.join(", ", stale))
                        .append(stale.size() == 1 ? " still holds" : " still hold").append(" the old code: run the "
                        + "`from … import …` that made ").append(stale.size() == 1 ? "it" : "them")
                        .append(" again, or restart the kernel.");
            }
            notices.add(new TextOutput(text.append('\n').toString(), true));
        }
        List<String> gone = names(answer.path("gone"));
        if (!gone.isEmpty()) {
            notices.add(new TextOutput("The files of " + String.join(", ", gone) + " were deleted, but the "
                    + "notebook imported " + (gone.size() == 1 ? "it" : "them") + " already: "
                    + (gone.size() == 1 ? "it stays" : "they stay") + " loaded until you restart the kernel.\n",
                    true));
        }
        return notices;
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.asText()));
        return names;
    }

    private byte[] read(String path) {
        try {
            return Files.readAllBytes(scanner.root().resolve(path));
        } catch (IOException e) {
            throw new SyncException("lakebook could not read " + path + " to copy it to the cluster ("
                    + e.getMessage() + "). The cell did not run; check the file and run it again.", e);
        }
    }

    private static String hash(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.strip());
        } catch (IOException e) {
            throw new LakebookException("lakebook's sync command answered something unexpected: " + text.strip());
        }
    }

    private static String pythonList(List<String> items) {
        StringBuilder list = new StringBuilder("[");
        for (String item : items) {
            list.append(list.length() > 1 ? ", " : "").append(Commands.pythonString(item));
        }
        return list.append(']').toString();
    }

    /**
     * {@code <folder name>-<16 hex digits of the SHA-256 of the computer's id and the absolute path>}, safe as a file
     * name.
     */
    static String folderName(Path root, String computerId) {
        String base = root.getFileName() == null ? "project" : root.getFileName().toString()
                .replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((computerId + "\n" + root)
                    .getBytes(StandardCharsets.UTF_8));
            return base + "-" + HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package io.lakebook.kernel.handler;

import io.lakebook.kernel.session.LazySession;
import io.lakebook.kernel.wire.Header;
import io.lakebook.kernel.wire.Message;
import io.lakebook.kernel.wire.MessageFactory;
import io.lakebook.kernel.wire.MessageType;
import io.lakebook.kernel.wire.control.ControlInterruptReply;
import io.lakebook.kernel.wire.control.ControlInterruptRequest;
import io.lakebook.kernel.wire.control.ControlShutdownReply;
import io.lakebook.kernel.wire.control.ControlShutdownRequest;
import io.lakebook.kernel.wire.shell.ShellCommInfoReply;
import io.lakebook.kernel.wire.shell.ShellCommInfoRequest;
import io.lakebook.kernel.wire.shell.ShellCompleteReply;
import io.lakebook.kernel.wire.shell.ShellCompleteRequest;
import io.lakebook.kernel.wire.shell.ShellHistoryReply;
import io.lakebook.kernel.wire.shell.ShellHistoryRequest;
import io.lakebook.kernel.wire.shell.ShellInspectReply;
import io.lakebook.kernel.wire.shell.ShellInspectRequest;
import io.lakebook.kernel.wire.shell.ShellIsCompleteRequest;
import io.lakebook.kernel.wire.shell.ShellKernelInfoReply;
import io.lakebook.kernel.wire.shell.ShellKernelInfoReply.CodemirrorMode;
import io.lakebook.kernel.wire.shell.ShellKernelInfoReply.HelpLink;
import io.lakebook.kernel.wire.shell.ShellKernelInfoReply.LanguageInfo;
import io.lakebook.kernel.wire.shell.ShellKernelInfoRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lakebook.core.remote.Completion;
import io.lakebook.core.remote.Inspection;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Everything the Databricks kernel answers, one {@code handle} method per request. {@link #registerShell} and
 * {@link #registerControl} are the list of what the kernel supports; anything else gets a polite error reply.
 */
public final class KernelHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(KernelHandlers.class);
    private static final LanguageInfo PYTHON = new LanguageInfo("python", "3", "text/x-python", ".py", "ipython3",
            new CodemirrorMode("ipython", 3), "python");
    private static final List<HelpLink> HELP = List.of(
            new HelpLink("Databricks notebooks", "https://docs.databricks.com/en/notebooks/index.html"),
            new HelpLink("Python", "https://docs.python.org/3/"));

    private final LazySession session;
    private final MessageFactory messages;
    private final Runnable shutdown;
    private final History history = new History();
    private final ExecuteHandler execute;

    /**
     * @param shutdown called once the shutdown reply is sent; it must stop the kernel from another thread
     */
    public KernelHandlers(LazySession session, Iopub iopub, MessageFactory messages, StopOnError stopOnError,
                          ServeWhileRunning serveWhileRunning, ScheduledExecutorService ticker, Runnable shutdown) {
        this.session = session;
        this.messages = messages;
        this.shutdown = shutdown;
        this.execute = new ExecuteHandler(session, iopub, messages, history, stopOnError, serveWhileRunning, ticker,
                Path.of("").toAbsolutePath());
    }

    public void registerShell(Dispatcher dispatcher) {
        dispatcher.on(MessageType.KERNEL_INFO_REQUEST, this::handleKernelInfoRequest)
                .on(MessageType.EXECUTE_REQUEST, execute::handleExecuteRequest)
                .on(MessageType.IS_COMPLETE_REQUEST, this::handleIsCompleteRequest)
                .on(MessageType.COMPLETE_REQUEST, this::handleCompleteRequest)
                .on(MessageType.INSPECT_REQUEST, this::handleInspectRequest)
                .on(MessageType.HISTORY_REQUEST, this::handleHistoryRequest)
                .on(MessageType.COMM_INFO_REQUEST, this::handleCommInfoRequest)
                .on(MessageType.SHUTDOWN_REQUEST, this::handleShutdownRequest);
    }

    public void registerControl(Dispatcher dispatcher) {
        dispatcher.on(MessageType.KERNEL_INFO_REQUEST, this::handleKernelInfoRequest)
                .on(MessageType.INTERRUPT_REQUEST, this::handleInterruptRequest)
                .on(MessageType.SHUTDOWN_REQUEST, this::handleShutdownRequest);
    }

    void handleKernelInfoRequest(Message<ShellKernelInfoRequest> request, Replier replier) {
        replier.send(messages.reply(request, kernelInfo(banner())));
    }

    /** The content of a kernel_info_reply with {@code banner}. */
    public static ShellKernelInfoReply kernelInfo(String banner) {
        return new ShellKernelInfoReply("ok", Header.PROTOCOL_VERSION, "lakebook", version(), PYTHON, banner, false,
                HELP);
    }

    void handleIsCompleteRequest(Message<ShellIsCompleteRequest> request, Replier replier) {
        replier.send(messages.reply(request, PythonCompleteness.check(request.content().code())));
    }

    /**
     * Names from the notebook's namespace on the cluster when its context is idle; before the first cell, Python's
     * own keywords and builtins, so that completion works without starting a cluster on a keystroke.
     */
    void handleCompleteRequest(Message<ShellCompleteRequest> request, Replier replier) {
        ShellCompleteRequest content = request.content();
        Completion completion = session.complete(content.code(), content.cursorPos());
        if (completion.matches().isEmpty() && !session.info().flatMap(i -> i.contextId()).isPresent()) {
            completion = PythonNames.complete(content.code(), content.cursorPos());
        }
        replier.send(messages.reply(request, new ShellCompleteReply("ok", completion.matches(),
                completion.cursorStart(), completion.cursorEnd(), Map.of())));
    }

    void handleInspectRequest(Message<ShellInspectRequest> request, Replier replier) {
        ShellInspectRequest content = request.content();
        int cursor = content.cursorPos() == null ? content.code().length() : content.cursorPos();
        int detail = content.detailLevel() == null ? 0 : content.detailLevel();
        Inspection inspection = session.inspect(content.code(), cursor, detail);
        replier.send(messages.reply(request, inspection.text()
                .map(text -> new ShellInspectReply("ok", true, Map.<String, Object>of("text/plain", text), Map.of()))
                .orElse(ShellInspectReply.notFound())));
    }

    void handleHistoryRequest(Message<ShellHistoryRequest> request, Replier replier) {
        replier.send(messages.reply(request, ShellHistoryReply.of(history.select(request.content()))));
    }

    void handleCommInfoRequest(Message<ShellCommInfoRequest> request, Replier replier) {
        replier.send(messages.reply(request, ShellCommInfoReply.none()));
    }

    /** Replies at once; the running cell then ends with a KeyboardInterrupt on the shell channel. */
    void handleInterruptRequest(Message<ControlInterruptRequest> request, Replier replier) {
        LOG.info("Interrupt requested");
        session.interrupt();
        replier.send(messages.reply(request, ControlInterruptReply.ok()));
    }

    /**
     * Destroys the remote context before replying, because a front end kills the process soon after the reply and
     * a context left behind counts against the cluster's limit. A restart starts a new process, so it gets a new
     * context too.
     */
    void handleShutdownRequest(Message<ControlShutdownRequest> request, Replier replier) {
        boolean restart = request.content().restart();
        LOG.info("Shutdown requested (restart: {})", restart);
        session.interrupt();
        try {
            session.close();
        } catch (RuntimeException e) {
            LOG.warn("The execution context could not be destroyed: {}", e.getMessage());
        }
        replier.send(messages.reply(request, ControlShutdownReply.ok(restart)));
        shutdown.run();
    }

    private String banner() {
        String where = session.info().map(info -> " on cluster " + info.clusterId()).orElse("");
        return "lakebook " + version() + ": Python cells run on Databricks" + where + ".";
    }

    private static String version() {
        return Optional.ofNullable(KernelHandlers.class.getPackage().getImplementationVersion()).orElse("dev");
    }
}

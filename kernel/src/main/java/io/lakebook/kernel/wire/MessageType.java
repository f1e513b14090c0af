package io.lakebook.kernel.wire;

import io.lakebook.kernel.wire.control.ControlInterruptReply;
import io.lakebook.kernel.wire.control.ControlInterruptRequest;
import io.lakebook.kernel.wire.control.ControlShutdownReply;
import io.lakebook.kernel.wire.control.ControlShutdownRequest;
import io.lakebook.kernel.wire.iopub.IOPubClearOutput;
import io.lakebook.kernel.wire.iopub.IOPubDisplayData;
import io.lakebook.kernel.wire.iopub.IOPubError;
import io.lakebook.kernel.wire.iopub.IOPubExecuteInput;
import io.lakebook.kernel.wire.iopub.IOPubExecuteResult;
import io.lakebook.kernel.wire.iopub.IOPubStatus;
import io.lakebook.kernel.wire.iopub.IOPubStream;
import io.lakebook.kernel.wire.iopub.IOPubUpdateDisplayData;
import io.lakebook.kernel.wire.shell.ShellCommInfoReply;
import io.lakebook.kernel.wire.shell.ShellCommInfoRequest;
import io.lakebook.kernel.wire.shell.ShellCompleteReply;
import io.lakebook.kernel.wire.shell.ShellCompleteRequest;
import io.lakebook.kernel.wire.shell.ShellExecuteReply;
import io.lakebook.kernel.wire.shell.ShellExecuteRequest;
import io.lakebook.kernel.wire.shell.ShellHistoryReply;
import io.lakebook.kernel.wire.shell.ShellHistoryRequest;
import io.lakebook.kernel.wire.shell.ShellInspectReply;
import io.lakebook.kernel.wire.shell.ShellInspectRequest;
import io.lakebook.kernel.wire.shell.ShellIsCompleteReply;
import io.lakebook.kernel.wire.shell.ShellIsCompleteRequest;
import io.lakebook.kernel.wire.shell.ShellKernelInfoReply;
import io.lakebook.kernel.wire.shell.ShellKernelInfoRequest;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every message type lakebook reads or writes, binding its wire name to its content record. A type missing here is
 * read as a plain JSON tree, so the kernel can still answer it politely.
 */
public final class MessageType<T> {
    private static final Map<String, MessageType<?>> BY_NAME = new HashMap<>();
    private static final Map<Class<?>, MessageType<?>> BY_CONTENT = new HashMap<>();

    public static final MessageType<ShellKernelInfoRequest> KERNEL_INFO_REQUEST =
            define("kernel_info_request", ShellKernelInfoRequest.class);
    public static final MessageType<ShellKernelInfoReply> KERNEL_INFO_REPLY =
            define("kernel_info_reply", ShellKernelInfoReply.class);
    public static final MessageType<ShellExecuteRequest> EXECUTE_REQUEST =
            define("execute_request", ShellExecuteRequest.class);
    public static final MessageType<ShellExecuteReply> EXECUTE_REPLY =
            define("execute_reply", ShellExecuteReply.class);
    public static final MessageType<ShellIsCompleteRequest> IS_COMPLETE_REQUEST =
            define("is_complete_request", ShellIsCompleteRequest.class);
    public static final MessageType<ShellIsCompleteReply> IS_COMPLETE_REPLY =
            define("is_complete_reply", ShellIsCompleteReply.class);
    public static final MessageType<ShellCompleteRequest> COMPLETE_REQUEST =
            define("complete_request", ShellCompleteRequest.class);
    public static final MessageType<ShellCompleteReply> COMPLETE_REPLY =
            define("complete_reply", ShellCompleteReply.class);
    public static final MessageType<ShellInspectRequest> INSPECT_REQUEST =
            define("inspect_request", ShellInspectRequest.class);
    public static final MessageType<ShellInspectReply> INSPECT_REPLY =
            define("inspect_reply", ShellInspectReply.class);
    public static final MessageType<ShellHistoryRequest> HISTORY_REQUEST =
            define("history_request", ShellHistoryRequest.class);
    public static final MessageType<ShellHistoryReply> HISTORY_REPLY =
            define("history_reply", ShellHistoryReply.class);
    public static final MessageType<ShellCommInfoRequest> COMM_INFO_REQUEST =
            define("comm_info_request", ShellCommInfoRequest.class);
    public static final MessageType<ShellCommInfoReply> COMM_INFO_REPLY =
            define("comm_info_reply", ShellCommInfoReply.class);
    public static final MessageType<ControlInterruptRequest> INTERRUPT_REQUEST =
            define("interrupt_request", ControlInterruptRequest.class);
    public static final MessageType<ControlInterruptReply> INTERRUPT_REPLY =
            define("interrupt_reply", ControlInterruptReply.class);
    public static final MessageType<ControlShutdownRequest> SHUTDOWN_REQUEST =
            define("shutdown_request", ControlShutdownRequest.class);
    public static final MessageType<ControlShutdownReply> SHUTDOWN_REPLY =
            define("shutdown_reply", ControlShutdownReply.class);
    public static final MessageType<IOPubStatus> STATUS = define("status", IOPubStatus.class);
    public static final MessageType<IOPubExecuteInput> EXECUTE_INPUT =
            define("execute_input", IOPubExecuteInput.class);
    public static final MessageType<IOPubStream> STREAM = define("stream", IOPubStream.class);
    public static final MessageType<IOPubDisplayData> DISPLAY_DATA = define("display_data", IOPubDisplayData.class);
    public static final MessageType<IOPubUpdateDisplayData> UPDATE_DISPLAY_DATA =
            define("update_display_data", IOPubUpdateDisplayData.class);
    public static final MessageType<IOPubExecuteResult> EXECUTE_RESULT =
            define("execute_result", IOPubExecuteResult.class);
    public static final MessageType<IOPubError> ERROR = define("error", IOPubError.class);
    public static final MessageType<IOPubClearOutput> CLEAR_OUTPUT = define("clear_output", IOPubClearOutput.class);

    private final String wireName;
    private final Class<T> contentType;

    private MessageType(String wireName, Class<T> contentType) {
        this.wireName = wireName;
        this.contentType = contentType;
    }

    private static <T> MessageType<T> define(String wireName, Class<T> contentType) {
        MessageType<T> type = new MessageType<>(wireName, contentType);
        BY_NAME.put(wireName, type);
        BY_CONTENT.put(contentType, type);
        return type;
    }

    public static Optional<MessageType<?>> byName(String wireName) {
        return Optional.ofNullable(BY_NAME.get(wireName));
    }

    /** The type whose content is this record class; every record in the wire packages has exactly one. */
    public static MessageType<?> forContent(Class<?> contentType) {
        MessageType<?> type = BY_CONTENT.get(contentType);
        if (type == null) {
            throw new IllegalArgumentException(contentType.getName() + " is not the content of a known message");
        }
        return type;
    }

    public String wireName() {
        return wireName;
    }

    public Class<T> contentType() {
        return contentType;
    }

    @Override
    public String toString() {
        return wireName;
    }
}

package io.lakebook.kernel.wire.shell;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** Who the kernel is and which language its cells are written in, for highlighting and nbconvert. */
public record ShellKernelInfoReply(@JsonProperty("status") String status,
                                   @JsonProperty("protocol_version") String protocolVersion,
                                   @JsonProperty("implementation") String implementation,
                                   @JsonProperty("implementation_version") String implementationVersion,
                                   @JsonProperty("language_info") LanguageInfo languageInfo,
                                   @JsonProperty("banner") String banner,
                                   @JsonProperty("debugger") boolean debugger,
                                   @JsonProperty("help_links") List<HelpLink> helpLinks) {

    /** The language of the cells; Jupyter front ends pick editors and exporters by these names. */
    public record LanguageInfo(@JsonProperty("name") String name,
                               @JsonProperty("version") String version,
                               @JsonProperty("mimetype") String mimetype,
                               @JsonProperty("file_extension") String fileExtension,
                               @JsonProperty("pygments_lexer") String pygmentsLexer,
                               @JsonProperty("codemirror_mode") CodemirrorMode codemirrorMode,
                               @JsonProperty("nbconvert_exporter") String nbconvertExporter) {
    }

    public record CodemirrorMode(@JsonProperty("name") String name, @JsonProperty("version") int version) {
    }

    /** A link the front end shows in its Help menu. */
    public record HelpLink(@JsonProperty("text") String text, @JsonProperty("url") String url) {
    }
}

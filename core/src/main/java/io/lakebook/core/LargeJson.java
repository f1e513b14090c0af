package io.lakebook.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON readers for what users make big: notebooks (a plot's PNG in an output is one long string), cells sent to the
 * kernel, arguments an agent sends. Jackson refuses a string over 20 million characters by default, and Jupyter
 * writes and reads such notebooks without a limit, so lakebook does too. The whole text is in memory already when it
 * is parsed, so the limit would protect nothing.
 */
public final class LargeJson {
    private LargeJson() {
    }

    /** A mapper that reads strings of any length. */
    public static ObjectMapper mapper() {
        return new ObjectMapper(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE).build()).build());
    }
}

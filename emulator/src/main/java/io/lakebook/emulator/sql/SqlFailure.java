package io.lakebook.emulator.sql;

import io.lakebook.emulator.EmulatorException;

/**
 * A statement the engine refused or could not finish, worded as Spark words it: {@code [ERROR_CLASS] text. SQLSTATE:
 * 42P01}. It is the user's failure, not the emulator's, so it carries no stack trace.
 */
public final class SqlFailure extends EmulatorException {
    private final String errorClass;
    private final String sqlState;

    public SqlFailure(String errorClass, String sqlState, String text) {
        super("[" + errorClass + "] " + text + " SQLSTATE: " + sqlState, false);
        this.errorClass = errorClass;
        this.sqlState = sqlState;
    }

    public String errorClass() {
        return errorClass;
    }

    public String sqlState() {
        return sqlState;
    }

    /**
     * Spark's exception class for this failure, which is what a notebook shows: parse, security (a missing privilege,
     * shown by Databricks as {@code SparkSecurityException: [INSUFFICIENT_PERMISSIONS]}), analysis or runtime.
     */
    public String sparkException() {
        if ("42601".equals(sqlState)) {
            return "ParseException";
        }
        if ("42501".equals(sqlState)) {
            return "SparkSecurityException";
        }
        return sqlState.startsWith("42") ? "AnalysisException" : "SparkRuntimeException";
    }
}

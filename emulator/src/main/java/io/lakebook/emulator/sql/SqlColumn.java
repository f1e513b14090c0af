package io.lakebook.emulator.sql;

/** One column of a result: its name and its Databricks type. */
public record SqlColumn(String name, SqlType type) {
}

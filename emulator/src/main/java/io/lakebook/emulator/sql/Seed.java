package io.lakebook.emulator.sql;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;

/**
 * The data a fresh workspace shows: a small, deterministic copy of Databricks' {@code samples} catalog (nyctaxi trips
 * and two tpch tables, with the real column names), an empty writable {@code main.default}, and the
 * {@code system.serving} tables with the columns of gateway-budgets §1.1 and §1.2, empty.
 */
final class Seed {
    static final int TRIPS = 500;
    static final int CUSTOMERS = 50;
    static final int ORDERS = 200;
    private static final LocalDateTime FIRST_PICKUP = LocalDateTime.of(2016, 2, 1, 0, 0);
    private static final String[] SEGMENTS = {"AUTOMOBILE", "BUILDING", "FURNITURE", "HOUSEHOLD", "MACHINERY"};
    private static final String[] PRIORITIES = {"1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"};
    private static final int[] ZIPS = {10001, 10003, 10011, 10016, 10019, 10022, 10036, 10065, 10128, 11201, 11215};

    private static final List<String> SCHEMA = List.of(
            "CREATE SCHEMA lakebook_main.\"default\"",
            "CREATE SCHEMA samples.nyctaxi",
            "CREATE SCHEMA samples.tpch",
            "CREATE SCHEMA lakebook_system.serving",
            "CREATE TABLE samples.nyctaxi.trips (tpep_pickup_datetime TIMESTAMP, tpep_dropoff_datetime TIMESTAMP, "
                    + "trip_distance DOUBLE, fare_amount DOUBLE, pickup_zip INTEGER, dropoff_zip INTEGER)",
            "COMMENT ON TABLE samples.nyctaxi.trips IS 'Taxi trips in New York City, February 2016'",
            "CREATE TABLE samples.tpch.customer (c_custkey BIGINT, c_name VARCHAR, c_address VARCHAR, "
                    + "c_nationkey BIGINT, c_phone VARCHAR, c_acctbal DECIMAL(18,2), c_mktsegment VARCHAR, "
                    + "c_comment VARCHAR)",
            "CREATE TABLE samples.tpch.orders (o_orderkey BIGINT, o_custkey BIGINT, o_orderstatus VARCHAR, "
                    + "o_totalprice DECIMAL(18,2), o_orderdate DATE, o_orderpriority VARCHAR, o_clerk VARCHAR, "
                    + "o_shippriority INTEGER, o_comment VARCHAR)",
            "CREATE TABLE lakebook_system.serving.endpoint_usage (account_id VARCHAR, workspace_id VARCHAR, "
                    + "client_request_id VARCHAR, databricks_request_id VARCHAR, requester VARCHAR, "
                    + "status_code INTEGER, request_time TIMESTAMP, input_token_count BIGINT, "
                    + "output_token_count BIGINT, input_character_count BIGINT, output_character_count BIGINT, "
                    + "usage_context MAP(VARCHAR, VARCHAR), request_streaming BOOLEAN, served_entity_id VARCHAR)",
            "COMMENT ON COLUMN lakebook_system.serving.endpoint_usage.requester IS 'The user or service principal "
                    + "whose permissions were used for the request'",
            "CREATE TABLE lakebook_system.serving.served_entities (served_entity_id VARCHAR, account_id VARCHAR, "
                    + "workspace_id VARCHAR, created_by VARCHAR, endpoint_name VARCHAR, endpoint_id VARCHAR, "
                    + "served_entity_name VARCHAR, entity_type VARCHAR, entity_name VARCHAR, entity_version VARCHAR, "
                    + "endpoint_config_version INTEGER, task VARCHAR, external_model_config STRUCT(provider VARCHAR), "
                    + "foundation_model_config STRUCT(min_provisioned_throughput BIGINT, "
                    + "max_provisioned_throughput BIGINT), custom_model_config STRUCT(min_concurrency BIGINT, "
                    + "max_concurrency BIGINT, compute_type VARCHAR), feature_spec_config STRUCT(min_concurrency "
                    + "BIGINT, max_concurrency BIGINT, compute_type VARCHAR), change_time TIMESTAMP, "
                    + "endpoint_delete_time TIMESTAMP)");

    private Seed() {
    }

    static void load(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : SCHEMA) {
                statement.execute(sql);
            }
        }
        Random random = new Random(2016);
        trips(connection, random);
        customers(connection, random);
        orders(connection, random);
    }

    private static void trips(Connection connection, Random random) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO samples.nyctaxi.trips VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < TRIPS; i++) {
                LocalDateTime pickup = FIRST_PICKUP.plusSeconds(i * 5003L + random.nextInt(600));
                double distance = Math.round((0.3 + random.nextDouble() * 12) * 100) / 100.0;
                long minutes = 3 + Math.round(distance * (2 + random.nextDouble() * 3));
                double fare = Math.round((2.5 + distance * 2.5 + minutes * 0.5) * 2) / 2.0;
                insert.setTimestamp(1, Timestamp.valueOf(pickup));
                insert.setTimestamp(2, Timestamp.valueOf(pickup.plusMinutes(minutes)));
                insert.setDouble(3, distance);
                insert.setDouble(4, fare);
                insert.setInt(5, ZIPS[random.nextInt(ZIPS.length)]);
                insert.setInt(6, ZIPS[random.nextInt(ZIPS.length)]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void customers(Connection connection, Random random) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO samples.tpch.customer VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int key = 1; key <= CUSTOMERS; key++) {
                int nation = random.nextInt(25);
                insert.setLong(1, key);
                insert.setString(2, String.format("Customer#%09d", key));
                insert.setString(3, Long.toString(Math.abs(random.nextLong()), 36));
                insert.setLong(4, nation);
                insert.setString(5, String.format("%d-%03d-%03d-%04d", 10 + nation, random.nextInt(1000),
                        random.nextInt(1000), random.nextInt(10000)));
                insert.setBigDecimal(6, BigDecimal.valueOf(random.nextInt(1_099_999) - 99_999, 2));
                insert.setString(7, SEGMENTS[random.nextInt(SEGMENTS.length)]);
                insert.setString(8, "regular deposits sleep carefully");
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void orders(Connection connection, Random random) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO samples.tpch.orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 1; i <= ORDERS; i++) {
                insert.setLong(1, i * 4L - 3);
                insert.setLong(2, 1 + random.nextInt(CUSTOMERS));
                insert.setString(3, "OFP".substring(random.nextInt(3)).substring(0, 1));
                insert.setBigDecimal(4, BigDecimal.valueOf(90_000 + random.nextInt(45_000_000), 2));
                insert.setObject(5, LocalDate.of(1992, 1, 1).plusDays(random.nextInt(2400)));
                insert.setString(6, PRIORITIES[random.nextInt(PRIORITIES.length)]);
                insert.setString(7, String.format("Clerk#%09d", 1 + random.nextInt(1000)));
                insert.setInt(8, 0);
                insert.setString(9, "furiously final packages");
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}

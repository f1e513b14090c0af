package io.lakebook.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.service.catalog.CatalogInfo;
import com.databricks.sdk.service.catalog.ColumnInfo;
import com.databricks.sdk.service.catalog.ColumnTypeName;
import com.databricks.sdk.service.catalog.ListCatalogsRequest;
import com.databricks.sdk.service.catalog.ListTablesRequest;
import com.databricks.sdk.service.catalog.SchemaInfo;
import com.databricks.sdk.service.catalog.TableInfo;
import com.databricks.sdk.service.sql.EndpointInfo;
import com.databricks.sdk.service.sql.GetWarehouseResponse;
import com.databricks.sdk.service.sql.ListWarehousesRequest;
import com.databricks.sdk.service.sql.State;
import com.databricks.sdk.service.sql.StartRequest;
import com.databricks.sdk.service.sql.StopRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.emulator.warehouses.WarehouseState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Unity Catalog listings (reference §7) and SQL warehouses (§6.7) through databricks-sdk-java. */
class CatalogAndWarehousesTest {
    private static Emulator emulator;
    private static WorkspaceClient client;

    @BeforeAll
    static void start() {
        // Two items a page, so that every listing below spans several pages.
        emulator = Emulator.builder().catalogPageSize(2).build().start();
        client = Sdk.client(emulator);
        for (int i = 0; i < 5; i++) {
            emulator.sql().execute("CREATE TABLE main.default.t" + i + " (id BIGINT, label STRING)");
        }
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    /** reference §1.6: the SDK follows next_page_token; max_results=0 is the server's page of two. */
    @Test
    void catalogsArriveAcrossPagesThroughTheSdkIterator() {
        List<String> names = names(client.catalogs().list(new ListCatalogsRequest()), CatalogInfo::getName);

        assertEquals(List.of("main", "samples", "system"), names);
        assertEquals("SYSTEM_CATALOG", client.catalogs().get("system").getCatalogType().toString());
    }

    @Test
    void schemasAndTablesArriveAcrossPages() {
        assertEquals(List.of("nyctaxi", "tpch"), names(client.schemas().list("samples"), SchemaInfo::getName));
        assertEquals(List.of("t0", "t1", "t2", "t3", "t4"), names(client.tables().list("main", "default"),
                TableInfo::getName));
        assertEquals(List.of("endpoint_usage", "served_entities"), names(client.tables().list(
                new ListTablesRequest().setCatalogName("system").setSchemaName("serving")), TableInfo::getName));
    }

    /** reference §1.6: a page with a token always carries its items array. */
    @Test
    void pagesOnTheWireCarryTheArrayWithTheToken() throws Exception {
        JsonNode first = rawGet("/api/2.1/unity-catalog/tables?catalog_name=main&schema_name=default&max_results=0");
        JsonNode second = rawGet("/api/2.1/unity-catalog/tables?catalog_name=main&schema_name=default&max_results=0"
                + "&page_token=" + first.get("next_page_token").asText());

        assertEquals(2, first.get("tables").size());
        assertEquals(2, second.get("tables").size());
        String lastOfFirst = first.get("tables").get(1).get("name").asText();
        assertTrue(second.get("tables").get(0).get("name").asText().compareTo(lastOfFirst) > 0,
                "the second page continues after the first: " + first + " " + second);
        assertTrue(second.has("next_page_token"), "five or more tables need a third page");
    }

    /** reference §7 TableInfo and ColumnInfo: type_name, type_text, type_json, position, nullable, comment. */
    @Test
    void tableGetDescribesColumns() throws Exception {
        TableInfo trips = client.tables().get("samples.nyctaxi.trips");

        assertEquals("samples.nyctaxi.trips", trips.getFullName());
        assertEquals("MANAGED", trips.getTableType().toString());
        List<ColumnInfo> columns = new ArrayList<>(trips.getColumns());
        assertEquals(List.of("tpep_pickup_datetime", "tpep_dropoff_datetime", "trip_distance", "fare_amount",
                "pickup_zip", "dropoff_zip"), columns.stream().map(ColumnInfo::getName).toList());
        ColumnInfo zip = columns.get(4);
        assertEquals(ColumnTypeName.INT, zip.getTypeName());
        assertEquals("int", zip.getTypeText());
        assertEquals(4L, zip.getPosition());
        assertTrue(zip.getNullable());
        JsonNode typeJson = new ObjectMapper().readTree(zip.getTypeJson());
        assertEquals("integer", typeJson.get("type").asText());
        assertEquals("pickup_zip", typeJson.get("name").asText());

        ColumnInfo requester = new ArrayList<>(client.tables().get("system.serving.endpoint_usage").getColumns())
                .stream().filter(column -> column.getName().equals("requester")).findFirst().orElseThrow();
        assertTrue(requester.getComment().contains("permissions"), requester.getComment());
        ColumnInfo context = new ArrayList<>(client.tables().get("system.serving.endpoint_usage").getColumns())
                .stream().filter(column -> column.getName().equals("usage_context")).findFirst().orElseThrow();
        assertEquals("map<string,string>", context.getTypeText());
        assertEquals(ColumnTypeName.MAP, context.getTypeName());
    }

    @Test
    void existsAnswersForPresentAndAbsentTables() {
        assertTrue(client.tables().exists("samples.tpch.orders").getTableExists());
        assertFalse(client.tables().exists("samples.tpch.nope").getTableExists());
        assertFalse(client.tables().exists("nocatalog.tpch.orders").getTableExists());
    }

    /** reference §7 ⚠: 404 with "... does not exist." */
    @Test
    void unknownNamesAreNotFound() {
        NotFound table = assertThrows(NotFound.class, () -> client.tables().get("samples.tpch.nope"));
        NotFound catalog = assertThrows(NotFound.class, () -> names(client.schemas().list("nope"),
                SchemaInfo::getName));

        assertEquals("Table 'samples.tpch.nope' does not exist.", table.getMessage());
        assertEquals("Catalog 'nope' does not exist.", catalog.getMessage());
        BadRequest shape = assertThrows(BadRequest.class, () -> client.tables().get("just_a_name"));
        assertTrue(shape.getMessage().contains("catalog.schema.table"), shape.getMessage());
    }

    @Test
    void tableCreatedBySqlIsListedWithItsColumns() {
        emulator.sql().execute("CREATE TABLE main.default.scores (player STRING, points DECIMAL(10,2))");

        TableInfo scores = client.tables().get("main.default.scores");

        assertEquals("decimal(10,2)", new ArrayList<>(scores.getColumns()).get(1).getTypeText());
        assertEquals(10L, new ArrayList<>(scores.getColumns()).get(1).getTypePrecision());
    }

    /** reference §6.7: the default warehouse is RUNNING under its name. */
    @Test
    void defaultWarehouseIsListedAndRunning() {
        List<EndpointInfo> all = new ArrayList<>();
        client.warehouses().list(new ListWarehousesRequest()).forEach(all::add);
        GetWarehouseResponse warehouse = client.warehouses().get(emulator.defaultWarehouseId());

        assertTrue(all.stream().anyMatch(info -> info.getId().equals(emulator.defaultWarehouseId())));
        assertEquals("lakebook-emulator-warehouse", warehouse.getName());
        assertEquals(State.RUNNING, warehouse.getState());
        assertTrue(emulator.defaultWarehouseId().matches("[0-9a-f]{16}"), emulator.defaultWarehouseId());
    }

    /** reference §6.7: start and stop return waiters that reach RUNNING and STOPPED. */
    @Test
    void warehouseStopsAndStartsThroughTheSdkWaiters() throws Exception {
        String id = emulator.warehouses().add("spare", WarehouseState.RUNNING);

        GetWarehouseResponse stopped = client.warehouses().stop(new StopRequest().setId(id))
                .get(Duration.ofSeconds(20));
        assertEquals(State.STOPPED, stopped.getState());
        GetWarehouseResponse running = client.warehouses().start(new StartRequest().setId(id))
                .get(Duration.ofSeconds(20));
        assertEquals(State.RUNNING, running.getState());
    }

    @Test
    void unknownWarehouseIsNotFound() {
        NotFound error = assertThrows(NotFound.class, () -> client.warehouses().get("ffffffffffffffff"));

        assertTrue(error.getMessage().contains("ffffffffffffffff"), error.getMessage());
    }

    private static <T> List<String> names(Iterable<T> items, java.util.function.Function<T, String> name) {
        return StreamSupport.stream(items.spliterator(), false).map(name).toList();
    }

    private static JsonNode rawGet(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(emulator.host() + path)).header("Authorization", "Bearer " + emulator.token()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return new ObjectMapper().readTree(response.body());
    }
}

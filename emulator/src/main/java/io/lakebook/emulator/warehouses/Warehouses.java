package io.lakebook.emulator.warehouses;

import io.lakebook.emulator.http.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL warehouses of the emulated workspace and their state machine: start goes STOPPED → STARTING inside
 * the call and → RUNNING after the configured delay; stop goes RUNNING → STOPPING → STOPPED the same way. Calls
 * that do not apply to the current state change nothing. The public methods are also the test hooks.
 */
public final class Warehouses {
    private static final Logger LOG = LoggerFactory.getLogger(Warehouses.class);

    private final Map<String, Warehouse> warehouses = new LinkedHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final Duration delay;
    private final String owner;
    private volatile String host = "127.0.0.1";
    private volatile int port;

    private static final class Warehouse {
        final String id;
        final String name;
        WarehouseState state;
        long generation;
        /** Kept STARTING by a fault: the start never completes until released. */
        boolean stuckStarting;

        Warehouse(String id, String name, WarehouseState state) {
            this.id = id;
            this.name = name;
            this.state = state;
        }
    }

    public Warehouses(ScheduledExecutorService scheduler, Duration delay, String owner) {
        this.scheduler = scheduler;
        this.delay = delay;
        this.owner = owner;
    }

    /** Where the emulator serves, for the warehouse's JDBC and ODBC coordinates. */
    public void servedAt(String hostName, int portNumber) {
        this.host = hostName;
        this.port = portNumber;
    }

    /** Adds a warehouse in {@code state} (RUNNING or STOPPED) and returns its id. */
    public synchronized String add(String name, WarehouseState state) {
        String id = newId();
        warehouses.put(id, new Warehouse(id, name, state));
        return id;
    }

    public synchronized EndpointInfo get(String id) {
        return info(find(id));
    }

    public synchronized List<EndpointInfo> list() {
        List<EndpointInfo> all = new ArrayList<>();
        warehouses.values().forEach(warehouse -> all.add(info(warehouse)));
        return all;
    }

    public synchronized WarehouseState state(String id) {
        return find(id).state;
    }

    /** Fails as for an unknown warehouse unless {@code id} names one. */
    public synchronized void require(String id) {
        find(id);
    }

    /** STOPPED → STARTING now, RUNNING after the delay; any other state is left as it is. */
    public void start(String id) {
        synchronized (this) {
            Warehouse warehouse = find(id);
            if (warehouse.state != WarehouseState.STOPPED) {
                return;
            }
            move(warehouse, WarehouseState.STARTING);
            later(warehouse, WarehouseState.RUNNING);
        }
        LOG.info("SQL warehouse {} starting", id);
    }

    /** RUNNING or STARTING → STOPPING now, STOPPED after the delay. */
    public void stop(String id) {
        synchronized (this) {
            Warehouse warehouse = find(id);
            if (warehouse.state != WarehouseState.RUNNING && warehouse.state != WarehouseState.STARTING) {
                return;
            }
            move(warehouse, WarehouseState.STOPPING);
            later(warehouse, WarehouseState.STOPPED);
        }
        LOG.info("SQL warehouse {} stopping", id);
    }

    /**
     * Makes the warehouse's starts hang (a fault): a start goes to STARTING and stays there, so statements wait in
     * PENDING (reference §6.2: "waiting for warehouse"), until {@code stuck} is false again.
     */
    public void stuckStarting(String id, boolean stuck) {
        synchronized (this) {
            Warehouse warehouse = find(id);
            warehouse.stuckStarting = stuck;
            if (!stuck && warehouse.state == WarehouseState.STARTING) {
                later(warehouse, WarehouseState.RUNNING);
            }
        }
        LOG.info("SQL warehouse {} {}", id, stuck ? "cannot finish starting" : "can start again");
    }

    private void later(Warehouse warehouse, WarehouseState next) {
        long generation = warehouse.generation;
        scheduler.schedule(() -> {
            synchronized (this) {
                if (next == WarehouseState.RUNNING && warehouse.stuckStarting) {
                    LOG.info("SQL warehouse {} is stuck STARTING", warehouse.id);
                } else if (warehouse.generation == generation) {
                    move(warehouse, next);
                    LOG.info("SQL warehouse {} {}", warehouse.id, next);
                }
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void move(Warehouse warehouse, WarehouseState next) {
        warehouse.state = next;
        warehouse.generation++;
    }

    private EndpointInfo info(Warehouse warehouse) {
        String path = "/sql/1.0/warehouses/" + warehouse.id;
        boolean up = warehouse.state == WarehouseState.RUNNING;
        return new EndpointInfo(warehouse.id, warehouse.name, "2X-Small", owner, warehouse.state, "PRO", true, true,
                10, 1, 1, up ? 1 : 0, 0,
                "jdbc:databricks://" + host + ":" + port + "/default;transportMode=http;ssl=0;AuthMech=3;httpPath="
                        + path + ";",
                up ? new EndpointInfo.Health("HEALTHY", null) : null,
                new EndpointInfo.OdbcParams(host, path, port, "http"));
    }

    private Warehouse find(String id) {
        Warehouse warehouse = warehouses.get(id);
        if (warehouse == null) {
            // ⚠ reference §6.6: no captured answer for an unknown warehouse; 404 in the standard envelope.
            throw new ApiException(404, "RESOURCE_DOES_NOT_EXIST", "SQL warehouse " + id + " does not exist.");
        }
        return warehouse;
    }

    private String newId() {
        // Real warehouse ids are 16 lower-case hex digits.
        String id = String.format("%016x", ThreadLocalRandom.current().nextLong());
        return warehouses.containsKey(id) ? newId() : id;
    }
}

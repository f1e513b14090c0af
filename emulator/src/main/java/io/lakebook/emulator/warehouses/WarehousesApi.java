package io.lakebook.emulator.warehouses;

import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.ApiRequest;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.http.ErrorStyle;
import java.util.Map;

/**
 * The SQL Warehouses API (reference §6.7): list, get, start, stop. One page holds every warehouse, so no
 * {@code next_page_token} is sent.
 */
public final class WarehousesApi {
    private static final String BASE = "/api/2.0/sql/warehouses";

    private final Warehouses warehouses;

    public WarehousesApi(Warehouses warehouses) {
        this.warehouses = warehouses;
    }

    public void register(ApiServer server) {
        server.route("GET", BASE, ErrorStyle.STANDARD, request -> Map.of("warehouses", warehouses.list()));
        server.routePrefix("GET", BASE + "/", ErrorStyle.STANDARD, request -> warehouses.get(id(request, "")));
        server.routePrefix("POST", BASE + "/", ErrorStyle.STANDARD, this::act);
    }

    private Object act(ApiRequest request) {
        if (request.path().endsWith("/start")) {
            warehouses.start(id(request, "/start"));
        } else if (request.path().endsWith("/stop")) {
            warehouses.stop(id(request, "/stop"));
        } else {
            throw new ApiException(404, "ENDPOINT_NOT_FOUND", "No API found for 'POST " + request.path() + "'");
        }
        return Map.of();
    }

    private static String id(ApiRequest request, String suffix) {
        String rest = request.path().substring(BASE.length() + 1);
        String id = rest.substring(0, rest.length() - suffix.length());
        if (id.isEmpty() || id.contains("/")) {
            throw new ApiException(404, "ENDPOINT_NOT_FOUND", "No API found for '" + request.method() + " "
                    + request.path() + "'");
        }
        return id;
    }
}

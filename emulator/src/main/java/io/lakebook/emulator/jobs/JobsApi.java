package io.lakebook.emulator.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.ApiRequest;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.http.ErrorStyle;
import io.lakebook.emulator.http.Json;
import java.util.List;
import java.util.Map;

/**
 * The Jobs API (reference §11; paths of the SDK's {@code JobsImpl}, 2.2, and the previous 2.1 paths): create, get,
 * list (one page, filtered by exact {@code name}), reset, update and delete.
 */
public final class JobsApi {
    private final Jobs jobs;

    public JobsApi(Jobs jobs) {
        this.jobs = jobs;
    }

    public void register(ApiServer server) {
        for (String version : List.of("2.1", "2.2")) {
            String base = "/api/" + version + "/jobs";
            server.route("POST", base + "/create", ErrorStyle.STANDARD,
                    request -> Map.of("job_id", jobs.create(request.body(), request.caller())));
            server.route("GET", base + "/get", ErrorStyle.STANDARD, request -> Jobs.view(jobs.get(jobId(request))));
            server.route("GET", base + "/list", ErrorStyle.STANDARD, this::list);
            server.route("POST", base + "/reset", ErrorStyle.STANDARD, request -> {
                jobs.reset(jobId(request), request.body().path("new_settings"));
                return Map.of();
            });
            server.route("POST", base + "/update", ErrorStyle.STANDARD, request -> {
                jobs.update(jobId(request), request.body().path("new_settings"),
                        request.body().path("fields_to_remove"));
                return Map.of();
            });
            server.route("POST", base + "/delete", ErrorStyle.STANDARD, request -> {
                jobs.delete(jobId(request));
                return Map.of();
            });
        }
    }

    /** reference §1.6: the array is always sent; everything fits one page here. */
    private Object list(ApiRequest request) {
        String name = request.optional("name").orElse(null);
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.putArray("jobs").addAll(jobs.list().stream()
                .filter(job -> name == null || name.equals(job.settings().path("name").asText()))
                .map(job -> (JsonNode) Jobs.view(job)).toList());
        answer.put("has_more", false);
        return answer;
    }

    private static long jobId(ApiRequest request) {
        String text = request.required("job_id");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("job_id must be a number, got '" + text + "'");
        }
    }
}

package io.lakebook.emulator.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The workspace's jobs, each kept as the settings its creator sent (reference §11.1), with the checks a workspace
 * makes: a schedule needs {@code quartz_cron_expression} and {@code timezone_id}, {@code max_concurrent_runs} lies
 * between 0 and 1000 (gateway-budgets §1.12). Runs are not emulated. Thread-safe.
 */
public final class Jobs {
    private final Map<Long, Job> jobs = new LinkedHashMap<>();
    private final Clock clock;
    private long nextId = 1_000_000_000_000_001L;

    /** One job: its id, who made it, when, and its settings as JSON. */
    public record Job(long jobId, String creator, long createdTime, ObjectNode settings) {
    }

    public Jobs(Clock clock) {
        this.clock = clock;
    }

    synchronized long create(JsonNode settings, String creator) {
        ObjectNode checked = check(settings);
        long id = nextId++;
        jobs.put(id, new Job(id, creator, clock.millis(), checked));
        return id;
    }

    /** reference §1.3: an unknown job is a 400 whose message the SDK turns into ResourceDoesNotExist. */
    public synchronized Job get(long jobId) {
        return Optional.ofNullable(jobs.get(jobId)).orElseThrow(() -> ApiException.badRequest("Job " + jobId
                + " does not exist."));
    }

    /** Every job, oldest first, for tests. */
    public synchronized List<Job> list() {
        return new ArrayList<>(jobs.values());
    }

    synchronized void reset(long jobId, JsonNode settings) {
        Job job = get(jobId);
        jobs.put(jobId, new Job(jobId, job.creator(), job.createdTime(), check(settings)));
    }

    /**
     * Changes the top-level fields sent and removes those named in {@code fieldsToRemove}. "Top-level fields
     * specified in new_settings are completely replaced, except for arrays which are merged": {@code tasks} by
     * {@code task_key} and {@code job_clusters} by {@code job_cluster_key}, earlier entries kept (the Jobs API's
     * {@code UpdateJob} documentation, reference §11).
     */
    synchronized void update(long jobId, JsonNode changes, JsonNode fieldsToRemove) {
        Job job = get(jobId);
        ObjectNode settings = job.settings().deepCopy();
        if (changes != null && changes.isObject()) {
            changes.fields().forEachRemaining(field -> settings.set(field.getKey(), merged(settings,
                    field.getKey(), field.getValue())));
        }
        fieldsToRemove.forEach(field -> settings.remove(field.asText()));
        jobs.put(jobId, new Job(jobId, job.creator(), job.createdTime(), check(settings)));
    }

    private static JsonNode merged(ObjectNode settings, String field, JsonNode sent) {
        String key = Map.of("tasks", "task_key", "job_clusters", "job_cluster_key").get(field);
        if (key == null || !sent.isArray() || !settings.path(field).isArray()) {
            return sent;
        }
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        settings.path(field).forEach(entry -> byKey.put(entry.path(key).asText(), entry));
        sent.forEach(entry -> byKey.put(entry.path(key).asText(), entry));
        com.fasterxml.jackson.databind.node.ArrayNode merged = Json.MAPPER.createArrayNode();
        byKey.values().forEach(merged::add);
        return merged;
    }

    synchronized void delete(long jobId) {
        get(jobId);
        jobs.remove(jobId);
    }

    private static ObjectNode check(JsonNode settings) {
        if (settings == null || !settings.isObject()) {
            throw ApiException.badRequest("The job needs settings.");
        }
        ObjectNode copy = settings.deepCopy();
        copy.remove(List.of("job_id", "new_settings"));
        JsonNode schedule = copy.path("schedule");
        if (!schedule.isMissingNode() && (schedule.path("quartz_cron_expression").asText("").isBlank()
                || schedule.path("timezone_id").asText("").isBlank())) {
            throw ApiException.badRequest("A schedule needs quartz_cron_expression and timezone_id.");
        }
        JsonNode concurrent = copy.path("max_concurrent_runs");
        if (!concurrent.isMissingNode() && (concurrent.asLong(-1) < 0 || concurrent.asLong() > 1000)) {
            throw ApiException.badRequest("max_concurrent_runs must be between 0 and 1000, got " + concurrent);
        }
        if (!copy.has("name")) {
            copy.put("name", "Untitled");
        }
        return copy;
    }

    static ObjectNode view(Job job) {
        ObjectNode view = Json.MAPPER.createObjectNode();
        view.put("job_id", job.jobId());
        view.put("creator_user_name", job.creator());
        JsonNode runAs = job.settings().path("run_as");
        view.put("run_as_user_name", runAs.path("service_principal_name").isTextual()
                ? runAs.path("service_principal_name").asText() : runAs.path("user_name").asText(job.creator()));
        view.put("created_time", job.createdTime());
        view.set("settings", job.settings());
        return view;
    }
}

package io.lakebook.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.RequestLimitExceeded;
import com.databricks.sdk.service.serving.ChatMessage;
import com.databricks.sdk.service.serving.ChatMessageRole;
import com.databricks.sdk.service.serving.QueryEndpointInput;
import com.databricks.sdk.service.serving.QueryEndpointResponse;
import io.lakebook.emulator.inference.Invocations;
import io.lakebook.emulator.serving.GatewayConfig;
import io.lakebook.emulator.serving.GatewayConfig.RateLimit;
import io.lakebook.emulator.sql.SqlResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chat calls to serving endpoints (reference §9.4) as different users, against the endpoint's AI Gateway rate
 * limits (gateway-budgets §1.6) and with one usage row per call (gateway-budgets §1.1), through databricks-sdk-java.
 */
class ServingInvocationsTest {
    private static final String ENDPOINT = "databricks-gpt-oss-120b";
    private static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().build().start();
        emulator.directory().addGroup("interns");
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @AfterEach
    void clearLimits() {
        emulator.servingEndpoints().setGateway(ENDPOINT, new GatewayConfig(null,
                new GatewayConfig.UsageTracking(true), null, null, null));
        emulator.invocations().refuseWith(Invocations.Refusal.TOO_MANY_REQUESTS);
    }

    @Test
    void answersAChatCallAndWritesOneUsageRowForTheCaller() {
        WorkspaceClient ada = user("ada@example.com");
        QueryEndpointResponse answer = ada.servingEndpoints().query(chat("Hello there, model", 7));
        assertEquals(7L, answer.getUsage().getCompletionTokens());
        assertEquals(ENDPOINT, answer.getModel());
        SqlResult rows = emulator.sql().query("SELECT u.requester, u.status_code, u.input_token_count, "
                + "u.output_token_count, e.endpoint_name FROM system.serving.endpoint_usage u JOIN "
                + "system.serving.served_entities e USING (served_entity_id) WHERE u.requester = 'ada@example.com'");
        assertEquals(List.of(List.of("ada@example.com", 200, 4L, 7L, ENDPOINT)), rows.rows());
    }

    /** gateway-budgets §1.6 and §0.4: a user's own limit of 0 calls refuses them; others still get through. */
    @Test
    void refusesAUserWhoseOwnLimitIsZeroAndLetsOthersThrough() {
        limits(RateLimit.user("blocked@example.com", 0));
        WorkspaceClient blocked = user("blocked@example.com");
        DatabricksError refused = assertThrows(RequestLimitExceeded.class,
                () -> blocked.servingEndpoints().query(chat("hi", 1)));
        assertEquals(429, refused.getStatusCode());
        user("free@example.com").servingEndpoints().query(chat("hi", 1));
        SqlResult rows = emulator.sql().query("SELECT status_code, output_token_count FROM "
                + "system.serving.endpoint_usage WHERE requester = 'blocked@example.com'");
        assertEquals(List.of(List.of(429, 0L)), rows.rows());
    }

    /** gateway-budgets §1.6: "a user-specific limit beats a group limit". */
    @Test
    void letsAUserThroughWhoseOwnLimitBeatsTheirGroupsZeroLimit() {
        emulator.directory().addMember("interns", "kim@example.com");
        emulator.directory().addMember("interns", "lee@example.com");
        limits(RateLimit.group("interns", 0), RateLimit.user("kim@example.com", 100));
        user("kim@example.com").servingEndpoints().query(chat("hi", 1));
        assertThrows(RequestLimitExceeded.class, () -> user("lee@example.com").servingEndpoints()
                .query(chat("hi", 1)));
    }

    /** reference §9.3: minute is the only renewal period, so a new minute of the workspace clock starts afresh. */
    @Test
    void countsCallsPerMinuteOfTheWorkspaceClock() {
        limits(RateLimit.user("busy@example.com", 2));
        WorkspaceClient busy = user("busy@example.com");
        emulator.clock().advance(Duration.ofSeconds(60 - emulator.clock().instant().getEpochSecond() % 60));
        busy.servingEndpoints().query(chat("one", 1));
        busy.servingEndpoints().query(chat("two", 1));
        assertThrows(RequestLimitExceeded.class, () -> busy.servingEndpoints().query(chat("three", 1)));
        emulator.clock().advance(Duration.ofMinutes(1));
        busy.servingEndpoints().query(chat("four", 1));
    }

    /** gateway-budgets §1.6: an endpoint limit is a ceiling over everyone together. */
    @Test
    void appliesTheEndpointLimitToEveryoneTogether() {
        limits(RateLimit.endpoint(1));
        emulator.clock().advance(Duration.ofSeconds(60 - emulator.clock().instant().getEpochSecond() % 60));
        user("first@example.com").servingEndpoints().query(chat("hi", 1));
        assertThrows(RequestLimitExceeded.class, () -> user("second@example.com").servingEndpoints()
                .query(chat("hi", 1)));
    }

    /** gateway-budgets §1.7: the form seen for a limit of 0 set by Databricks, chosen by a test. */
    @Test
    void answersPermissionDeniedForAZeroLimitWhenAskedTo() {
        emulator.invocations().refuseWith(Invocations.Refusal.PERMISSION_DENIED_FOR_ZERO);
        limits(RateLimit.user("zero@example.com", 0));
        PermissionDenied refused = assertThrows(PermissionDenied.class, () -> user("zero@example.com")
                .servingEndpoints().query(chat("hi", 1)));
        assertTrue(refused.getMessage().contains("rate limit of 0"), refused.getMessage());
    }

    @Test
    void readsCurrentTimestampFromTheWorkspaceClock() {
        emulator.clock().set(java.time.Instant.parse("2031-03-04T05:06:07Z"));
        SqlResult now = emulator.sql().query("SELECT year(current_timestamp()), month(now()), day(current_timestamp)");
        emulator.clock().set(java.time.Instant.now());
        assertEquals(List.of(List.of(2031L, 3L, 4L)), now.rows());
    }

    private static void limits(RateLimit... limits) {
        emulator.servingEndpoints().setGateway(ENDPOINT, new GatewayConfig(List.of(limits),
                new GatewayConfig.UsageTracking(true), null, null, null));
    }

    private static QueryEndpointInput chat(String text, long maxTokens) {
        return new QueryEndpointInput().setName(ENDPOINT).setMaxTokens(maxTokens)
                .setMessages(List.of(new ChatMessage().setRole(ChatMessageRole.USER).setContent(text)));
    }

    /** A client acting as {@code email}, without the SDK's retries of 429 so a refusal shows at once. */
    private static WorkspaceClient user(String email) {
        return new WorkspaceClient(Sdk.config(emulator, emulator.directory().tokenFor(email))
                .setDisableRetries(true));
    }
}

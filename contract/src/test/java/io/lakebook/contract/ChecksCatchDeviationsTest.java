package io.lakebook.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.details.ErrorDetails;
import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.service.compute.Command;
import com.databricks.sdk.service.compute.CommandExecutionService;
import com.databricks.sdk.service.serving.PutAiGatewayRequest;
import com.databricks.sdk.service.serving.ServingEndpoint;
import com.databricks.sdk.service.serving.ServingEndpointsService;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.GetStatementRequest;
import com.databricks.sdk.service.sql.StatementExecutionService;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import io.lakebook.contract.checks.ContractSuite;
import io.lakebook.core.remote.Workspaces;
import io.lakebook.emulator.Emulator;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each check asserts what its title says: against a workspace that deviates in just that respect (the emulator, with
 * one answer changed at the SDK's service seam), the check differs and says how; the report then shows where the
 * expected behaviour is documented.
 */
class ChecksCatchDeviationsTest {
    private static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().python(Path.of("/usr/bin/python3")).build().start();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static WorkspaceClient client() {
        return Workspaces.connect(new DatabricksConfig().setHost(emulator.host()).setToken(emulator.token()),
                List.of("the emulator"));
    }

    /** {@code real}, except where {@code change} answers for it (it returns null to let the real one answer). */
    @SuppressWarnings("unchecked")
    private static <T> T deviating(Class<T> service, T real, InvocationHandler change) {
        return (T) Proxy.newProxyInstance(service.getClassLoader(), new Class<?>[] {service}, (proxy, method, args) -> {
            Object changed = change.invoke(proxy, method, args);
            if (changed != null) {
                return changed;
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static CheckResult run(WorkspaceClient client, String titleStart, Optional<String> endpoint) {
        Check check = ContractSuite.checks().stream().filter(c -> c.title().startsWith(titleStart)).findFirst()
                .orElseThrow();
        Target target = new Target(client, emulator.host(), new TargetOptions(Optional.of(emulator.defaultClusterId()),
                Optional.of(emulator.defaultWarehouseId()), Optional.empty(), true, endpoint));
        Report report = SuiteRunner.run(target, List.of(check), r -> { });
        return report.results().get(0);
    }

    @Test
    void aRefusalOnADestroyedContextMustNameTheContext() {
        WorkspaceClient client = client();
        CommandExecutionService real = client.commandExecution().impl();
        client.withCommandExecutionImpl(deviating(CommandExecutionService.class, real, (proxy, method, args) -> {
            if (!method.getName().equals("execute")) {
                return null;
            }
            try {
                return real.execute((Command) args[0]);
            } catch (DatabricksError e) {
                throw new BadRequest("ContextNotFound: the context does not exist", (ErrorDetails) null);
            }
        }));

        CheckResult result = run(client, "commands: a command on a destroyed context", Optional.empty());

        assertEquals(Outcome.DIFFERED, result.outcome(), result.detail());
        assertTrue(result.detail().startsWith("the refusal names the context "), result.detail());
        assertTrue(Report.line(result, false).contains("documented: https://docs.databricks.com/api/workspace/"
                + "commandexecution/destroy (the call's page; it does not state this behaviour"), Report.line(result,
                false));
    }

    /** The documentation of wait_timeout: 0s "returns directly with PENDING state". */
    @Test
    void aStatementStartedWithWaitTimeout0sMustAnswerPendingFirst() {
        WorkspaceClient client = client();
        StatementExecutionService real = client.statementExecution().impl();
        client.withStatementExecutionImpl(deviating(StatementExecutionService.class, real, (proxy, method, args) -> {
            if (!method.getName().equals("executeStatement")) {
                return null;
            }
            // A workspace that waits for the end whatever the wait timeout says.
            StatementResponse response = real.executeStatement((ExecuteStatementRequest) args[0]);
            while (response.getStatus().getState() == StatementState.PENDING
                    || response.getStatus().getState() == StatementState.RUNNING) {
                Thread.sleep(20);
                response = real.getStatement(new GetStatementRequest().setStatementId(response.getStatementId()));
            }
            return response;
        }));

        CheckResult result = run(client, "sql: a statement started with wait_timeout 0s", Optional.empty());

        assertEquals(Outcome.DIFFERED, result.outcome(), result.detail());
        assertEquals("state of the answer to wait_timeout 0s: expected PENDING, got SUCCEEDED", result.detail());
        String line = Report.line(result, false);
        assertTrue(line.contains("documented: https://docs.databricks.com/api/workspace/statementexecution/"
                + "executestatement"), line);
        assertFalse(line.contains("§"), line);
    }

    @Test
    void theGatewayRoundTripMustRestoreEveryPartOfTheConfig() {
        WorkspaceClient client = client();
        String endpoint = StreamSupport.stream(client.servingEndpoints().list().spliterator(), false)
                .map(ServingEndpoint::getName).filter(name -> client.servingEndpoints().get(name).getAiGateway() != null
                        && client.servingEndpoints().get(name).getAiGateway().getGuardrails() != null)
                .findFirst().orElseThrow(() -> new AssertionError("the emulator seeds an endpoint with guardrails"));
        ServingEndpointsService real = client.servingEndpoints().impl();
        AtomicInteger puts = new AtomicInteger();
        client.withServingEndpointsImpl(deviating(ServingEndpointsService.class, real, (proxy, method, args) -> {
            if (!method.getName().equals("putAiGateway")) {
                return null;
            }
            PutAiGatewayRequest request = (PutAiGatewayRequest) args[0];
            // The second PUT puts the old config back; this workspace loses its guardrails on the way.
            return real.putAiGateway(puts.incrementAndGet() == 2 ? request.setGuardrails(null) : request);
        }));
        var before = client.servingEndpoints().get(endpoint).getAiGateway();

        CheckResult result = run(client, "serving: PUT ai-gateway", Optional.of(endpoint));

        client.servingEndpoints().putAiGateway(new PutAiGatewayRequest().setName(endpoint)
                .setRateLimits(before.getRateLimits()).setUsageTrackingConfig(before.getUsageTrackingConfig())
                .setGuardrails(before.getGuardrails()).setInferenceTableConfig(before.getInferenceTableConfig())
                .setFallbackConfig(before.getFallbackConfig()));
        assertEquals(Outcome.DIFFERED, result.outcome(), result.detail());
        assertTrue(result.detail().startsWith("guardrails in the config after putting the old one back: expected "),
                result.detail());
    }

    @Test
    void aPassingCheckShowsItsSourceOnlyWhenAskedAndTheChunkCount() {
        CheckResult result = run(client(), "sql: a result is read chunk by chunk", Optional.empty());

        assertEquals(Outcome.PASSED, result.outcome(), result.detail());
        assertEquals("5 chunk(s) for 5000 rows", result.detail());
        assertFalse(Report.line(result, false).contains("documented:"), Report.line(result, false));
        assertTrue(Report.line(result, true).contains("documented: https://docs.databricks.com/api/workspace/"
                + "statementexecution/getstatementresultchunkn"), Report.line(result, true));
    }
}

package io.lakebook.installer.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.emulator.Emulator;
import io.lakebook.emulator.warehouses.WarehouseState;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;

/** {@code lakebook emulator}'s options for trying install by hand: more choices, and short-lived sign-ins. */
class EmulatorCommandTest {
    private static final String REDIRECT = "http://localhost:8080/callback";

    private static CommandLine parse(String... args) throws Exception {
        return new DefaultParser().parse(new EmulatorCommand().options(), args);
    }

    @Test
    void offersExtraClustersAndWarehousesAndAnEmbeddingsEndpoint() throws Exception {
        CommandLine line = parse("--clusters", "3", "--warehouses", "2");
        try (Emulator emulator = EmulatorCommand.configure(line).build().start()) {
            EmulatorCommand.offerChoices(emulator, 3, 2);

            assertEquals(3, emulator.clusters().list().size());
            assertEquals(2, emulator.warehouses().list().size());
            assertTrue(emulator.warehouses().list().stream().anyMatch(w -> w.state() == WarehouseState.STOPPED));
            assertTrue(emulator.servingEndpoints().find(EmulatorCommand.EMBEDDINGS).orElseThrow().task()
                    .equals("llm/v1/embeddings"));
        }
    }

    @Test
    void anOAuthAccessTokenLivesAsLongAsTokenLifetimeSays() throws Exception {
        try (Emulator emulator = EmulatorCommand.configure(parse("--token-lifetime", "90s")).build().start()) {
            String verifier = "v".repeat(43);
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest
                    .getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> authorize = http.send(HttpRequest.newBuilder(URI.create(emulator.host()
                    + "/oidc/v1/authorize?response_type=code&client_id=databricks-cli&redirect_uri="
                    + encode(REDIRECT) + "&scope=all-apis+offline_access&state=s&code_challenge=" + challenge
                    + "&code_challenge_method=S256")).build(), HttpResponse.BodyHandlers.ofString());
            Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(authorize.headers().firstValue("location")
                    .orElseThrow());
            assertTrue(code.find(), authorize.headers().map().toString());

            HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(emulator.host()
                    + "/oidc/v1/token")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code.group(1)
                            + "&code_verifier=" + verifier + "&redirect_uri=" + encode(REDIRECT)
                            + "&client_id=databricks-cli")).build(), HttpResponse.BodyHandlers.ofString());

            JsonNode answer = new ObjectMapper().readTree(token.body());
            assertEquals(90, answer.path("expires_in").asInt(), token.body());
        }
    }

    @Test
    void aLifetimeThatIsNotADurationIsAUsageError() {
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(io.lakebook.installer.UsageException.class,
                () -> EmulatorCommand.duration("soon")).getMessage().contains("such as 90s, 15m or 1h"));
        assertEquals(java.time.Duration.ofMinutes(15), EmulatorCommand.duration("15m"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

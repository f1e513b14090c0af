package io.lakebook.installer.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.installer.UsageException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParametersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode notebook(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void valuesAreTypedAsPapermillTypesThem() {
        assertEquals("n = 5", Parameters.assignment("n", "5"));
        assertEquals("rate = -0.25", Parameters.assignment("rate", "-0.25"));
        assertEquals("flag = True", Parameters.assignment("flag", "True"));
        assertEquals("day = \"2026-12-01\"", Parameters.assignment("day", "2026-12-01"));
        assertEquals("text = \"say \\\"hi\\\"\\n\"", Parameters.assignment("text", "say \"hi\"\n"));
        assertThrows(UsageException.class, () -> Parameters.assignment("not-a-name", "1"));
    }

    @Test
    void theInjectedCellFollowsTheParametersCellAndReplacesAnEarlierOne() throws Exception {
        ObjectNode notebook = notebook("{\"cells\": [{\"cell_type\": \"markdown\", \"source\": \"t\"},"
                + "{\"cell_type\": \"code\", \"metadata\": {\"tags\": [\"parameters\"]}, \"source\": \"n = 1\"},"
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"print(n)\"}]}");
        Map<String, String> first = new LinkedHashMap<>(Map.of("n", "2"));

        Parameters.inject(notebook, first);
        Parameters.inject(notebook, Map.of("n", "3"));

        assertEquals(4, notebook.path("cells").size());
        assertEquals("# Parameters given to lakebook run\nn = 3", notebook.path("cells").path(2).path("source")
                .asText());
        assertEquals("print(n)", notebook.path("cells").path(3).path("source").asText());
    }

    @Test
    void aDatabricksTitleLineBeforeTheMarkerIsAllowed() throws Exception {
        ObjectNode notebook = notebook("{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {}, \"source\": "
                + "\"# DBTITLE 1,Params\\n# parameters\\nalpha = 1\"}]}");

        assertEquals(true, Parameters.inject(notebook, Map.of("alpha", "5")));
        assertEquals("injected-parameters", notebook.path("cells").path(1).path("id").asText());
    }

    @Test
    void withoutAParametersCellTheyGoFirst() throws Exception {
        ObjectNode notebook = notebook("{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"x\"}]}");

        assertEquals(false, Parameters.inject(notebook, Map.of("x", "1")), "the caller is told to warn");

        assertEquals("injected-parameters", notebook.path("cells").path(0).path("metadata").path("tags").path(0)
                .asText());
    }
}

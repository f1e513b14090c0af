package io.lakebook.core.output;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClearOutputTest {

    private static final TextOutput A = new TextOutput("a");
    private static final TextOutput B = new TextOutput("b");

    @Test
    void aClearDropsWhatCameBeforeIt() {
        assertEquals(List.of(B), ClearOutput.applied(List.of(A, new ClearOutput(false), B)));
        assertEquals(List.of(), ClearOutput.applied(List.of(A, new ClearOutput(false))));
    }

    @Test
    void aWaitingClearActsOnlyWhenSomethingFollows() {
        assertEquals(List.of(B), ClearOutput.applied(List.of(A, new ClearOutput(true), B)));
        assertEquals(List.of(A), ClearOutput.applied(List.of(A, new ClearOutput(true))));
    }
}

package io.lakebook.kernel.handler;

import io.lakebook.kernel.wire.shell.ShellIsCompleteReply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PythonCompletenessTest {

    @ParameterizedTest
    @ValueSource(strings = {"x = 1", "print('a: b')", "s = '''one\ntwo'''", "d = {'a': [1, 2]}", "x = 1  # ends with :",
            "for i in range(3):\n    print(i)\n", "", "f(a,\n  b)", "s = 'it\\'s'", "x = 1 \\\n  + 2"})
    void runsCodeThatIsComplete(String code) {
        assertEquals("complete", PythonCompleteness.check(code).status(), code);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "for i in range(3):|'    '",
        "def f():\\n    if x:|'        '",
        "x = [1,|'    '",
        "total = (1 +|'    '",
        "x = 1 + \\\\|''",
        "s = \"\"\"unterminated|''",
        "def f():\\n    return 1|''",
        "class A:\\n    x = 1|'    '"})
    void waitsForMoreLinesWithTheNextIndent(String escapedCode, String indent) {
        String code = escapedCode.replace("\\n", "\n").replace("\\\\", "\\");
        ShellIsCompleteReply reply = PythonCompleteness.check(code);
        assertEquals("incomplete", reply.status(), code);
        assertEquals(indent, reply.indent(), code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x = (1]", ")", "print('unterminated)\nx = 1", "a = {1: 2)}"})
    void rejectsCodeThatCannotBecomeValid(String code) {
        assertEquals("invalid", PythonCompleteness.check(code).status(), code);
    }
}

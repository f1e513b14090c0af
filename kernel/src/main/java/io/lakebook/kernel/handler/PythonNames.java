package io.lakebook.kernel.handler;

import io.lakebook.core.remote.Completion;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's keywords and builtin names (Python 3.11), for completion before the notebook has a context on the
 * cluster: offering {@code print} for {@code pri} must not start a cluster.
 */
final class PythonNames {
    private static final Pattern WORD = Pattern.compile("[A-Za-z_]\\w*$");
    private static final List<String> NAMES = List.of(
            "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BaseExceptionGroup",
            "BlockingIOError", "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError",
            "ConnectionAbortedError", "ConnectionError", "ConnectionRefusedError", "ConnectionResetError",
            "DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning", "EnvironmentError", "Exception",
            "ExceptionGroup", "False", "FileExistsError", "FileNotFoundError", "FloatingPointError", "FutureWarning",
            "GeneratorExit", "IOError", "ImportError", "ImportWarning", "IndentationError", "IndexError",
            "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt", "LookupError", "MemoryError",
            "ModuleNotFoundError", "NameError", "None", "NotADirectoryError", "NotImplemented",
            "NotImplementedError", "OSError", "OverflowError", "PendingDeprecationWarning", "PermissionError",
            "ProcessLookupError", "RecursionError", "ReferenceError", "ResourceWarning", "RuntimeError",
            "RuntimeWarning", "StopAsyncIteration", "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError",
            "SystemExit", "TabError", "TimeoutError", "True", "TypeError", "UnboundLocalError", "UnicodeDecodeError",
            "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError", "UnicodeWarning", "UserWarning",
            "ValueError", "Warning", "ZeroDivisionError", "abs", "aiter", "all", "and", "anext", "any", "as",
            "ascii", "assert", "async", "await", "bin", "bool", "break", "breakpoint", "bytearray", "bytes",
            "callable", "chr", "class", "classmethod", "compile", "complex", "continue", "copyright", "credits",
            "def", "del", "delattr", "dict", "dir", "divmod", "elif", "else", "enumerate", "eval", "except", "exec",
            "exit", "filter", "finally", "float", "for", "format", "from", "frozenset", "getattr", "global",
            "globals", "hasattr", "hash", "help", "hex", "id", "if", "import", "in", "input", "int", "is",
            "isinstance", "issubclass", "iter", "lambda", "len", "license", "list", "locals", "map", "max",
            "memoryview", "min", "next", "nonlocal", "not", "object", "oct", "open", "or", "ord", "pass", "pow",
            "print", "property", "quit", "raise", "range", "repr", "return", "reversed", "round", "set", "setattr",
            "slice", "sorted", "staticmethod", "str", "sum", "super", "try", "tuple", "type", "vars", "while",
            "with", "yield", "zip");

    private PythonNames() {
    }

    static Completion complete(String code, int cursor) {
        int end = Math.min(cursor, code.length());
        Matcher word = WORD.matcher(code.substring(0, end));
        if (!word.find() || word.start() > 0 && code.charAt(word.start() - 1) == '.') {
            return Completion.none(cursor);
        }
        String prefix = word.group();
        return new Completion(NAMES.stream().filter(name -> name.startsWith(prefix)).toList(), word.start(), end);
    }
}

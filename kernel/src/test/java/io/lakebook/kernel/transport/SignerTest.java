package io.lakebook.kernel.transport;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignerTest {
    private static final List<byte[]> PARTS = List.of(bytes("{\"a\":1}"), bytes("{}"), bytes("{}"), bytes("{\"b\":2}"));
    /** From Python: hmac.new(b"lakebook-test-key", b'{"a":1}{}{}{"b":2}', hashlib.sha256).hexdigest() */
    private static final String PYTHON_SIGNATURE = "b60ea0b8fc97074f0e65a7a9341b13f9a0a74c3c0acc3f8ae70a396ddea62238";

    private final Signer signer = new Signer("hmac-sha256", Secret.of("lakebook-test-key"));

    @Test
    void signsAsJupyterClientDoes() {
        assertArrayEquals(bytes(PYTHON_SIGNATURE), signer.sign(PARTS));
        assertTrue(signer.verify(PARTS, bytes(PYTHON_SIGNATURE)));
    }

    @Test
    void rejectsAnotherKeysSignatureAndAnAlteredMessage() {
        byte[] other = new Signer("hmac-sha256", Secret.of("other")).sign(PARTS);
        assertFalse(signer.verify(PARTS, other));
        List<byte[]> altered = List.of(bytes("{\"a\":2}"), bytes("{}"), bytes("{}"), bytes("{\"b\":2}"));
        assertFalse(signer.verify(altered, bytes(PYTHON_SIGNATURE)));
        assertFalse(signer.verify(PARTS, new byte[0]));
    }

    @Test
    void emptyKeyMeansUnsignedMessages() {
        Signer unsigned = new Signer("hmac-sha256", Secret.of(""));
        assertEquals(0, unsigned.sign(PARTS).length);
        assertTrue(unsigned.verify(PARTS, new byte[0]));
    }

    @Test
    void secretNeverPrintsItsValue() {
        assertEquals("****", Secret.of("lakebook-test-key").toString());
        ConnectionInfo info = new ConnectionInfo("tcp", "127.0.0.1", 1, 2, 3, 4, 5, "hmac-sha256",
                Secret.of("lakebook-test-key"));
        assertFalse(info.toString().contains("lakebook-test-key"), info.toString());
    }

    @Test
    void unknownSchemeIsRefusedByName() {
        Exception e = assertThrows(InvalidConnectionFileException.class, () -> new Signer("rsa", Secret.of("k")));
        assertTrue(e.getMessage().contains("\"rsa\""), e.getMessage());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package io.lakebook.emulator.oauth;

/** Opens the emulator's S256 computation to tests in other packages. */
public final class PkceForTests {
    private PkceForTests() {
    }

    public static String challenge(String verifier) {
        return Pkce.challengeOf(verifier);
    }
}

package io.lakebook.core;

/** Facts about this build of lakebook. */
public final class Lakebook {

    /** The version, as in the Maven build; sent in the User-Agent and shown by {@code lakebook --version}. */
    public static final String VERSION = versionFromManifest();

    private Lakebook() {
    }

    private static String versionFromManifest() {
        String version = Lakebook.class.getPackage().getImplementationVersion();
        // Classes run from a build folder, as in tests, have no manifest.
        return version == null ? "dev" : version;
    }
}

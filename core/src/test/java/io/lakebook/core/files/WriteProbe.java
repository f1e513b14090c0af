package io.lakebook.core.files;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A child process that writes one user file with {@link UserFiles#write} and prints how it went: {@code OK}, or
 * {@code FAILED <class>: <message>}. Tests run it under a file-size limit ({@code ulimit -f}) where no small file
 * system can be mounted.
 */
public final class WriteProbe {
    private WriteProbe() {
    }

    /** Arguments: the target, the size in bytes, the byte to fill it with. */
    public static void main(String[] args) {
        byte[] content = new byte[Integer.parseInt(args[1])];
        Arrays.fill(content, (byte) args[2].charAt(0));
        try {
            UserFiles.write(Path.of(args[0]), content);
            System.out.println("OK");
        } catch (Exception e) {
            System.out.println("FAILED " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}

package dev.handoff.gen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The build machine's tools the generators call, and what they report about themselves. */
public final class Tools {
    private Tools() {}

    /** The C compiler: $CC, else cc. */
    public static String cc() {
        String cc = System.getenv("CC");
        return cc == null || cc.isBlank() ? "cc" : cc;
    }

    /** Runs a command, returns its standard output; a non-zero exit is an IOException with its stderr. */
    public static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        try {
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IOException(String.join(" ", cmd) + " exited " + rc + ": "
                        + new String(err, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The installed version of a Debian package, or "unknown". */
    public static String debVersion(String pkg) {
        try {
            return run(List.of("dpkg-query", "-W", "-f=${Version}", pkg)).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}

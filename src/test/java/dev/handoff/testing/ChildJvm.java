package dev.handoff.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a child JVM (same java, same class path) and hands back what it printed:
 * for behaviour that needs its own JVM settings (a one-carrier virtual-thread scheduler) or that
 * ends the process (fatal errors), as Go's runtime tests do with testdata/testprog.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** The flags the runnable jar's manifest carries. */
    public static final List<String> HANDOFF_FLAGS = List.of(
            "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED");

    public record Result(int exitCode, String stdout, String stderr) {
        public String all() { return stdout + stderr; }
    }

    /** Runs {@code mainClass} with the given JVM options and arguments; fails after {@code timeout}. */
    public static Result run(Duration timeout, List<String> jvmOptions, Class<?> mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        // Drain both pipes concurrently so a chatty child cannot block on a full pipe.
        var errText = new StringBuilder();
        Thread drain = Thread.ofPlatform().daemon().start(() -> {
            try {
                errText.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the child died; what it printed so far is what we report
            }
        });
        String stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM " + mainClass.getName() + " did not finish within " + timeout
                    + "; printed: " + stdout);
        }
        drain.join(timeout.toMillis());
        return new Result(p.exitValue(), stdout, errText.toString());
    }
}

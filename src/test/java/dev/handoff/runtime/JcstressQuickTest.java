package dev.handoff.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Runs the runtime's jcstress tests ({@link RunQueuePutStealTest}, {@link RunQueueRunnextGraceTest}, {@link ExitsyscallVsRetakeTest},
 * {@link NextGStealTest})
 * in a short mode (one fork, one 500 ms iteration per configuration, no split compilation: about
 * 40 s) and fails on any forbidden outcome or error.
 *
 * <p>The full run (every compilation mode and C2 stress flag; about 3 minutes per test on two
 * cores), after {@code mvn test-compile}:
 * <pre>
 *   mvn -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 *   java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) org.openjdk.jcstress.Main \
 *        -t 'dev.handoff.runtime.*' -m default \
 *        -jvmArgsPrepend "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -Dhandoff.runnextGraceNanos=1"
 * </pre>
 * Skip this test with {@code -Dhandoff.jcstress=false}.
 */
class JcstressQuickTest {

    @Test
    void noForbiddenOutcomes() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.parseBoolean(System.getProperty("handoff.jcstress", "true")),
                "jcstress disabled with -Dhandoff.jcstress=false");
        Path results = Files.createTempDirectory("jcstress");
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), "org.openjdk.jcstress.Main",
                "-t", "dev\\.handoff\\.runtime\\..*Test", "-c", "2", "-f", "1", "-iters", "1", "-time", "500", "-sc", "false",
                "-jvmArgsPrepend", "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -Dhandoff.runnextGraceNanos=1",
                "-r", results.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).directory(results.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "jcstress did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        String summary = text.contains("RUN RESULTS:") ? text.substring(text.indexOf("RUN RESULTS:")) : text;
        System.out.println(summary);
        assertTrue(text.contains("Failed tests: No matches."), summary);
        assertTrue(text.contains("Error tests: No matches."), summary);
        assertTrue(text.contains("All remaining tests: 4 matching test results"), "all four jcstress tests must have run: " + summary);
        assertEquals(0, p.exitValue(), summary);
    }
}

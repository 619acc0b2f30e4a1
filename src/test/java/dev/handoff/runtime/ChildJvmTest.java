package dev.handoff.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Fatal paths run as separate programs; the test reads what they print and how they exit. */
class ChildJvmTest {

    record Result(int exit, String out) {}

    static Result run(List<String> jvmFlags, String program) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ChildPrograms.class.getName());
        cmd.add(program);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("child '" + program + "' did not finish in 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.exitValue(), out);
    }

    static final List<String> FLAGS = List.of("--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED");

    @Test
    void deadlockIsDetectedWithADump() throws Exception {
        Result r = run(FLAGS, "deadlock");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("fatal error: all goroutines are asleep - deadlock!"), r.out());
        assertTrue(r.out().contains("goroutine 1 [sync.WaitGroup.Wait]:"), r.out());
        assertTrue(r.out().contains("goroutine 2 [sync.WaitGroup.Wait]:"), r.out());
        assertTrue(r.out().contains("goroutine 3 [sync.WaitGroup.Wait]:"), r.out());
        assertTrue(r.out().contains("ChildPrograms.lambda$deadlock"), "the dump shows user frames: " + r.out());
        assertTrue(r.out().contains("created by goroutine 1"), r.out());
    }

    @Test
    void threadExhaustionIsFatal() throws Exception {
        List<String> flags = new ArrayList<>(FLAGS);
        flags.add("-Dhandoff.maxthreads=8");
        Result r = run(flags, "threads");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("runtime: program exceeds 8-thread limit"), r.out());
        assertTrue(r.out().contains("fatal error: thread exhaustion"), r.out());
    }

    @Test
    void uncaughtExceptionInABackgroundRuntimeExitsWithStatus2() throws Exception {
        Result r = run(FLAGS, "panic");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("panic: java.lang.IllegalStateException: boom in a goroutine"), r.out());
        assertTrue(r.out().matches("(?s).*goroutine \\d+ \\[running\\]:.*"), r.out());
    }

    @Test
    void missingAddExportsNamesTheFlag() throws Exception {
        Result r = run(List.of("--enable-native-access=ALL-UNNAMED"), "noflag");
        assertNotEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED"), r.out());
    }
}

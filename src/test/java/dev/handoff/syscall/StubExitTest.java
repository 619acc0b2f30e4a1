package dev.handoff.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.handoff.testing.ChildJvm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trampoline's returns past the downcall stubs (exit=stub) under the VM's slow paths:
 * safepoints, handshakes and suspends met on the way back from a system call, with and without
 * -XX:+UseSystemMemoryBarrier (which changes the stub's code: the barrier instruction goes).
 */
class StubExitTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "-XX:+UseSystemMemoryBarrier -XX:+UnlockDiagnosticVMOptions -XX:GuaranteedSafepointInterval=1",
            "-XX:-UseSystemMemoryBarrier -XX:+UnlockDiagnosticVMOptions -XX:GuaranteedSafepointInterval=1",
            "-XX:StartFlightRecording=settings=profile,filename=target/stub-exit.jfr"})   // samples the callers
    void returnsStayCorrectUnderSafepointsHandshakesAndSampling(String flags) throws Exception {
        List<String> opts = new ArrayList<>(ChildJvm.HANDOFF_FLAGS);
        opts.addAll(List.of(flags.split(" ")));
        opts.addAll(List.of("-Dhandoff.syscall.exit=stub", "-Xmx64m"));
        ChildJvm.Result r = ChildJvm.run(Duration.ofSeconds(90), opts, StubExitStress.class, "40", "40000");
        assertEquals(0, r.exitCode(), r.all());
        String[] lines = r.stdout().strip().split("\n");
        String[] f = lines[lines.length - 1].split(" ");                        // after JFR's own lines
        assertEquals("ok", f[0], r.all());
        assertTrue(Long.parseLong(f[1]) >= 40_000, "calls made: " + r.all());
        assertTrue(Long.parseLong(f[2]) >= 40, "rounds of safepoints and handshakes: " + r.all());
    }

    @org.junit.jupiter.api.Test
    void theStubsOfThisJdkAreCopied() {
        // Both normal stubs (3 and 6 arguments) decoded; if a JDK update changes them, this says so
        // (the calls still work: they return into the stub).
        assertEquals("63", Trampoline.COPIED, "StubCopy could not decode this JDK's downcall stubs");
        assertEquals("63", Trampoline.CRITICAL, "this JDK's critical stubs should end in leave; ret");
    }
}

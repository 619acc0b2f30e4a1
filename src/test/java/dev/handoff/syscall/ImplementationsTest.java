package dev.handoff.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.handoff.testing.ChildJvm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way of making the call works: the trampoline with each exit, and the libc fallback. */
class ImplementationsTest {
    @ParameterizedTest
    @CsvSource({
            "-Dhandoff.syscall.exit=stub, 'ok trampoline, exit=stub, stub copies 63'",
            "-Dhandoff.syscall.exit=jmp, 'ok trampoline, exit=jmp'",
            "-Dhandoff.syscall.exit=ret, 'ok trampoline, exit=ret'",
            "-Dhandoff.syscall.impl=libc, ok libc syscall(3) (-Dhandoff.syscall.impl=libc)"})
    void selfCheckPasses(String flag, String expected) throws Exception {
        List<String> opts = new ArrayList<>(ChildJvm.HANDOFF_FLAGS);
        opts.add(flag);
        ChildJvm.Result r = ChildJvm.run(Duration.ofSeconds(60), opts, SelfCheck.class);
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(expected, r.stdout().strip(), r.all());
    }
}

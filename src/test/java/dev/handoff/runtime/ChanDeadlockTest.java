package dev.handoff.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.handoff.testing.ChildJvm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Goroutines parked on channels, select, a nil channel and a Mutex are _Gwaiting with Go's wait
 * reasons, so the runtime's deadlock detector finds them: the program dies with Go's message and a
 * dump instead of hanging (run in a child JVM, as Go's runtime tests run testprog).
 */
class ChanDeadlockTest {
    static ChildJvm.Result run(String program) throws Exception {
        return ChildJvm.run(Duration.ofSeconds(60), ChildJvm.HANDOFF_FLAGS, ChanDeadlockPrograms.class, program);
    }

    static void assertDeadlock(ChildJvm.Result r, List<String> dumpLines) {
        String out = r.all();
        assertEquals(2, r.exitCode(), out);
        assertTrue(out.contains("fatal error: all goroutines are asleep - deadlock!"), out);
        for (String line : dumpLines) assertTrue(out.contains(line), "missing '" + line + "' in:\n" + out);
    }

    @Test
    void receiveWithNoSenderLeft() throws Exception {
        assertDeadlock(run("recv"), List.of("goroutine 1 [chan receive]:"));
    }

    @Test
    void selectAndABlockedSender() throws Exception {
        assertDeadlock(run("select"), List.of("goroutine 1 [select]:", "[chan send]:"));
    }

    @Test
    void nilChannel() throws Exception {
        assertDeadlock(run("nil"), List.of("goroutine 1 [chan receive (nil chan)]:"));
    }

    @Test
    void mutexLockedTwice() throws Exception {
        assertDeadlock(run("mutex"), List.of("goroutine 1 [sync.Mutex.Lock]:"));
    }
}

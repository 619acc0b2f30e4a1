package dev.handoff.runtime;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: every concurrent history of a buffered channel's non-blocking operations (trySend,
 * tryRecv, close, len) is linearizable against the channel run sequentially. Blocking send/recv are
 * left out on purpose: Lincheck's sequential specification would block forever on them (Lincheck
 * models blocking only for Kotlin suspend functions); they are covered by the stress tests in ChanTest
 * and SelectTest.
 */
@Param(name = "v", gen = IntGen.class, conf = "1:4")
public class ChanLincheckTest {
    private final Chan<Integer> c = Chan.make(2);

    @Operation
    public String trySend(@Param(name = "v") int v) {
        try {
            return c.trySend(v) ? "sent" : "full";
        } catch (ChanClosedException e) {
            return e.getMessage();
        }
    }

    @Operation
    public String tryRecv() {
        Received<Integer> r = c.tryRecv();
        return r == null ? "empty" : r.ok() ? "got " + r.value() : "closed";
    }

    @Operation
    public String close() {
        try {
            c.close();
            return "closed it";
        } catch (ChanClosedException e) {
            return e.getMessage();
        }
    }

    @Operation
    public int len() {
        return c.len();
    }

    @Test
    void stress() {
        new StressOptions().iterations(30).invocationsPerIteration(2_000).threads(3).actorsPerThread(3)
                .check(this.getClass());
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(30).invocationsPerIteration(500).threads(3).actorsPerThread(3)
                .check(this.getClass());
    }
}

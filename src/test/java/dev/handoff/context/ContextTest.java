package dev.handoff.context;

import static org.junit.jupiter.api.Assertions.*;

import dev.handoff.runtime.Chan;
import dev.handoff.runtime.Select;
import dev.handoff.time.Time;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** context after Go's context_test.go; waits are on channels and timers. */
class ContextTest {
    static final Duration T = Duration.ofSeconds(20);

    /** Waits until {@code ctx} is done, failing at the test deadline. */
    static void awaitDone(Context ctx) {
        Select s = new Select();
        int d = s.recv(ctx.done());
        s.recv(Time.after(T));
        assertEquals(d, s.select(), ctx + " not done within " + T);
    }

    static boolean isDone(Context ctx) {
        return ctx.done().tryRecv() != null;
    }

    @Test
    void backgroundIsNeverDone() {
        for (Context c : List.of(Context.background(), Context.todo())) {
            assertSame(Chan.nil(), c.done());
            assertNull(c.err());
            assertEquals(Optional.empty(), c.deadline());
            assertNull(c.value("k"));
            assertFalse(isDone(c));
        }
        assertEquals("context.Background", Context.background().toString());
    }

    @Test
    void cancelClosesDoneOnceAndPropagatesDownNotUp() {
        CancelContext parent = Context.withCancel(Context.background());
        CancelContext child = Context.withCancel(Context.withValue(parent, "k", "v"));
        CancelContext grandchild = Context.withCancel(child);
        assertFalse(isDone(parent) || isDone(child) || isDone(grandchild));
        assertEquals(1, ((CancelCtx) parent).childCount());

        CancelContext sibling = Context.withCancel(parent);
        sibling.cancel();
        assertSame(Context.CANCELED, sibling.err());
        assertNull(parent.err(), "a child's cancel does not reach the parent");
        assertEquals(1, ((CancelCtx) parent).childCount(), "the cancelled child unregistered itself");

        parent.cancel();
        assertSame(Context.CANCELED, parent.err());
        assertSame(Context.CANCELED, child.err());
        assertSame(Context.CANCELED, grandchild.err());
        assertTrue(isDone(grandchild));
        assertEquals("v", grandchild.value("k"));
        parent.cancel(); // idempotent
        assertEquals("context canceled", parent.err().getMessage());

        CancelContext late = Context.withCancel(parent);
        assertSame(Context.CANCELED, late.err(), "a child of a done parent is done at once");
    }

    @Test
    void cancelWakesEverySelectWaitingOnDone() throws Exception {
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Integer> never = Chan.make();
        Chan<String> results = Chan.make(16);
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ts.add(Thread.ofVirtual().start(() -> Select.select(
                    Select.onRecv(never, v -> results.send("value")),
                    Select.onRecv(ctx.done(), v -> results.send(String.valueOf(ctx.err()))))));
        }
        ctx.cancel();
        for (int i = 0; i < 16; i++) assertEquals(Context.CANCELED.toString(), results.recv());
        for (Thread t : ts) t.join(T.toMillis());
    }

    @Test
    void timeoutExpiresWithDeadlineExceeded() {
        long t0 = System.nanoTime();
        CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20));
        assertTrue(ctx.deadline().isPresent());
        awaitDone(ctx);
        assertTrue(System.nanoTime() - t0 >= 20_000_000L);
        assertSame(Context.DEADLINE_EXCEEDED, ctx.err());
        assertTrue(ctx.err().isTimeout());
        ctx.cancel();
        assertSame(Context.DEADLINE_EXCEEDED, ctx.err(), "the first reason stays");

        CancelContext past = Context.withTimeout(Context.background(), Duration.ofMillis(-1));
        assertSame(Context.DEADLINE_EXCEEDED, past.err(), "a negative timeout is done at once");
        CancelContext huge = Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MAX_VALUE));
        assertNull(huge.err());
        huge.cancel();
    }

    @Test
    void cancelBeforeTheDeadlineWinsAndADeadlineLaterThanTheParentsIsTheParents() {
        CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(30));
        ctx.cancel();
        assertSame(Context.CANCELED, ctx.err());
        CancelContext other = Context.withTimeout(Context.background(), Duration.ofMillis(60));
        awaitDone(other); // well past ctx's deadline
        assertSame(Context.CANCELED, ctx.err());

        CancelContext parent = Context.withDeadline(Context.background(), Instant.now().plusSeconds(10));
        CancelContext child = Context.withDeadline(parent, Instant.now().plusSeconds(100));
        assertEquals(parent.deadline(), child.deadline());
        CancelContext tighter = Context.withTimeout(parent, Duration.ofMillis(5));
        awaitDone(tighter);
        assertSame(Context.DEADLINE_EXCEEDED, tighter.err());
        assertNull(parent.err());
        parent.cancel();
        assertSame(Context.CANCELED, child.err());
    }

    @Test
    void valuesAreFoundUpTheChainAndShadowed() {
        Context a = Context.withValue(Context.background(), "user", "ann");
        Context b = Context.withValue(Context.withCancel(a), "trace", 7);
        Context c = Context.withValue(b, "user", "bob");
        assertEquals("bob", c.value("user"));
        assertEquals("ann", b.value("user"));
        assertEquals(7, c.value("trace"));
        assertNull(c.value("missing"));
        assertThrows(NullPointerException.class, () -> Context.withValue(a, null, 1));
    }

    @Test
    void badInput() {
        var e = assertThrows(NullPointerException.class, () -> Context.withCancel(null));
        assertEquals("cannot create context from nil parent", e.getMessage());
        assertThrows(NullPointerException.class, () -> Context.withTimeout(Context.background(), null));
        assertThrows(NullPointerException.class, () -> Context.withDeadline(Context.background(), null));
    }

    @Test
    void aForeignParentIsWatched() {
        CancelContext inner = Context.withCancel(Context.background());
        Context foreign = new Context() { // not one of ours: no registration possible
            public Optional<Instant> deadline() { return inner.deadline(); }
            public Chan<?> done() { return inner.done(); }
            public ContextError err() { return inner.err(); }
            public Object value(Object key) { return null; }
        };
        CancelContext child = Context.withCancel(foreign);
        assertNull(child.err());
        inner.cancel();
        awaitDone(child);
        assertSame(Context.CANCELED, child.err());
    }
}

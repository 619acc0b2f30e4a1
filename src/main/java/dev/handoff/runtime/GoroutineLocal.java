package dev.handoff.runtime;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A value per goroutine, as {@link ThreadLocal} is per thread (a thread-local read inside a
 * goroutine belongs to whichever M runs it at that moment). Values die with the goroutine.
 * Only the owning goroutine reads or writes its values; on a plain thread every method throws.
 */
public final class GoroutineLocal<T> {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final Object UNSET = new Object();

    private final int index = NEXT.getAndIncrement();
    private final Supplier<? extends T> initial;

    public GoroutineLocal() {
        this(() -> null);
    }

    public GoroutineLocal(Supplier<? extends T> initial) {
        this.initial = initial;
    }

    @SuppressWarnings("unchecked")
    public T get() {
        Object[] l = slots(owner());
        Object v = l[index];
        if (v == UNSET || v == null) {
            v = initial.get();
            l[index] = v;
        }
        return (T) v;
    }

    public void set(T value) {
        slots(owner())[index] = value;
    }

    public void remove() {
        slots(owner())[index] = UNSET;
    }

    private static G owner() {
        G gp = Sched.getg();
        if (gp == null) throw new IllegalStateException("GoroutineLocal used outside a goroutine");
        return gp;
    }

    private Object[] slots(G gp) {
        Object[] l = gp.locals;
        if (l == null || l.length <= index) {
            int n = Math.max(index + 1, l == null ? 4 : l.length * 2);
            Object[] grown = l == null ? new Object[n] : Arrays.copyOf(l, n);
            Arrays.fill(grown, l == null ? 0 : l.length, n, UNSET);
            gp.locals = l = grown;
        }
        return l;
    }
}

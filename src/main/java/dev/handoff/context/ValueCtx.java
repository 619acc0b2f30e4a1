package dev.handoff.context;

import dev.handoff.runtime.Chan;
import java.time.Instant;
import java.util.Optional;

/** One key/value pair on top of a parent; everything else is the parent's. */
final class ValueCtx implements Context {
    final Context parent;
    private final Object key, val;

    ValueCtx(Context parent, Object key, Object val) {
        this.parent = parent;
        this.key = key;
        this.val = val;
    }

    @Override
    public Optional<Instant> deadline() {
        return parent.deadline();
    }

    @Override
    public Chan<?> done() {
        return parent.done();
    }

    @Override
    public ContextError err() {
        return parent.err();
    }

    @Override
    public Object value(Object k) {
        Context c = this;
        while (c instanceof ValueCtx v) { // iterative: deep chains of values do not grow the stack
            if (v.key.equals(k)) return v.val;
            c = v.parent;
        }
        return c.value(k);
    }

    @Override
    public String toString() {
        return parent + ".WithValue(" + key + ", " + val + ")";
    }
}

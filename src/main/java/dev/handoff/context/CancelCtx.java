package dev.handoff.context;

import dev.handoff.runtime.Chan;
import dev.handoff.runtime.Select;
import dev.handoff.sync.Mutex;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A cancellable context (Go's cancelCtx). Invariants, under {@link #mu}: {@code err} goes from null to
 * an error once; {@code done} is closed exactly then; {@code children} is null from then on. A child
 * registers with the nearest cancellable ancestor of ours ({@link #propagateCancel}); when it is
 * cancelled it removes itself again, so long-lived parents do not accumulate dead children.
 *
 * <p>{@link Mutex} rather than {@code synchronized}: a goroutine never pins its continuation here.
 * For a parent context of a foreign implementation, a watcher thread (a goroutine once the runtime is
 * wired) waits on both done channels, as Go's propagateCancel does.
 */
class CancelCtx implements CancelContext {
    final Context parent;
    final Mutex mu = new Mutex();
    private final Chan<Object> done = Chan.make();
    private volatile ContextError err;
    private Set<CancelCtx> children;

    CancelCtx(Context parent) {
        this.parent = parent;
        propagateCancel();
    }

    private void propagateCancel() {
        Chan<?> pdone = parent.done();
        if (pdone == Chan.nil()) return; // the parent can never be canceled
        ContextError perr = parent.err();
        if (perr != null) {
            cancel(false, perr);
            return;
        }
        CancelCtx p = nearestCancelCtx(parent);
        if (p != null && p.done == pdone) {
            p.mu.lock();
            if (p.err != null) {
                ContextError e = p.err;
                p.mu.unlock();
                cancel(false, e);
                return;
            }
            if (p.children == null) p.children = new LinkedHashSet<>();
            p.children.add(this);
            p.mu.unlock();
            return;
        }
        Thread.ofVirtual().name("handoff-context-watch").start(() -> { // a foreign parent
            Select s = new Select();
            int fromParent = s.recv(pdone);
            s.recv(done);
            if (s.select() == fromParent) cancel(false, parent.err());
        });
    }

    private static CancelCtx nearestCancelCtx(Context c) {
        while (c instanceof ValueCtx v) c = v.parent;
        return c instanceof CancelCtx cc ? cc : null;
    }

    @Override
    public Optional<Instant> deadline() {
        return parent.deadline();
    }

    @Override
    public Chan<?> done() {
        return done;
    }

    @Override
    public ContextError err() {
        return err;
    }

    @Override
    public Object value(Object key) {
        return parent.value(key);
    }

    @Override
    public void cancel() {
        cancel(true, Context.CANCELED);
    }

    void cancel(boolean removeFromParent, ContextError e) {
        Set<CancelCtx> kids;
        mu.lock();
        if (err != null) {
            mu.unlock();
            return;
        }
        err = e;
        done.close();
        kids = children;
        children = null;
        mu.unlock();
        if (kids != null) for (CancelCtx child : kids) child.cancel(false, e);
        onCancel();
        if (removeFromParent) {
            CancelCtx p = nearestCancelCtx(parent);
            if (p != null) {
                p.mu.lock();
                if (p.children != null) p.children.remove(this);
                p.mu.unlock();
            }
        }
    }

    /** Hook for TimerCtx: release its timer. */
    void onCancel() {}

    /** For tests: registered children. */
    int childCount() {
        mu.lock();
        try {
            return children == null ? 0 : children.size();
        } finally {
            mu.unlock();
        }
    }

    @Override
    public String toString() {
        return parent + ".WithCancel";
    }
}

package dev.handoff.context;

import dev.handoff.runtime.Chan;
import java.time.Instant;
import java.util.Optional;

/** Background and TODO: never done, no deadline, no values. */
final class EmptyCtx implements Context {
    static final EmptyCtx BACKGROUND = new EmptyCtx("context.Background"), TODO = new EmptyCtx("context.TODO");
    private final String name;

    private EmptyCtx(String name) {
        this.name = name;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.empty();
    }

    @Override
    public Chan<?> done() {
        return Chan.nil();
    }

    @Override
    public ContextError err() {
        return null;
    }

    @Override
    public Object value(Object key) {
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}

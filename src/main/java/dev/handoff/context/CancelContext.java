package dev.handoff.context;

/**
 * A context with its cancel function (Go returns the pair {@code ctx, cancel}). {@link #close()} cancels,
 * so try-with-resources gives Go's {@code defer cancel()}.
 */
public interface CancelContext extends Context, AutoCloseable {
    /** Cancels this context and its descendants; later calls do nothing. */
    void cancel();

    @Override
    default void close() {
        cancel();
    }
}

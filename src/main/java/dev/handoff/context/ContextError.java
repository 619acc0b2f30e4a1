package dev.handoff.context;

/**
 * Why a context is done: {@link Context#CANCELED} ("context canceled") or
 * {@link Context#DEADLINE_EXCEEDED} ("context deadline exceeded"), Go's two sentinel errors. They are
 * singletons (compare with {@code ==}), without a stack trace, and can be thrown by code that gives up
 * because its context is done.
 */
public final class ContextError extends RuntimeException {
    private final boolean timeout;

    ContextError(String message, boolean timeout) {
        super(message, null, false, false);
        this.timeout = timeout;
    }

    /** True for DEADLINE_EXCEEDED (Go's {@code Timeout() bool}). */
    public boolean isTimeout() {
        return timeout;
    }
}

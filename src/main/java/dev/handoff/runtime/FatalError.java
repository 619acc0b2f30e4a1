package dev.handoff.runtime;

/**
 * The program died the way a Go program dies with "fatal error: ..." (deadlock, thread exhaustion,
 * an internal error) or a goroutine's uncaught exception: the report has been printed to stderr,
 * the runtime has shut down, and {@code Go.main} throws this.
 */
public final class FatalError extends Error {
    private static final long serialVersionUID = 1L;

    FatalError(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.handoff.runtime;

/**
 * Sending on a closed channel, closing a closed channel, or closing a nil channel: in Go, a panic with
 * the same message ("send on closed channel", "close of closed channel", "close of nil channel").
 */
public final class ChanClosedException extends IllegalStateException {
    ChanClosedException(String message) {
        super(message);
    }
}

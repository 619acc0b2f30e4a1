package dev.handoff.runtime;

/**
 * The result of Go's {@code v, ok := <-c}: {@code ok} is false (and {@code value} null) when the channel
 * was closed and drained.
 */
public record Received<T>(T value, boolean ok) {
    private static final Received<?> CLOSED = new Received<>(null, false);

    Received(T value) {
        this(value, true);
    }

    @SuppressWarnings("unchecked")
    public static <T> Received<T> closed() {
        return (Received<T>) CLOSED;
    }
}

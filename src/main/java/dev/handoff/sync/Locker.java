package dev.handoff.sync;

/** Go's {@code sync.Locker}: something that can be locked and unlocked (what a {@link Cond} needs). */
public interface Locker {
    void lock();

    void unlock();
}

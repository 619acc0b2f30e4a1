package dev.handoff.runtime;

/** Why a goroutine is parked, printed in goroutine dumps as Go prints its waitReason strings. */
public enum WaitReason {
    ZERO(""),
    CHAN_RECEIVE("chan receive"),
    CHAN_SEND("chan send"),
    CHAN_RECEIVE_NIL_CHAN("chan receive (nil chan)"),
    CHAN_SEND_NIL_CHAN("chan send (nil chan)"),
    SELECT("select"),
    SELECT_NO_CASES("select (no cases)"),
    SLEEP("sleep"),
    SYNC_MUTEX_LOCK("sync.Mutex.Lock"),
    SYNC_RWMUTEX_RLOCK("sync.RWMutex.RLock"),
    SYNC_RWMUTEX_LOCK("sync.RWMutex.Lock"),
    SYNC_COND_WAIT("sync.Cond.Wait"),
    SYNC_WAITGROUP_WAIT("sync.WaitGroup.Wait"),
    SEMACQUIRE("semacquire"),
    IO_WAIT("IO wait"),
    PARKED("parked"),
    /** Used by tests and by code that parks for a reason none of the above names. */
    OTHER("waiting");

    private final String label;

    WaitReason(String label) { this.label = label; }

    /** The text a goroutine dump shows, e.g. {@code chan receive}. */
    public String label() { return label; }

    @Override
    public String toString() { return label; }
}

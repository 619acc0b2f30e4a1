package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * The kernel's {@code sigset_t}: 64 signals in one 64-bit word, signal {@code n} at bit {@code n-1}.
 * rt_sigprocmask, rt_sigtimedwait, signalfd4, ppoll and epoll_pwait take it with its size,
 * {@link #SIZE} = 8. This is not glibc's 128-byte sigset_t: the kernel rejects any other size with
 * EINVAL.
 */
public final class Sigset extends Struct {
    /** What the rt_* calls take as sigsetsize: sizeof the kernel's sigset_t, 8 on 64-bit. */
    public static final int SIZE = 8;

    /*
     * The kernel's, not glibc's (arch/x86/include/asm/signal.h, include/uapi/asm-generic/signal.h):
     * #define _NSIG       64
     * #define _NSIG_BPW   64
     * #define _NSIG_WORDS (_NSIG / _NSIG_BPW)    // 1
     * typedef struct {
     *     unsigned long sig[_NSIG_WORDS];
     * } sigset_t;
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(1, JAVA_LONG).withName("sig")).withName("kernel_sigset_t");

    private static final VarHandle SIG = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("sig"),
            MemoryLayout.PathElement.sequenceElement(0));

    /** An empty set. */
    public Sigset(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Sigset(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Sigset wrap(MemorySegment segment) { return new Sigset(segment); }

    /** A set holding the given signals. */
    public static Sigset of(SegmentAllocator allocator, int... signals) {
        Sigset s = new Sigset(allocator);
        for (int sig : signals) s.add(sig);
        return s;
    }

    /** The whole set as a bit mask (signal n at bit n-1). */
    public long bits() { return (long) SIG.get(segment(), 0L); }
    public Sigset bits(long v) { SIG.set(segment(), 0L, v); return this; }

    public Sigset add(int signal) { return bits(bits() | bit(signal)); }
    public Sigset remove(int signal) { return bits(bits() & ~bit(signal)); }
    public boolean contains(int signal) { return (bits() & bit(signal)) != 0; }
    /** Removes every signal (sigemptyset). */
    public Sigset clear() { return bits(0); }
    /** Adds every signal (sigfillset). */
    public Sigset fill() { return bits(-1L); }

    private static long bit(int signal) {
        if (signal < 1 || signal > 64) throw new IllegalArgumentException("signal " + signal + " not in [1, 64]");
        return 1L << (signal - 1);
    }

    @Override
    public String toString() { return "sigset{0x" + Long.toHexString(bits()) + "}"; }
}

package dev.handoff.syscall;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The return path of a JDK downcall stub, read from the stub's own code and made runnable
 * elsewhere, so {@link Trampoline} can run it and jump straight back into compiled Java instead of
 * returning into the stub (whose final {@code ret} mispredicts after a system call: see Trampoline).
 *
 * <p>What a normal (non-critical) stub does after its call, on JDK 25 x86-64, is a straight line:
 * {@code vzeroupper}; thread state := native-trans; a memory barrier unless
 * -XX:+UseSystemMemoryBarrier; compare against the safepoint poll word and the suspend flags,
 * each a conditional jump to a slow path; thread state := Java; compare the stack-guard state, a
 * jump to another slow path; clear the last Java frame (three stores); {@code vzeroupper};
 * {@code leave; ret}. {@link #of} decodes that line from the return site up to {@code leave; ret},
 * accepting only these instruction forms:
 * <pre>
 *   c5 f8 77                        vzeroupper
 *   41|49 c7 87 d32 i32, 47 d8 i32  mov dword|qword [r15+d], imm32
 *   f0 83 44 24 d8 i8               lock add dword [rsp+d8], imm8      (the barrier)
 *   49 3b /r [r15+d8|d32]           cmp reg64, [r15+d]
 *   41 83 bf d32 i8, 7f d8 i8       cmp dword [r15+d], imm8
 *   0f 80..8f rel32                 jcc: kept, but aimed at the stub's own target
 *   c9 c3                           leave; ret: the end
 * </pre>
 * None of them depends on where it runs except the jumps, which are redirected to their absolute
 * targets in the stub. Anything else (another JDK, a debug flag that adds checks) and {@link #of}
 * answers null: the trampoline then returns into the stub as usual. The copy runs with the stack
 * exactly as the stub has it after its call (the trampoline pops its own return address first), so
 * a slow path entered from the copy finds the frame it expects, and goes on in the stub itself.
 */
final class StubCopy {
    private static final int MAX_BYTES = 256;

    /** An instruction to copy as it is, or a conditional jump (op 0x80..0x8f) to an absolute target. */
    private record Insn(byte[] bytes, int jcc, long target) {}

    private final List<Insn> insns;

    private StubCopy(List<Insn> insns) { this.insns = insns; }

    /** Decodes the return path starting at {@code site}, or null when it holds anything unknown. */
    static StubCopy of(long site) {
        MemorySegment code = MemorySegment.ofAddress(site).reinterpret(MAX_BYTES + 16);
        List<Insn> insns = new ArrayList<>();
        int at = 0;
        while (at < MAX_BYTES) {
            int b0 = u8(code, at), b1 = u8(code, at + 1), b2 = u8(code, at + 2);
            int len;
            if (b0 == 0xc9 && b1 == 0xc3) {                                           // leave; ret
                return new StubCopy(insns);
            } else if (b0 == 0xc5 && b1 == 0xf8 && b2 == 0x77) {                      // vzeroupper
                len = 3;
            } else if ((b0 == 0x41 || b0 == 0x49) && b1 == 0xc7 && (b2 == 0x87 || b2 == 0x47)) {
                len = b2 == 0x87 ? 11 : 8;                                            // mov [r15+d], imm32
            } else if (b0 == 0xf0 && b1 == 0x83 && b2 == 0x44 && u8(code, at + 3) == 0x24) {
                len = 6;                                                              // lock add [rsp+d8], imm8
            } else if (b0 == 0x49 && b1 == 0x3b && (b2 & 0xc7) == 0x87) {
                len = 7;                                                              // cmp reg, [r15+d32]
            } else if (b0 == 0x49 && b1 == 0x3b && (b2 & 0xc7) == 0x47) {
                len = 4;                                                              // cmp reg, [r15+d8]
            } else if (b0 == 0x41 && b1 == 0x83 && (b2 == 0xbf || b2 == 0x7f)) {
                len = b2 == 0xbf ? 8 : 5;                                             // cmp dword [r15+d], imm8
            } else if (b0 == 0x0f && b1 >= 0x80 && b1 <= 0x8f) {                      // jcc rel32
                long target = site + at + 6 + code.get(ValueLayout.JAVA_INT_UNALIGNED, at + 2);
                insns.add(new Insn(null, b1, target));
                at += 6;
                continue;
            } else {
                return null;
            }
            byte[] bytes = new byte[len];
            MemorySegment.copy(code, ValueLayout.JAVA_BYTE, at, bytes, 0, len);
            insns.add(new Insn(bytes, 0, 0));
            at += len;
        }
        return null;
    }

    /** Emits the copy (without the final {@code leave; ret}). */
    void emit(Asm a) {
        for (Insn i : insns) {
            if (i.bytes() != null) a.bytes(i.bytes());
            else a.jccFar(i.jcc(), i.target());
        }
    }

    /** How many instructions, for tests. */
    int size() { return insns.size(); }

    private static int u8(MemorySegment code, int at) {
        return code.get(ValueLayout.JAVA_BYTE, at) & 0xff;
    }
}

package dev.handoff.syscall;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of an x86-64 assembler for {@link Trampoline}: raw bytes, forward labels for
 * {@code jcc rel32}, and far jumps through thunks ({@code jmp [rip+0]} followed by the 8-byte
 * target) placed after the code, so a conditional jump can reach any address from a page that may
 * be more than 2 GiB away from the JVM's code cache. Code is assembled for the address it will run
 * at.
 */
final class Asm {
    /** A position in the code, bound once. */
    static final class Label {
        int at = -1;
        final List<Integer> uses = new ArrayList<>(); // offsets of rel32 fields that jump here
    }

    private final long base;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Label> labels = new ArrayList<>();
    private final List<Long> farTargets = new ArrayList<>();
    private final List<Label> farLabels = new ArrayList<>();

    /** @param base the address the first byte will run at */
    Asm(long base) { this.base = base; }

    Asm bytes(int... bs) {
        for (int b : bs) out.write(b);
        return this;
    }

    Asm bytes(byte[] bs) {
        out.write(bs, 0, bs.length);
        return this;
    }

    Asm u64(long v) {
        for (int i = 0; i < 8; i++) out.write((int) (v >>> (8 * i)));
        return this;
    }

    Label label() {
        Label l = new Label();
        labels.add(l);
        return l;
    }

    void bind(Label l) {
        if (l.at >= 0) throw new IllegalStateException("label bound twice");
        l.at = out.size();
    }

    /** {@code 0f <op> rel32}: a conditional jump (op 0x80..0x8f) to a label of this code. */
    void jcc(int op, Label l) {
        if (op < 0x80 || op > 0x8f) throw new IllegalArgumentException("not a jcc: " + op);
        bytes(0x0f, op);
        l.uses.add(out.size());
        bytes(0, 0, 0, 0);
    }

    /** A conditional jump to any absolute address, through a thunk after the code. */
    void jccFar(int op, long target) {
        Label thunk = label();
        farTargets.add(target);
        farLabels.add(thunk);
        jcc(op, thunk);
    }

    /** The code, with the thunks appended and every label use patched. */
    byte[] finish() {
        for (int i = 0; i < farTargets.size(); i++) {
            bind(farLabels.get(i));
            bytes(0xff, 0x25, 0, 0, 0, 0).u64(farTargets.get(i));   // jmp [rip+0]; dq target
        }
        byte[] code = out.toByteArray();
        for (Label l : labels) {
            if (l.at < 0 && !l.uses.isEmpty()) throw new IllegalStateException("label used but never bound");
            for (int use : l.uses) {
                int rel = l.at - (use + 4);
                for (int i = 0; i < 4; i++) code[use + i] = (byte) (rel >>> (8 * i));
            }
        }
        return code;
    }

    long base() { return base; }
}

package dev.handoff.gen;

/**
 * What mksyscall reports when it refuses its input: where ({@code file:line:col}) and why. It is the
 * only exception the generator throws for bad declarations; anything else escaping it is a bug.
 */
public final class MksyscallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int col;

    public MksyscallException(String file, int line, int col, String what) {
        super(file + ":" + line + ":" + col + ": " + what);
        this.file = file;
        this.line = line;
        this.col = col;
    }

    /** The declaration file, as it was named on the command line. */
    public String file() { return file; }

    /** 1-based line number. */
    public int line() { return line; }

    /** 1-based column (in characters) where the problem starts. */
    public int col() { return col; }
}

package dev.handoff.gen;

import java.util.List;

/**
 * One {@code //sys} or {@code //sysnb} declaration, as written: nothing is mapped to Java yet.
 *
 * @param file      the declaration file, as named to the generator
 * @param line      its 1-based line
 * @param blocking  {@code //sys} (true: may block, Syscall) or {@code //sysnb} (false: RawSyscall)
 * @param name      Go's function name; lowercase means "raw, wrapped by hand elsewhere"
 * @param nameCol   1-based column of the name
 * @param params    the parameters, in order
 * @param results   the results, in order, including a trailing {@code err error}
 * @param sysName   the {@code SYS_*} constant (given after {@code =}, or SYS_ + the upper-cased name)
 * @param text      the line itself
 */
public record SysDecl(String file, int line, boolean blocking, String name, int nameCol,
                      List<Param> params, List<Param> results, String sysName, String text) {

    /** A parameter or result: Go name, Go type (as written) and the column where it starts. */
    public record Param(String name, String type, int col) {}

    /** True when the name is lowercase: the generated method is package-private. */
    public boolean raw() { return Character.isLowerCase(name.charAt(0)) || name.charAt(0) == '_'; }

    /** The kernel's name for the call, used in error messages ("openat" from SYS_OPENAT). */
    public String kernelName() { return sysName.substring(4).toLowerCase(java.util.Locale.ROOT); }

    /** True when the last result is {@code err error}: the call can fail. */
    public boolean hasErr() {
        return !results.isEmpty() && results.getLast().type().equals("error");
    }

    /** The results that carry a value (all but a trailing error). */
    public List<Param> values() { return hasErr() ? results.subList(0, results.size() - 1) : results; }

    /** "file:line:col: what", as an exception. */
    public MksyscallException error(int col, String what) { return new MksyscallException(file, line, col, what); }
}

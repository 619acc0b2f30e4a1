package dev.handoff.gen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A declaration mapped to Java: method name, typed parameters, result, the entry point. Everything that
 * can be wrong with a well-formed declaration is found here, before any text is emitted:
 * unsupported types ({@code file:line:col: unsupported type T in Name}), more than one value result,
 * more than six registers, two byte slices, unknown {@code SYS_*} numbers and names Java cannot use.
 *
 * @param decl      the declaration
 * @param javaName  lowerCamel of Go's name ({@code EpollCreate1} → {@code epollCreate1})
 * @param params    mapped parameters, in order
 * @param result    "void", "int" or "long"
 * @param registers how many syscall arguments the parameters expand to (≤ 6)
 * @param bytes     index in params of the {@code []byte} parameter, or -1
 * @param direction which way a heap byte buffer is copied
 */
public record JavaCall(SysDecl decl, String javaName, List<JParam> params, String result, int registers,
                       int bytes, CallTraits.Direction direction) {

    /** A mapped parameter. {@code name} is the Java name (Go's, with '_' added after Java keywords). */
    public record JParam(SysDecl.Param go, String name, GoTypes.Mapped type, boolean nullable) {
        public GoTypes.Kind kind() { return type.kind(); }
    }

    static final Set<String> JAVA_KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "var", "yield", "record", "sealed", "permits",
            "when", "_");

    /** Methods of java.lang.Object a static method may not be named after. */
    static final Set<String> OBJECT_METHODS = Set.of("getClass", "hashCode", "equals", "clone", "toString",
            "notify", "notifyAll", "wait", "finalize");

    /** Maps one declaration; {@code knownSys} says which SYS_* constants SysNum has. */
    public static JavaCall of(SysDecl d, Predicate<String> knownSys) {
        String javaName = javaIdent(Character.toLowerCase(d.name().charAt(0)) + d.name().substring(1));
        if (OBJECT_METHODS.contains(javaName))
            throw d.error(d.nameCol(), "unsupported name " + d.name() + ": " + javaName + " is a method of java.lang.Object");

        List<JParam> params = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int registers = 0, bytes = -1;
        for (SysDecl.Param p : d.params()) {
            GoTypes.Mapped m = GoTypes.param(p.type());
            if (m == null) throw d.error(p.col(), "unsupported type " + p.type() + " in " + d.name());
            String name = javaIdent(p.name());
            if (!names.add(name)) throw d.error(p.col(), "duplicate parameter " + p.name() + " in " + d.name());
            if (m.kind() == GoTypes.Kind.BYTES) {
                if (bytes >= 0) throw d.error(p.col(), "unsupported type " + p.type() + " in " + d.name() + ": one []byte per call");
                bytes = params.size();
            }
            registers += switch (m.kind()) {
                case BYTES, INT_SLICE, LONG_SLICE, STRUCT_SLICE -> 2;
                default -> 1;
            };
            boolean nullable = CallTraits.nullable(d.name(), p.name());
            params.add(new JParam(p, name, m, nullable));
        }
        if (bytes >= 0) {
            String b = params.get(bytes).name();
            for (String extra : List.of(b + "Off", b + "Len"))
                if (!names.add(extra)) throw d.error(params.get(bytes).go().col(), "duplicate parameter " + extra + " in " + d.name() + " (the byte[] overload needs it)");
        }
        if (registers > 6) throw d.error(d.nameCol(), "unsupported declaration " + d.name() + ": " + registers + " syscall arguments, at most 6");

        String result = "void";
        List<SysDecl.Param> values = d.values();
        for (int i = 0; i < d.results().size(); i++) {
            SysDecl.Param r = d.results().get(i);
            if (r.type().equals("error") && i != d.results().size() - 1)
                throw d.error(r.col(), "unsupported results in " + d.name() + ": the error must come last");
            if (r.type().equals("error") && !r.name().equals("err"))
                throw d.error(r.col(), "unsupported results in " + d.name() + ": the error result must be named err");
        }
        if (values.size() > 1) throw d.error(values.get(1).col(), "unsupported results in " + d.name() + ": at most one value result");
        if (values.size() == 1) {
            result = GoTypes.result(values.get(0).type());
            if (result == null) throw d.error(values.get(0).col(), "unsupported type " + values.get(0).type() + " in " + d.name());
        }
        if (!knownSys.test(d.sysName()))        // last: a line with an unsupported type says so first
            throw d.error(d.text().indexOf(d.sysName()) >= 0 ? d.text().indexOf(d.sysName()) + 1 : d.nameCol(),
                    "unknown system call " + d.sysName() + " in " + d.name() + " (not in SysNum)");
        return new JavaCall(d, javaName, List.copyOf(params), result, registers, bytes, CallTraits.direction(d.name()));
    }

    /** The Java spelling of a Go identifier: Java keywords (and "_") get a trailing '_'. */
    static String javaIdent(String goName) {
        return JAVA_KEYWORDS.contains(goName) ? goName + "_" : goName;
    }

    /** True when the call needs a confined arena for its own conversions (strings, int arrays). */
    public boolean needsArena() {
        for (JParam p : params) {
            switch (p.kind()) {
                case STRING, INT_SLICE, LONG_SLICE, INT_REF, LONG_REF -> { return true; }
                default -> { }
            }
        }
        return false;
    }

    /** True when a ByteBuffer argument's position moves by the result (read- or write-like calls). */
    public boolean advancesBuffer() {
        return bytes >= 0 && result.equals("int") && direction != CallTraits.Direction.INOUT;
    }
}

package dev.handoff.gen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads object-like macros out of C headers with the build machine's own preprocessor
 * ({@code cc -E -dM}) and evaluates the integer ones with C's typing rules: literals (with their
 * U/L suffixes), other macros, enum constants, parentheses, casts to integer types, unary - ~ +, and
 * * / % + - &lt;&lt; &gt;&gt; &amp; ^ |. A macro it cannot evaluate (a function call, a string, a
 * pointer cast, sizeof) is left out and {@link #value} says so with empty.
 *
 * <p>Enum constants: glibc defines many constants as enumerators and then {@code #define X X}
 * (SOCK_STREAM, MSG_PEEK, IPPROTO_TCP, MS_RDONLY, EFD_CLOEXEC). So the headers are also run through
 * {@code cc -E}, every {@code enum { A = expr, B, ... }} of the output is read, and a macro that names
 * an enumerator (or has no macro at all) is evaluated as that enumerator.
 *
 * <p>Types: each value carries its C type as {@link CValue} (32 or 64 bits, signed or unsigned, LP64),
 * computed with C's rules: an unsuffixed hex literal that does not fit int is unsigned int
 * ({@code 0x80000000}), {@code 1U << 31} is unsigned int, {@code 1UL << 40} unsigned long, the usual
 * arithmetic conversions apply to binary operators, and 32-bit results wrap as gcc's do. That is what
 * lets the constants generator emit a Java {@code int} for a 32-bit flag and a {@code long} for a
 * 64-bit one. {@link #value} is the C value widened to a Java long (sign- or zero-extended by type).
 */
public final class Macros {
    private final Map<String, String> defs;
    private final Map<String, String> enums;

    private Macros(Map<String, String> defs, Map<String, String> enums) {
        this.defs = defs;
        this.enums = enums;
    }

    /** An integer constant and its C type: {@code bits} is 32 or 64. */
    public record CValue(long value, int bits, boolean unsigned) {
        static final CValue INT_ZERO = new CValue(0, 32, false);

        /** The value normalised to the type: a 32-bit one sign- or zero-extended. */
        static CValue of(long v, int bits, boolean unsigned) {
            if (bits == 32) v = unsigned ? v & 0xffffffffL : (int) v;
            return new CValue(v, bits, unsigned);
        }
    }

    /** All macros visible after {@code #include}-ing each header, with {@code -D} definitions first. */
    public static Macros of(List<String> headers, List<String> defines) throws IOException {
        Path src = Files.createTempFile("handoff-macros", ".c");
        try {
            StringBuilder c = new StringBuilder();
            for (String h : headers) c.append("#include <").append(h).append(">\n");
            Files.writeString(src, c);
            List<String> cmd = new ArrayList<>(List.of(Tools.cc(), "-E"));
            for (String d : defines) cmd.add("-D" + d);
            cmd.add(src.toString());
            List<String> dm = new ArrayList<>(cmd);
            dm.add(2, "-dM");
            Map<String, String> defs = new LinkedHashMap<>();
            for (String line : Tools.run(dm).split("\n")) {
                if (!line.startsWith("#define ")) continue;
                String rest = line.substring(8);
                int sp = rest.indexOf(' ');
                String name = sp < 0 ? rest : rest.substring(0, sp);
                if (name.contains("(")) continue; // function-like
                defs.put(name, sp < 0 ? "" : rest.substring(sp + 1).trim());
            }
            return new Macros(defs, enums(Tools.run(cmd)));
        } finally {
            Files.deleteIfExists(src);
        }
    }

    /** Names matching the pattern, in the preprocessor's order. */
    public List<String> names(Pattern p) {
        return defs.keySet().stream().filter(n -> p.matcher(n).matches()).toList();
    }

    /**
     * Enumerator names matching the pattern that no macro defines (io_uring's IORING_OP_* are only
     * an enum), sorted.
     */
    public List<String> enumNames(Pattern p) {
        return enums.keySet().stream().filter(n -> !defs.containsKey(n) && p.matcher(n).matches()).sorted().toList();
    }

    /** The macro's text as defined, or null. */
    public String text(String name) { return defs.get(name); }

    /** The enumerator's expression as the preprocessed headers have it, or null. */
    public String enumerator(String name) { return enums.get(name); }

    /** The integer value of a macro (or enumerator), or empty when it is not an integer expression. */
    public OptionalLong value(String name) {
        return typedValue(name).map(v -> OptionalLong.of(v.value())).orElse(OptionalLong.empty());
    }

    /**
     * The integer value of a macro (or of an enumerator no macro names) with its C type, or empty
     * when it is not an integer expression.
     */
    public Optional<CValue> typedValue(String name) {
        try {
            if (!defs.containsKey(name) && !enums.containsKey(name)) return Optional.empty();
            return Optional.of(resolve(name, 0));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A name's value: its macro, or the enumerator it names (also when the macro is {@code #define X X}). */
    private CValue resolve(String name, int depth) {
        if (depth > 32) throw new IllegalArgumentException("too deep: " + name);
        String text = defs.get(name);
        if (text != null && !text.equals(name)) return new Eval(text, depth).expr();
        String e = enums.get(name);
        if (e == null) throw new IllegalArgumentException("not an integer constant: " + name);
        CValue v = new Eval(e, depth).expr();
        // gcc: an enumerator is int when its value fits, else it keeps its expression's type
        return v.value() >= Integer.MIN_VALUE && v.value() <= Integer.MAX_VALUE ? CValue.of(v.value(), 32, false) : v;
    }

    private static final Pattern TOKEN = Pattern.compile(
            "0[xX][0-9a-fA-F]+[uUlL]*|[0-9]+[uUlL]*|[A-Za-z_][A-Za-z0-9_]*|<<|>>|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|\\S");

    private static List<String> tokens(String s) {
        List<String> toks = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) toks.add(m.group());
        return toks;
    }

    /**
     * Every enumerator of every {@code enum { ... }} in preprocessed C: name to expression text. An
     * implicit value is written as the last explicit enumerator + k (or k - 1 from the start), not as
     * the previous one + 1, so a long enum (io_uring's 50 opcodes) stays a shallow evaluation.
     */
    static Map<String, String> enums(String preprocessed) {
        StringBuilder code = new StringBuilder();
        for (String line : preprocessed.split("\n")) {
            if (!line.startsWith("#")) code.append(line).append('\n');
        }
        List<String> t = tokens(code.toString());
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < t.size(); i++) {
            if (!t.get(i).equals("enum")) continue;
            int j = i + 1;
            if (j < t.size() && t.get(j).matches("[A-Za-z_]\\w*")) j++;
            if (j >= t.size() || !t.get(j).equals("{")) continue;
            j++;
            String base = null; // the last enumerator with an explicit value; implicit ones count from it
            int k = 0;
            while (j < t.size() && !t.get(j).equals("}")) {
                String name = t.get(j++);
                StringBuilder expr = new StringBuilder();
                if (j < t.size() && t.get(j).equals("=")) {
                    j++;
                    int depth = 0;
                    while (j < t.size()) {
                        String x = t.get(j);
                        if (depth == 0 && (x.equals(",") || x.equals("}"))) break;
                        if (x.equals("(")) depth++;
                        if (x.equals(")")) depth--;
                        expr.append(x).append(' ');
                        j++;
                    }
                    base = name;
                    k = 0;
                } else {
                    k++;
                    expr.append(base == null ? Integer.toString(k - 1) : "( " + base + " ) + " + k);
                }
                if (name.matches("[A-Za-z_]\\w*")) out.put(name, expr.toString().trim());
                if (j < t.size() && t.get(j).equals(",")) j++;
            }
            i = j;
        }
        return out;
    }

    /** A small recursive-descent evaluator over one expression, with C's integer types. */
    private final class Eval {
        private final List<String> toks;
        private final int depth;
        private int i;

        Eval(String text, int depth) {
            this.depth = depth;
            this.toks = tokens(text);
            if (toks.isEmpty()) throw new IllegalArgumentException("empty");
        }

        CValue expr() {
            CValue v = or();
            if (i != toks.size()) throw new IllegalArgumentException("trailing " + toks.get(i));
            return v;
        }

        private String peek() { return i < toks.size() ? toks.get(i) : ""; }

        private CValue or() {
            CValue v = xor();
            while (peek().equals("|")) { i++; v = arith(v, xor(), '|'); }
            return v;
        }

        private CValue xor() {
            CValue v = and();
            while (peek().equals("^")) { i++; v = arith(v, and(), '^'); }
            return v;
        }

        private CValue and() {
            CValue v = shift();
            while (peek().equals("&")) { i++; v = arith(v, shift(), '&'); }
            return v;
        }

        private CValue shift() {
            CValue v = sum();
            while (peek().equals("<<") || peek().equals(">>")) {
                boolean left = toks.get(i++).equals("<<");
                long s = sum().value();
                if (s < 0 || s >= v.bits()) throw new IllegalArgumentException("shift by " + s);
                long r = left ? v.value() << s : v.unsigned() ? v.value() >>> s : v.value() >> s;
                v = CValue.of(r, v.bits(), v.unsigned());
            }
            return v;
        }

        private CValue sum() {
            CValue v = product();
            while (peek().equals("+") || peek().equals("-")) {
                char op = toks.get(i++).charAt(0);
                v = arith(v, product(), op);
            }
            return v;
        }

        private CValue product() {
            CValue v = unary();
            while (peek().equals("*") || peek().equals("/") || peek().equals("%")) {
                char op = toks.get(i++).charAt(0);
                v = arith(v, unary(), op);
            }
            return v;
        }

        private CValue unary() {
            String t = peek();
            if (t.equals("-")) { i++; CValue v = unary(); return CValue.of(-v.value(), v.bits(), v.unsigned()); }
            if (t.equals("~")) { i++; CValue v = unary(); return CValue.of(~v.value(), v.bits(), v.unsigned()); }
            if (t.equals("+")) { i++; return unary(); }
            if (t.equals("(")) {
                i++;
                int start = i;
                while (isTypeName(peek())) i++;
                if (i > start && peek().equals(")")) { // a cast such as (unsigned int) or (__u64)
                    CValue type = castType(toks.subList(start, i));
                    i++;
                    CValue v = unary();
                    return castTo(v, type);
                }
                i = start;
                CValue v = or();
                expect(")");
                return v;
            }
            i++;
            if (!t.isEmpty() && Character.isDigit(t.charAt(0))) return literal(t);
            if (t.matches("[A-Za-z_]\\w*")) return resolve(t, depth + 1);
            throw new IllegalArgumentException("unexpected " + t);
        }

        private void expect(String t) {
            if (!peek().equals(t)) throw new IllegalArgumentException("expected " + t);
            i++;
        }
    }

    /** C's usual arithmetic conversions (LP64), then the operation, wrapped to the result type. */
    static CValue arith(CValue a, CValue b, char op) {
        int bits;
        boolean unsigned;
        if (a.bits() == b.bits()) {
            bits = a.bits();
            unsigned = a.unsigned() || b.unsigned();
        } else {
            CValue wide = a.bits() > b.bits() ? a : b;
            bits = wide.bits();
            unsigned = wide.unsigned(); // a 64-bit signed type holds every 32-bit unsigned value
        }
        long x = a.value(), y = b.value();
        long r = switch (op) {
            case '|' -> x | y;
            case '^' -> x ^ y;
            case '&' -> x & y;
            case '+' -> x + y;
            case '-' -> x - y;
            case '*' -> x * y;
            case '/' -> unsigned && bits == 64 ? Long.divideUnsigned(x, y) : x / y;
            case '%' -> unsigned && bits == 64 ? Long.remainderUnsigned(x, y) : x % y;
            default -> throw new IllegalArgumentException("operator " + op);
        };
        return CValue.of(r, bits, unsigned);
    }

    /** Type names that may appear in a cast of an integer constant. */
    private static boolean isTypeName(String t) {
        return switch (t) {
            case "int", "long", "unsigned", "signed", "short", "char",
                 "__u8", "__u16", "__u32", "__u64", "__s8", "__s16", "__s32", "__s64",
                 "uint8_t", "uint16_t", "uint32_t", "uint64_t", "int8_t", "int16_t", "int32_t", "int64_t",
                 "size_t", "__kernel_size_t", "__rlim_t", "rlim_t", "__rlim64_t", "mode_t", "__mode_t",
                 "pid_t", "__pid_t", "uid_t", "__uid_t", "gid_t", "__gid_t", "key_t", "__key_t", "__kernel_key_t" -> true;
            default -> false;
        };
    }

    /** The type a cast names, as a zero of that type; 8- and 16-bit types are marked by bits 8/16. */
    private static CValue castType(List<String> words) {
        boolean unsigned = false;
        int bits = 32;
        int longs = 0;
        for (String w : words) {
            switch (w) {
                case "unsigned" -> unsigned = true;
                case "long" -> longs++;
                case "short" -> bits = 16;
                case "char" -> bits = 8;
                case "__u8", "uint8_t" -> { bits = 8; unsigned = true; }
                case "__s8", "int8_t" -> bits = 8;
                case "__u16", "uint16_t" -> { bits = 16; unsigned = true; }
                case "__s16", "int16_t" -> bits = 16;
                case "__u32", "uint32_t", "mode_t", "__mode_t", "uid_t", "__uid_t", "gid_t", "__gid_t" -> unsigned = true;
                case "__u64", "uint64_t", "size_t", "__kernel_size_t", "__rlim_t", "rlim_t", "__rlim64_t" -> {
                    bits = 64;
                    unsigned = true;
                }
                case "__s64", "int64_t" -> bits = 64;
                default -> { } // int, signed, pid_t: 32-bit signed
            }
        }
        if (longs > 0) bits = 64;
        return new CValue(0, bits, unsigned);
    }

    private static CValue castTo(CValue v, CValue type) {
        if (type.bits() == 8 || type.bits() == 16) { // truncate, then promote to int
            long mask = (1L << type.bits()) - 1;
            long t = v.value() & mask;
            if (!type.unsigned() && (t & (1L << (type.bits() - 1))) != 0) t -= 1L << type.bits();
            return CValue.of(t, 32, false);
        }
        return CValue.of(v.value(), type.bits(), type.unsigned());
    }

    /** An integer literal with C's type: the first of the suffix's candidate types that holds it. */
    static CValue literal(String t) {
        String digits = t.replaceAll("[uUlL]+$", "");
        String suffix = t.substring(digits.length()).toLowerCase();
        boolean u = suffix.contains("u");
        boolean l = suffix.contains("l");
        boolean decimal = !(digits.length() > 1 && digits.startsWith("0"));
        long v;
        if (digits.startsWith("0x") || digits.startsWith("0X")) v = Long.parseUnsignedLong(digits.substring(2), 16);
        else if (!decimal) v = Long.parseUnsignedLong(digits.substring(1), 8);
        else v = Long.parseUnsignedLong(digits);
        boolean fitsInt = v >= 0 && v <= Integer.MAX_VALUE;
        boolean fitsUint = v >= 0 && v <= 0xffffffffL;
        boolean fitsLong = v >= 0;
        if (!l && !u && fitsInt) return new CValue(v, 32, false);
        if (!l && (u || !decimal) && fitsUint) return new CValue(v, 32, true);
        if (!u && fitsLong) return new CValue(v, 64, false);
        return new CValue(v, 64, true);
    }
}

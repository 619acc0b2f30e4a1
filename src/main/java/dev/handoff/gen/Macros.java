package dev.handoff.gen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Reads object-like macros out of C headers with the build machine's own preprocessor
 * ({@code cc -E -dM}) and evaluates the integer ones: literals, other macros, parentheses,
 * casts to integer types, unary - and ~, and + - * | &amp; ^ &lt;&lt; &gt;&gt;. That covers every
 * {@code __NR_*}, {@code E*} and flag constant the tables need; a macro it cannot evaluate
 * (a function call, a string, a struct size) is left out and {@link #value} says so with empty.
 */
public final class Macros {
    private final Map<String, String> defs;

    private Macros(Map<String, String> defs) { this.defs = defs; }

    /** All macros visible after {@code #include}-ing each header, with {@code -D} definitions first. */
    public static Macros of(List<String> headers, List<String> defines) throws IOException {
        Path src = Files.createTempFile("handoff-macros", ".c");
        try {
            StringBuilder c = new StringBuilder();
            for (String h : headers) c.append("#include <").append(h).append(">\n");
            Files.writeString(src, c);
            List<String> cmd = new ArrayList<>(List.of(Tools.cc(), "-E", "-dM"));
            for (String d : defines) cmd.add("-D" + d);
            cmd.add(src.toString());
            String out = Tools.run(cmd);
            Map<String, String> defs = new LinkedHashMap<>();
            for (String line : out.split("\n")) {
                if (!line.startsWith("#define ")) continue;
                String rest = line.substring(8);
                int sp = rest.indexOf(' ');
                String name = sp < 0 ? rest : rest.substring(0, sp);
                if (name.contains("(")) continue; // function-like
                defs.put(name, sp < 0 ? "" : rest.substring(sp + 1).trim());
            }
            return new Macros(defs);
        } finally {
            Files.deleteIfExists(src);
        }
    }

    /** Names matching the pattern, in the preprocessor's order. */
    public List<String> names(Pattern p) {
        return defs.keySet().stream().filter(n -> p.matcher(n).matches()).toList();
    }

    /** The macro's text as defined, or null. */
    public String text(String name) { return defs.get(name); }

    /** The macro's integer value, or empty when it is not an integer expression. */
    public OptionalLong value(String name) {
        try {
            return OptionalLong.of(new Eval(name, 0).expr());
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** A small recursive-descent evaluator over one macro's replacement text. */
    private final class Eval {
        private final List<String> toks = new ArrayList<>();
        private final int depth;
        private int i;

        Eval(String name, int depth) {
            if (depth > 32 || !defs.containsKey(name)) throw new IllegalArgumentException(name);
            this.depth = depth;
            var m = Pattern.compile("0[xX][0-9a-fA-F]+[uUlL]*|[0-9]+[uUlL]*|[A-Za-z_][A-Za-z0-9_]*|<<|>>|\\S")
                    .matcher(defs.get(name));
            while (m.find()) toks.add(m.group());
            if (toks.isEmpty()) throw new IllegalArgumentException(name);
        }

        long expr() {
            long v = or();
            if (i != toks.size()) throw new IllegalArgumentException("trailing " + toks.get(i));
            return v;
        }

        private String peek() { return i < toks.size() ? toks.get(i) : ""; }

        private long or()    { long v = xor();   while (peek().equals("|"))  { i++; v |= xor(); }   return v; }
        private long xor()   { long v = and();   while (peek().equals("^"))  { i++; v ^= and(); }   return v; }
        private long and()   { long v = shift(); while (peek().equals("&"))  { i++; v &= shift(); } return v; }

        private long shift() {
            long v = sum();
            while (peek().equals("<<") || peek().equals(">>")) {
                boolean left = toks.get(i++).equals("<<");
                long s = sum();
                v = left ? v << s : v >> s;
            }
            return v;
        }

        private long sum() {
            long v = product();
            while (peek().equals("+") || peek().equals("-")) {
                boolean plus = toks.get(i++).equals("+");
                long w = product();
                v = plus ? v + w : v - w;
            }
            return v;
        }

        private long product() {
            long v = unary();
            while (peek().equals("*")) { i++; v *= unary(); }
            return v;
        }

        private long unary() {
            String t = peek();
            if (t.equals("-")) { i++; return -unary(); }
            if (t.equals("~")) { i++; return ~unary(); }
            if (t.equals("+")) { i++; return unary(); }
            if (t.equals("(")) {
                i++;
                if (isTypeName(peek())) { // a cast such as (unsigned int) or (long)
                    while (isTypeName(peek())) i++;
                    expect(")");
                    return unary();
                }
                long v = or();
                expect(")");
                return v;
            }
            i++;
            if (Character.isDigit(t.charAt(0))) return literal(t);
            if (t.matches("[A-Za-z_]\\w*")) return new Eval(t, depth + 1).expr();
            throw new IllegalArgumentException("unexpected " + t);
        }

        private void expect(String t) {
            if (!peek().equals(t)) throw new IllegalArgumentException("expected " + t);
            i++;
        }
    }

    private static boolean isTypeName(String t) {
        return switch (t) {
            case "int", "long", "unsigned", "signed", "short", "char", "__u32", "__u64", "__s32", "__s64",
                 "uint32_t", "uint64_t", "int32_t", "int64_t" -> true;
            default -> false;
        };
    }

    static long literal(String t) {
        String s = t.replaceAll("[uUlL]+$", "");
        if (s.startsWith("0x") || s.startsWith("0X")) return Long.parseUnsignedLong(s.substring(2), 16);
        if (s.length() > 1 && s.startsWith("0")) return Long.parseLong(s.substring(1), 8);
        return Long.parseLong(s);
    }

}

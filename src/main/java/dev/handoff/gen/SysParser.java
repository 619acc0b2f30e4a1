package dev.handoff.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads declaration files in Go's {@code //sys} syntax (the input of Go's mksyscall).
 *
 * <h2>Grammar</h2>
 * <pre>
 * file   = { line }
 * line   = blank | "//" comment | decl            (a comment must not start with "//sys")
 * decl   = ("//sys" | "//sysnb") ws name "(" [ param { "," param } ] ")" [ "(" param { "," param } ")" ] [ "=" SYS_NAME ]
 * param  = ident type
 * type   = { "*" | "[" [digits] "]" } ident [ "." ident ]
 * ws     = one or more tabs or spaces
 * </pre>
 * Go's mksyscall wants exactly one tab after {@code //sys}; we also accept spaces, because a tab and
 * spaces look alike in review and the difference means nothing here. A line that starts with
 * {@code //sys} but is not a declaration (say {@code //sysx} or a missing tab) is an error, not a
 * comment: Go would silently skip it and the call would quietly be missing. Types are only checked for
 * form here; whether a type has a Java mapping is {@link GoTypes}'s business, so a well-formed line with
 * an unknown type is reported as "unsupported type", not as malformed.
 *
 * <p>Errors read {@code file:line:col: expected X: <the line>} ({@link MksyscallException}).
 */
public final class SysParser {
    private final String file;
    private final int lineNo;
    private final String text;
    private int pos;

    private SysParser(String file, int lineNo, String text) {
        this.file = file;
        this.lineNo = lineNo;
        this.text = text;
    }

    /** Go's rule for a declaration without "= SYS_X": SYS_ + the name, split at lower-to-upper steps, upper-cased (EpollCreate1 → SYS_EPOLL_CREATE1). */
    static String defaultSysName(String name) {
        return "SYS_" + name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** All declarations in a file's text, in order. */
    public static List<SysDecl> parse(String file, String content) {
        List<SysDecl> out = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String t = line.strip();
            if (t.isEmpty()) continue;
            if (t.startsWith("//sys")) {
                out.add(new SysParser(file, i + 1, line).decl());
            } else if (!t.startsWith("//")) {
                int col = line.indexOf(t.charAt(0)) + 1;
                throw new MksyscallException(file, i + 1, col,
                        "expected a //sys or //sysnb declaration, a // comment or a blank line: " + line);
            }
        }
        return out;
    }

    /** One declaration line (for tests and tools). */
    public static SysDecl parseLine(String file, int lineNo, String line) {
        return new SysParser(file, lineNo, line).decl();
    }

    private SysDecl decl() {
        skipSpace();
        boolean blocking;
        if (text.startsWith("//sysnb", pos) && isSpace(pos + 7)) {
            blocking = false;
            pos += 7;
        } else if (text.startsWith("//sys", pos) && isSpace(pos + 5)) {
            blocking = true;
            pos += 5;
        } else {
            throw expected("//sys or //sysnb followed by a tab");
        }
        skipSpace();
        int nameCol = pos + 1;
        String name = ident("a function name");
        skipSpace();
        expect('(');
        List<SysDecl.Param> params = list();
        expect(')');
        skipSpace();
        List<SysDecl.Param> results = List.of();
        if (peek() == '(') {
            pos++;
            results = list();
            if (results.isEmpty()) throw expected("a result");
            expect(')');
            skipSpace();
        }
        String sys = defaultSysName(name);
        if (peek() == '=') {
            pos++;
            skipSpace();
            int start = pos;
            if (!text.startsWith("SYS_", pos)) throw expected("a SYS_ name after '='");
            pos += 4;
            while (pos < text.length() && (isUpper(text.charAt(pos)) || isDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
            if (pos == start + 4) throw expected("a SYS_ name after '='");
            sys = text.substring(start, pos);
            skipSpace();
        }
        if (pos < text.length()) throw expected("end of line");
        return new SysDecl(file, lineNo, blocking, name, nameCol, List.copyOf(params), List.copyOf(results), sys, text);
    }

    /** A possibly empty parameter list; stops before ')'. */
    private List<SysDecl.Param> list() {
        List<SysDecl.Param> out = new ArrayList<>();
        skipSpace();
        if (peek() == ')') return out;
        while (true) {
            skipSpace();
            int col = pos + 1;
            String name = ident("a parameter name");
            if (!isSpace(pos)) throw expected("a space and a type after " + name);
            skipSpace();
            String type = type();
            out.add(new SysDecl.Param(name, type, col));
            skipSpace();
            if (peek() == ',') { pos++; continue; }
            if (peek() == ')') return out;
            throw expected("',' or ')'");
        }
    }

    private String type() {
        int start = pos;
        while (true) {
            if (peek() == '*') { pos++; continue; }
            if (peek() == '[') {
                pos++;
                while (isDigit(peek())) pos++;
                expect(']');
                continue;
            }
            break;
        }
        ident("a type");
        if (peek() == '.') {
            pos++;
            ident("a type name after '.'");
        }
        return text.substring(start, pos);
    }

    private String ident(String what) {
        int start = pos;
        if (pos < text.length() && isIdentStart(text.charAt(pos))) {
            pos++;
            while (pos < text.length() && isIdentPart(text.charAt(pos))) pos++;
        }
        if (pos == start) throw expected(what);
        String id = text.substring(start, pos);
        if (id.equals("_")) { pos = start; throw expected(what + " other than _"); }
        return id;
    }

    private void expect(char c) {
        if (peek() != c) throw expected("'" + c + "'");
        pos++;
    }

    private char peek() { return pos < text.length() ? text.charAt(pos) : '\0'; }

    private void skipSpace() { while (isSpace(pos)) pos++; }

    private boolean isSpace(int i) { return i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t'); }

    private static boolean isIdentStart(char c) { return c == '_' || (c >= 'a' && c <= 'z') || isUpper(c); }

    private static boolean isIdentPart(char c) { return isIdentStart(c) || isDigit(c); }

    private static boolean isUpper(char c) { return c >= 'A' && c <= 'Z'; }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    private MksyscallException expected(String what) {
        return new MksyscallException(file, lineNo, pos + 1, "expected " + what + ": " + text);
    }
}

package dev.handoff.gen;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Go's mksyscall in Java: reads {@code //sys} declaration files and prints the Java wrappers
 * ({@code dev.handoff.unix.ZUnix}), or with {@code --docs} the coverage table docs/syscalls.md.
 *
 * <pre>
 * ./handoff mksyscall src/main/sys/linux/*.sys                     # Java to stdout
 * ./handoff mksyscall --out src/main/java/dev/handoff/unix/ZUnix.java src/main/sys/linux/*.sys
 * ./handoff mksyscall --docs --out docs/syscalls.md src/main/sys/linux/*.sys
 * </pre>
 * Pipeline: {@link SysParser} (text → {@link SysDecl}) → {@link JavaCall} (Go types → Java, every
 * check) → {@link ZUnixEmitter} or {@link DocsEmitter} (→ one string). Nothing is written until the
 * whole output exists as a string, and {@code --out} replaces the file by an atomic rename, so an error
 * never leaves half a file. Errors are {@link MksyscallException}s ({@code file:line:col: ...}); the
 * command prints them and exits 1.
 *
 * <p>{@code ZUnixUpToDateTest} regenerates from src/main/sys/linux in memory and fails on any
 * difference with the committed ZUnix.java (and docs/syscalls.md).
 *
 * <h2>Rejected approaches</h2>
 * <ul>
 *   <li>Generating in Maven's generate-sources on every build: the output would not be in review, and a
 *       change of the generator would silently change 240 wrappers. Committed output plus a drift test
 *       (Go's way: zsyscall_*.go are committed) shows every change as a diff.</li>
 *   <li>Binding at run time (a proxy interface, method handles looked up by name): no compile-time
 *       signatures, nothing for javac to check, and each first call pays for the lookup.</li>
 *   <li>Go's exact type widths ({@code int} as Java {@code long}): every fd and flag would need a cast at
 *       the call site; see {@link GoTypes} for the rule used instead.</li>
 * </ul>
 */
@Command(name = "mksyscall", description = "Print the Java (or with --docs the Markdown table) generated from //sys declaration files.")
public final class MkSyscall implements Callable<Integer> {
    public static final Path SYS_DIR = Path.of("src/main/sys/linux");
    public static final Path ZUNIX = Path.of("src/main/java/dev/handoff/unix/ZUnix.java");
    public static final Path DOCS = Path.of("docs/syscalls.md");
    public static final Path TESTS = Path.of("src/test/java/dev/handoff/unix");

    @Option(names = "--docs", description = "emit the coverage table (Markdown) instead of Java")
    boolean docs;

    @Option(names = "--out", description = "write here (atomically) instead of stdout")
    Path out;

    @Option(names = "--tests", description = "test sources scanned for 'tested' (default: ${DEFAULT-VALUE})", defaultValue = "src/test/java/dev/handoff/unix")
    Path tests;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "declaration files")
    List<Path> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try {
            String text = docs ? docs(files, tests, out) : java(files, out);
            if (out == null) {
                PrintWriter w = spec.commandLine().getOut();
                w.print(text);
                w.flush();
            } else {
                writeAtomically(out, text);
            }
            return 0;
        } catch (MksyscallException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        } catch (IOException e) {
            spec.commandLine().getErr().println("mksyscall: " + e);
            return 1;
        }
    }

    /** The Java source for these declaration files; {@code out} (or null: stdout) goes into the header's command. */
    public static String java(List<Path> files, Path out) throws IOException {
        return ZUnixEmitter.render(command(false, out, files), names(files), map(files, MkSyscall::knownSys));
    }

    /** The Markdown coverage table for these declaration files; {@code tests} is scanned for calls. */
    public static String docs(List<Path> files, Path tests, Path out) throws IOException {
        List<JavaCall> calls = map(files, MkSyscall::knownSys);
        return DocsEmitter.render(command(true, out, files), calls, testedNames(tests, calls), tests.toString().replace('\\', '/'));
    }

    /** Parses and maps every file; declarations must have distinct Java names. */
    public static List<JavaCall> map(List<Path> files, Predicate<String> knownSys) throws IOException {
        List<SysDecl> decls = new ArrayList<>();
        for (Path f : files)
            decls.addAll(SysParser.parse(f.toString().replace('\\', '/'), Files.readString(f, StandardCharsets.UTF_8)));
        return mapDecls(decls, knownSys);
    }

    /** Maps parsed declarations, refusing two that would give the same Java name. */
    static List<JavaCall> mapDecls(List<SysDecl> decls, Predicate<String> knownSys) {
        List<JavaCall> calls = new ArrayList<>();
        Map<String, SysDecl> seen = new HashMap<>();
        for (SysDecl d : decls) {
            JavaCall c = JavaCall.of(d, knownSys);
            SysDecl first = seen.putIfAbsent(c.javaName(), d);
            if (first != null)
                throw d.error(d.nameCol(), "duplicate declaration " + d.name() + ": " + c.javaName()
                        + " is already declared at " + first.file() + ":" + first.line());
            calls.add(c);
        }
        return calls;
    }

    /** The Java for declarations given as text (tests): one virtual file, printed to stdout. */
    public static String javaOf(String fileName, String content) {
        List<JavaCall> calls = mapDecls(SysParser.parse(fileName, content), MkSyscall::knownSys);
        return ZUnixEmitter.render("./handoff mksyscall " + fileName, List.of(fileName), calls);
    }

    /** True when dev.handoff.syscall.SysNum has this constant. */
    static boolean knownSys(String sys) {
        try {
            dev.handoff.syscall.SysNum.class.getField(sys);
            return true;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    /** The exact command that regenerates this output; all *.sys of one directory collapse to a glob. */
    static String command(boolean docs, Path out, List<Path> files) {
        StringBuilder b = new StringBuilder("./handoff mksyscall");
        if (docs) b.append(" --docs");
        if (out != null) b.append(" --out ").append(out.toString().replace('\\', '/'));
        List<String> names = names(files);
        Path dir = files.isEmpty() ? null : files.getFirst().getParent();
        if (dir != null && names.equals(names(sysFiles(dir)))) {
            b.append(' ').append(dir.toString().replace('\\', '/')).append("/*.sys");
        } else {
            for (String n : names) b.append(' ').append(n);
        }
        return b.toString();
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(p -> p.toString().replace('\\', '/')).toList();
    }

    /** The *.sys files of a directory, sorted (as the shell's glob gives them). */
    public static List<Path> sysFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".sys")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Java names of the calls that the tests make, as {@code Unix.name(}: a raw call counts when its
     * hand-written wrapper of the same name is called. Tests of refused input (BadInput*) do not count.
     */
    static Set<String> testedNames(Path tests, List<JavaCall> calls) throws IOException {
        StringBuilder all = new StringBuilder();
        if (Files.isDirectory(tests)) {
            try (Stream<Path> s = Files.walk(tests)) {
                for (Path p : s.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().startsWith("BadInput")).sorted().toList())
                    all.append(Files.readString(p)).append('\n');
            }
        }
        Set<String> out = new TreeSet<>();
        for (JavaCall c : calls) {
            Matcher m = Pattern.compile("\\bUnix\\." + Pattern.quote(c.javaName()) + "\\s*\\(").matcher(all);
            if (m.find()) out.add(c.javaName());
        }
        return out;
    }

    /** Writes text to a temporary file next to target, then renames it over target: all or nothing. */
    public static void writeAtomically(Path target, String text) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MkSyscall()).execute(args));
    }
}

package dev.handoff.gen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;

/**
 * The emitter's output is valid Java for every type mapping, not just for the declarations we wrote:
 * random well-formed declarations over every supported parameter and result type (a fixed seed, so
 * a failure reproduces) are generated as one ZUnix and compiled by javac against the project's classes.
 */
class GeneratedJavaCompilesTest {
    @Test
    void randomSupportedDeclarationsCompile() throws IOException {
        Random rnd = new Random(20261126);
        List<String> types = MkSyscallPropertyTest.SUPPORTED;
        List<String> results = List.of("", "(err error)", "(n int, err error)", "(off int64, err error)", "(pid int)", "(x uintptr)");
        List<String> names = List.of("new", "class", "p", "buf", "len", "type", "int", "r", "a", "s");
        StringBuilder sys = new StringBuilder();
        int made = 0;
        for (int i = 0; made < 150; i++) {
            int n = rnd.nextInt(5);
            List<String> ps = new ArrayList<>();
            int regs = 0, bytes = 0;
            for (int j = 0; j < n; j++) {
                String t = types.get(rnd.nextInt(types.size()));
                regs += t.startsWith("[]") ? 2 : 1;
                if (t.equals("[]byte")) bytes++;
                ps.add(names.get(j * 2 + rnd.nextInt(2)) + " " + t);
            }
            if (regs > 6 || bytes > 1) continue;
            sys.append(rnd.nextBoolean() ? "//sys\t" : "//sysnb\t").append(i % 2 == 0 ? "G" : "g").append(i)
                    .append('(').append(String.join(", ", ps)).append(") ").append(results.get(rnd.nextInt(results.size())))
                    .append(" = SYS_GETPID\n");
            made++;
        }
        String generated = MkSyscall.javaOf("random.sys", sys.toString());

        Path dir = Files.createTempDirectory("zunix");
        try {
            Path src = dir.resolve("ZUnix.java");
            Files.writeString(src, generated);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            StringWriter out = new StringWriter();
            boolean ok = javac.getTask(out, null, null,
                    List.of("-d", dir.toString(), "-cp", "target/classes", "-Xlint:all", "-Werror", "-proc:none"),
                    null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(src)).call();
            assertTrue(ok, out + "\n" + sys);
        } finally {
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }
}

package dev.handoff.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The guard for the JIT hazard in the package overview ("Thread.currentThread() is stale in
 * compiled goroutine code"): goroutine-side code reads the current M only through
 * {@code Proc.currentM}, which C2 cannot inline. (The behaviour itself is tested by
 * GoTest.getgStaysRightWhileGoroutinesMoveBetweenMs and
 * GoroutineChanTest.hotParkingLoopsStayOnTheRightGoroutineUnderC2.)
 */
class CurrentThreadTest {
    /**
     * Methods allowed to call Thread.currentThread() directly: Proc's lookup itself, and code that
     * runs only on plain threads or on the M's own stack (never inside a goroutine's frames).
     */
    private static final Set<String> ALLOWED = Set.of(
            "dev/handoff/runtime/ThreadWaiter.<init>",          // a plain or virtual thread's waiter
            "dev/handoff/runtime/ThreadWaiter.parkForever",     // idem
            "dev/handoff/runtime/Go.run",                       // re-asserts an interrupt (plain threads only)
            "dev/handoff/runtime/Go.awaitUninterruptibly");     // idem

    @Test
    void currentMIsAnUninlinableCall() throws Exception {
        Field f = Proc.class.getDeclaredField("currentThread");
        assertTrue(Modifier.isStatic(f.getModifiers()));
        assertFalse(Modifier.isFinal(f.getModifiers()),
                "Proc.currentThread must not be final: C2 would inline a constant MethodHandle");
        assertEquals(java.lang.invoke.MethodHandle.class, f.getType());
    }

    @Test
    void goroutineSideCodeNeverReadsTheCurrentThreadInline() throws Exception {
        Set<String> found = new TreeSet<>();
        for (String pkg : List.of("runtime", "sync", "sync/semaphore", "time", "context")) {
            for (Path cls : classes(pkg)) {
                ClassModel cm;
                try (InputStream in = Files.newInputStream(cls)) {
                    cm = ClassFile.of().parse(in.readAllBytes());
                }
                for (MethodModel m : cm.methods()) {
                    boolean calls = m.code().map(code -> code.elementStream().anyMatch(e ->
                            e instanceof InvokeInstruction i
                                    && i.owner().asInternalName().equals("java/lang/Thread")
                                    && i.name().equalsString("currentThread"))).orElse(false);
                    if (calls) found.add(cm.thisClass().asInternalName() + "." + m.methodName().stringValue());
                }
            }
        }
        found.removeIf(ALLOWED::contains);
        assertEquals(Set.of(), found,
                "these read Thread.currentThread() inline; in a goroutine use Proc.currentM()/Sched.getg() (see package overview)");
    }

    private static List<Path> classes(String pkg) throws IOException, URISyntaxException {
        Path dir = Path.of(Proc.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/handoff/" + pkg);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".class")).toList();
        }
    }
}

package dev.handoff.runtime;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * How the program dies (Go's throw/fatal and fatalpanic): a report on stderr, then the runtime
 * shuts down. Under {@code Go.main} the report is followed by {@code Go.main} throwing
 * {@link FatalError}; a background runtime ({@code Go.start}) exits the JVM with status 2, as a Go
 * program does, unless {@code -Dhandoff.exitOnFatal=false}.
 */
final class Fatal {
    private Fatal() {}

    static void fatal(Sched s, String preamble, String msg) {
        fatal(s, preamble, msg, null);
    }

    /** Prints "fatal error: msg" and a goroutine dump, then ends the program. First caller wins. */
    static void fatal(Sched s, String preamble, String msg, Throwable cause) {
        synchronized (Fatal.class) {
            if (s.fatal != null || s.shutdown) return;
            StringBuilder b = new StringBuilder();
            if (preamble != null) b.append(preamble).append('\n');
            b.append("fatal error: ").append(msg).append("\n\n");
            if (cause != null) b.append(stack(cause)).append('\n');
            b.append(Diagnostics.dump(s));
            System.err.print(b);
            System.err.flush();
            die(s, new FatalError(msg, cause));
        }
    }

    /** A goroutine threw: report it as Go reports a panic, then end the program (unless a handler is installed). */
    static void goroutinePanic(G gp, Throwable e) {
        Sched s = gp.m.sched;
        Go.UncaughtExceptionHandler h = s.uncaughtHandler;
        if (h != null) {
            try {
                h.uncaught(gp.goid, e);
            } catch (Throwable t) {
                System.err.println("handoff: the uncaught-exception handler threw for goroutine " + gp.goid + ": " + t);
            }
            return;
        }
        synchronized (Fatal.class) {
            if (s.fatal != null || s.shutdown) return;
            System.err.print("panic: " + e + "\n\ngoroutine " + gp.goid + " [running]:\n" + stack(e) + "\n");
            System.err.flush();
            die(s, new FatalError("goroutine " + gp.goid + " panicked: " + e, e));
        }
    }

    private static void die(Sched s, FatalError f) {
        s.fatal = f;
        boolean exit = !s.mainRunning && Boolean.parseBoolean(System.getProperty("handoff.exitOnFatal", "true"));
        s.shutdown();
        if (exit) {
            Thread t = new Thread(() -> System.exit(2), "handoff-exit");
            t.start();
        }
    }

    static String stack(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}

package dev.handoff.runtime;

import static dev.handoff.runtime.Go.go;

import dev.handoff.sync.Mutex;

/** Programs that deadlock on channels, select and sync; run in a child JVM by ChanDeadlockTest. */
public final class ChanDeadlockPrograms {
    public static void main(String[] args) {
        try {
            run(args[0]);
        } catch (FatalError e) {
            System.exit(2); // Go's exit status for a fatal error; the runtime has printed the dump
        }
    }

    private static void run(String program) {
        switch (program) {
            case "recv" -> Go.main(() -> {
                Chan<Integer> c = Chan.make();
                go(() -> c.send(1));
                c.recv();
                c.recv(); // the sender is gone: nobody will ever send again
            });
            case "select" -> Go.main(() -> {
                Chan<Integer> a = Chan.make(), b = Chan.make(1);
                b.send(1);
                go(() -> b.send(2)); // parks: the buffer is full
                Select s = new Select();
                s.recv(a);
                s.send(b, 3);
                s.select();
            });
            case "nil" -> Go.main(() -> Chan.<Integer>nil().recv());
            case "mutex" -> Go.main(() -> {
                Mutex m = new Mutex();
                m.lock();
                m.lock();
            });
            default -> throw new IllegalArgumentException(program);
        }
    }
}

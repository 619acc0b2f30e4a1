import dev.handoff.sync.Mutex;
/**
 * Repro of a fixed bug (docs/benchmarks.md "Known problems": ThreadWaiter's release store of its wake
 * flag): 4 virtual threads lock one Handoff Mutex, 25,000 times each, round after round; prints
 * "HUNG in round N" when one of them never returns. Before the fix it hung in 1-10 % of one-second
 * JVMs here (2 cores); after it, 0 of 100. Build main (./handoff build), then:
 *   javac -cp target/classes -d /tmp/mx bench/extra/MutexVirtualHang.java
 *   java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED --add-exports java.base/jdk.internal.vm=ALL-UNNAMED \
 *        -cp target/classes:/tmp/mx MutexVirtualHang v 1      (v: virtual threads, p: platform; seconds)
 */
public class MutexVirtualHang {
  public static void main(String[] a) throws Exception {
    boolean virtual = a[0].equals("v");
    long end = System.nanoTime() + Long.parseLong(a[1]) * 1_000_000_000L;
    int rounds = 0;
    while (System.nanoTime() < end) {
      Mutex m = new Mutex(); int[] c = {0};
      Thread[] ts = new Thread[4];
      for (int i = 0; i < 4; i++) { Runnable r = () -> { for (int k = 0; k < 25_000; k++) { m.lock(); c[0]++; m.unlock(); } };
        ts[i] = virtual ? Thread.ofVirtual().start(r) : Thread.ofPlatform().start(r); }
      for (Thread t : ts) { t.join(10_000); if (t.isAlive()) { System.out.println("HUNG in round " + rounds + " state " + m); System.exit(1); } }
      if (c[0] != 100_000) { System.out.println("LOST " + c[0]); System.exit(1); }
      rounds++;
    }
    System.out.println("ok " + rounds + " rounds");
  }
}

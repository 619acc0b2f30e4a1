// The floor under the latency workload's eager handoff, for docs/benchmarks.md ("Handoff latency:
// what the tail is"): what this machine's kernel alone costs for "thread A wakes a parked thread B,
// then blocks in nanosleep(2 ms)", the two system calls Handoff's entersyscallblock makes (the
// futex wake of the idle M, then the blocking call), with no runtime, no JVM, nothing else.
//
//	gcc -O2 -pthread -o /tmp/wakefloor bench/extra/wakefloor.c
//	/tmp/wakefloor          # B sleeps in FUTEX_WAIT (what an idle M does)
//	/tmp/wakefloor spin     # B busy-waits instead (what a thread kept spinning would cost)
//
// Each round: A reads the clock (t0), sets the key and calls FUTEX_WAKE, then nanosleep(2 ms); B
// reads the clock (t1) when it runs; latency = t1 - t0, 1,000 rounds after 100 of warm-up (the
// latency workload's numbers). Also printed: how long the FUTEX_WAKE call itself takes in A.
// Prints p50/p90/p99/max in microseconds.
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static atomic_int key;
static atomic_long t1;
static atomic_int done;
static int spin;

static long now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void *b_thread(void *arg) {
  (void)arg;
  for (;;) {
    while (atomic_load(&key) == 0) {
      if (spin) __builtin_ia32_pause();
      else syscall(SYS_futex, &key, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    }
    atomic_store(&key, 0);
    atomic_store(&t1, now());
    atomic_store(&done, 1);
  }
  return NULL;
}

static int cmp(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return x < y ? -1 : x > y;
}

static void report(const char *what, long *v, int n) {
  qsort(v, n, sizeof(long), cmp);
  printf("%s p50 %.1f p90 %.1f p99 %.1f max %.1f us", what, v[n / 2] / 1e3, v[n * 9 / 10] / 1e3,
         v[n * 99 / 100] / 1e3, v[n - 1] / 1e3);
}

int main(int argc, char **argv) {
  enum { WARMUP = 100, ROUNDS = 1000 };
  spin = argc > 1 && strcmp(argv[1], "spin") == 0;
  long lat[ROUNDS], wake[ROUNDS];
  pthread_t b;
  pthread_create(&b, NULL, b_thread, NULL);
  struct timespec sleep = {0, 2000000};
  for (int i = 0; i < WARMUP + ROUNDS; i++) {
    atomic_store(&done, 0);
    long t0 = now();
    atomic_store(&key, 1);
    if (!spin) syscall(SYS_futex, &key, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    long tw = now();
    nanosleep(&sleep, NULL);
    while (!atomic_load(&done)) sched_yield();
    if (i >= WARMUP) {
      lat[i - WARMUP] = atomic_load(&t1) - t0;
      wake[i - WARMUP] = tw - t0;
    }
  }
  printf("%s: ", spin ? "spin" : "futex");
  report("wake->run", lat, ROUNDS);
  if (!spin) report("; FUTEX_WAKE call", wake, ROUNDS);
  printf("\n");
  return 0;
}

package dev.ec2runner.simulator.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * CPU time spent over a window of real time: by this JVM's threads, split into the operator's and the rest's, by
 * the whole JVM, and by the API server's processes (this JVM's children). Threads are sampled every second and each
 * is credited with its CPU time between its first and last sample, so a thread that ends within the window still
 * counts up to its last sample; what no thread accounts for (the JVM's own GC and compiler threads, and threads
 * that lived less than a second) shows as the JVM's remainder.
 */
final class CpuWindow {

  /** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every architecture it runs on. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  /**
   * The window's figures, in cores (CPU seconds per second).
   *
   * @param operatorThreads by thread name, digits folded ({@code ReconcilerExecutor-runner-#})
   * @param children each API server process by its command's file name ({@code kube-apiserver}, {@code etcd})
   */
  record Cores(double seconds, double operator, double otherThreads, double jvm,
      Map<String, Double> operatorThreads, Map<String, Double> otherThreadsByName, Map<String, Double> children) {

    double jvmRemainder() {
      return jvm - operator - otherThreads;
    }
  }

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final Predicate<Thread> operator;
  private final Map<Long, long[]> firstAndLast = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();
  private final Map<Long, Boolean> operatorIds = new HashMap<>();
  private final Map<String, Long> childrenAtStart;
  private final long startNanos;
  private final long jvmAtStart;
  private final Thread sampler;
  private volatile boolean open = true;

  private CpuWindow(Predicate<Thread> operator) {
    this.operator = operator;
    this.childrenAtStart = childTicks();
    this.jvmAtStart = os.getProcessCpuTime();
    this.startNanos = System.nanoTime();
    sample(true);
    this.sampler = new Thread(this::sampleEverySecond, "benchmark-cpu-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Opens a window now; {@code operator} says which threads are the operator's. */
  static CpuWindow open(Predicate<Thread> operator) {
    return new CpuWindow(operator);
  }

  /** Closes the window now and sums it up. */
  Cores close() throws InterruptedException {
    open = false;
    sampler.interrupt();
    sampler.join();
    sample(false);
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double jvm = (os.getProcessCpuTime() - jvmAtStart) / 1e9 / seconds;
    Map<String, Double> operatorThreads = new TreeMap<>();
    Map<String, Double> otherThreads = new TreeMap<>();
    firstAndLast.forEach((id, times) -> {
      double cores = (times[1] - times[0]) / 1e9 / seconds;
      (operatorIds.get(id) ? operatorThreads : otherThreads).merge(names.get(id).replaceAll("\\d+", "#"), cores,
          Double::sum);
    });
    Map<String, Double> children = new TreeMap<>();
    childTicks().forEach((name, ticks) -> children.put(name,
        (ticks - childrenAtStart.getOrDefault(name, 0L)) * NANOS_PER_TICK / 1e9 / seconds));
    return new Cores(seconds, sum(operatorThreads), sum(otherThreads), jvm, operatorThreads, otherThreads, children);
  }

  private void sampleEverySecond() {
    while (open) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      sample(false);
    }
  }

  /** Threads seen for the first time count from their start, except those already running when the window opened. */
  private synchronized void sample(boolean atOpen) {
    for (Thread thread : allThreads()) {
      long id = thread.getId();
      long cpu = threads.getThreadCpuTime(id);
      if (cpu < 0) {
        continue;
      }
      long[] times = firstAndLast.computeIfAbsent(id, key -> new long[] {atOpen ? cpu : 0, cpu});
      times[1] = cpu;
      names.putIfAbsent(id, thread.getName());
      operatorIds.putIfAbsent(id, operator.test(thread));
    }
  }

  private static List<Thread> allThreads() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] found = new Thread[root.activeCount() * 2 + 16];
    int count = root.enumerate(found, true);
    return Arrays.asList(found).subList(0, count);
  }

  private static double sum(Map<String, Double> cores) {
    return cores.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** User and system ticks of this JVM's child processes (the API server and etcd), by command file name. */
  private static Map<String, Long> childTicks() {
    Map<String, Long> ticks = new TreeMap<>();
    ProcessHandle.current().descendants().forEach(child -> {
      Optional<String> command = child.info().command().map(c -> Path.of(c).getFileName().toString());
      command.ifPresent(name -> ticks.merge(name, ticks(child.pid()), Long::sum));
    });
    return ticks;
  }

  /** Fields 14 and 15 of {@code /proc/PID/stat} (utime, stime), counted after the command's closing parenthesis. */
  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}

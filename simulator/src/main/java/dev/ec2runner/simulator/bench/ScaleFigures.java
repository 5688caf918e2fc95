package dev.ec2runner.simulator.bench;

import dev.ec2runner.simulator.sandbox.ApiRequests;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/** How {@link ScaleBenchmark} prints what it measured in a window. */
final class ScaleFigures {

  private static final int THREAD_NAMES_SHOWN = 8;

  private ScaleFigures() {
  }

  /** Kubernetes requests per minute by verb, then by verb and resource. */
  static void printKubernetes(ApiRequests requests, int windowMinutes) {
    if (requests.byVerbAndResource().isEmpty()) {
      System.out.println("Kubernetes requests: the API server's metrics could not be read");
      return;
    }
    System.out.println("Kubernetes requests (the API server's count, every client's):");
    requests.byVerb().forEach((verb, count) -> System.out.printf(Locale.ROOT, "%10.1f/min  %s%n",
        count / (double) windowMinutes, verb));
    requests.byVerbAndResource().forEach((key, count) -> System.out.printf(Locale.ROOT, "%10.1f/min    %s%n",
        count / (double) windowMinutes, key));
    System.out.printf(Locale.ROOT, "%10.1f/min  all Kubernetes requests%n", requests.byVerbAndResource().values()
        .stream().mapToLong(Long::longValue).sum() / (double) windowMinutes);
  }

  static void printCores(String title, CpuWindow.Cores cores) {
    System.out.printf(Locale.ROOT, "CPU %s over %.0f s, in cores: operator threads %.3f, other threads %.3f, rest"
        + " of the JVM (GC, compiler, threads shorter than a second) %.3f, whole JVM %.3f; %s%n", title,
        cores.seconds(), cores.operator(), cores.otherThreads(), cores.jvmRemainder(), cores.jvm(),
        cores.children());
    printTop("  operator threads", cores.operatorThreads());
    printTop("  other threads", cores.otherThreadsByName());
  }

  private static void printTop(String title, Map<String, Double> byName) {
    System.out.println(title + ":");
    byName.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
        .limit(THREAD_NAMES_SHOWN)
        .forEach(e -> System.out.printf(Locale.ROOT, "%10.3f  %s%n", e.getValue(), e.getKey()));
  }

  /** How many live threads pass the test. */
  static long liveThreads(Predicate<Thread> test) {
    return Thread.getAllStackTraces().keySet().stream().filter(test).count();
  }
}

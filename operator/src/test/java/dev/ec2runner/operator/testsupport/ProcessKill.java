package dev.ec2runner.operator.testsupport;

import dev.ec2runner.operator.faults.CallGate;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kills one operator process at a chosen step, as a pod kill would: at the n-th call of a kind, before it reaches the
 * outside world or right after it took effect. From then on nothing that process does reaches the cloud, GitHub or
 * the Kubernetes API: every call fails with {@link Killed}. Deterministic: no timing decides where it stops.
 */
public final class ProcessKill implements CallGate.Rule {

  /** What a call of a killed process gets instead of an answer. */
  public static final class Killed extends RuntimeException {
    Killed(String where) {
      super("operator process killed " + where, null, false, false);
    }
  }

  /** Where the kill happens: before or after the n-th call named {@code call} (e.g. {@code RunnerCloud.launch}). */
  public record At(String call, int nth, boolean afterEffect) {

    public static At before(String call) {
      return new At(call, 1, false);
    }

    public static At after(String call) {
      return new At(call, 1, true);
    }

    public static At after(String call, int nth) {
      return new At(call, nth, true);
    }
  }

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final CountDownLatch killed = new CountDownLatch(1);
  /** Set by {@link #before} on the thread whose call is the armed one, so its {@link #after} kills. */
  private final ThreadLocal<String> killAfterThisCall = new ThreadLocal<>();
  private volatile At at;
  private volatile String where;

  /** Arms the kill. */
  public void at(At point) {
    this.at = point;
  }

  public boolean isDead() {
    return killed.getCount() == 0;
  }

  /** Waits until the armed step was reached; false if it was not within the timeout. */
  public boolean awaitKill(long seconds) throws InterruptedException {
    return killed.await(seconds, TimeUnit.SECONDS);
  }

  /** Where the process died, for assertion messages. */
  public String where() {
    return where;
  }

  @Override
  public void before(CallGate.Call call) {
    killAfterThisCall.remove();
    if (isDead()) {
      throw new Killed("earlier (" + where + ")");
    }
    At point = at;
    if (point != null && point.call().equals(call.name())) {
      int n = counts.computeIfAbsent(call.name(), k -> new AtomicInteger()).incrementAndGet();
      if (n == point.nth()) {
        if (!point.afterEffect()) {
          kill("before " + call.name() + " #" + n);
        }
        killAfterThisCall.set("after " + call.name() + " #" + n);
      }
    }
  }

  @Override
  public void after(CallGate.Call call, Object result) {
    String step = killAfterThisCall.get();
    if (step != null) {
      killAfterThisCall.remove();
      kill(step);
    }
  }

  /** Fails every Kubernetes request once the process is dead. */
  public Interceptor kubernetesInterceptor() {
    return new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        if (isDead()) {
          throw new Killed("earlier (" + where + "): no request to " + request.uri().getPath());
        }
      }
    };
  }

  private synchronized void kill(String step) {
    if (!isDead()) {
      where = step;
      killed.countDown();
    }
    throw new Killed(step);
  }
}

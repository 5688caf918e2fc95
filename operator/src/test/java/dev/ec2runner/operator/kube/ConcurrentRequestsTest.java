package dev.ec2runner.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrentRequestsTest {

  private final ConcurrentRequests requests = new ConcurrentRequests("test-requests", 4);

  @AfterEach
  void close() {
    requests.close();
  }

  @Test
  void requestsRunTogetherAndTheirResultsComeBackInOrder() {
    // Each request waits until all three have started: they only finish if they run at the same time.
    CountDownLatch allStarted = new CountDownLatch(3);
    List<Supplier<String>> three = List.of(meet(allStarted, "a"), meet(allStarted, "b"), meet(allStarted, "c"));

    assertThat(requests.all(three)).containsExactly("a", "b", "c");
  }

  @Test
  void aSingleRequestRunsOnTheCallerAndMayAnswerNothing() {
    Thread caller = Thread.currentThread();
    Supplier<Void> write = () -> {
      assertThat(Thread.currentThread()).isSameAs(caller);
      return null;
    };

    assertThat(requests.all(List.of(write))).containsExactly((Void) null);
  }

  @Test
  void aFailureComesBackOnlyOnceEveryOtherRequestHasSettled() {
    CountDownLatch failed = new CountDownLatch(1);
    Set<String> done = ConcurrentHashMap.newKeySet();
    Supplier<String> failing = () -> {
      failed.countDown();
      throw new IllegalStateException("refused");
    };
    Supplier<String> slower = () -> {
      await(failed);
      done.add("slower");
      return "slower";
    };

    assertThatThrownBy(() -> requests.all(List.of(failing, slower))).hasRootCauseMessage("refused");
    assertThat(done).containsExactly("slower");
  }

  @Test
  void closeWaitsForTheRequestsStillRunning() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(2);
    Set<String> done = ConcurrentHashMap.newKeySet();
    Thread reconcile = new Thread(() -> requests.all(List.of(
        () -> {
          started.countDown();
          await(started);
          done.add("first");
          return 1;
        },
        () -> {
          started.countDown();
          await(started);
          done.add("second");
          return 2;
        })));
    reconcile.start();
    started.await();

    requests.close();

    assertThat(done).containsExactlyInAnyOrder("first", "second");
    reconcile.join();
  }

  private static Supplier<String> meet(CountDownLatch allStarted, String result) {
    return () -> {
      allStarted.countDown();
      await(allStarted);
      return result;
    };
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

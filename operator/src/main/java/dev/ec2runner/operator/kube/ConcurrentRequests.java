package dev.ec2runner.operator.kube;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Issues a reconcile's independent Kubernetes requests a few at a time and waits for all of them before the
 * reconcile goes on: at high webhook rates one reconcile of a pool creates tens of Runners and writes tens of job
 * statuses, and one round trip after the other made the pool's next reconcile wait for their sum.
 *
 * <p>Nothing is left in flight once {@link #all} returns, so what a reconcile created is in the informer's cache
 * before the pool's next reconcile plans. {@link #close} waits for requests still running (a stop that gave up on a
 * reconcile), so that a successor process, which counts the pool's Runners from the API server, sees every one.
 */
public final class ConcurrentRequests implements AutoCloseable {

  /** A request takes at most fabric8's request timeout; a stop waits a little longer for the last ones. */
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final ExecutorService executor;

  public ConcurrentRequests(String name, int concurrency) {
    this.executor = Executors.newFixedThreadPool(concurrency, task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Runs every request and returns their results in order, once all are done; a single one runs on the caller. */
  public <T> List<T> all(List<Supplier<T>> requests) {
    if (requests.size() == 1) {
      return Collections.singletonList(requests.get(0).get());
    }
    List<CompletableFuture<T>> running = requests.stream()
        .map(request -> CompletableFuture.supplyAsync(request, executor))
        .toList();
    // Every request settles before a failure propagates: none may still be in flight when the reconcile ends.
    CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).exceptionally(failure -> null).join();
    return running.stream().map(CompletableFuture::join).toList();
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

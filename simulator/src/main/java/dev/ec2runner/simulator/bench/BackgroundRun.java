package dev.ec2runner.simulator.bench;

import dev.ec2runner.simulator.sandbox.SandboxResult;
import dev.ec2runner.simulator.sandbox.SandboxRun;
import java.util.concurrent.atomic.AtomicReference;

/** A sandbox run on its own thread, for benchmarks that measure it while it runs and stop it when done. */
final class BackgroundRun {

  private final Thread thread;
  private final AtomicReference<SandboxResult> result = new AtomicReference<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private BackgroundRun(SandboxRun run) {
    this.thread = new Thread(() -> {
      try {
        result.set(run.run());
      } catch (InterruptedException e) {
        // stopped by the benchmark
      } catch (Exception | Error e) {
        failure.set(e);
      }
    }, "benchmark-sandbox");
  }

  static BackgroundRun start(SandboxRun run) {
    BackgroundRun background = new BackgroundRun(run);
    background.thread.start();
    return background;
  }

  boolean alive() {
    return thread.isAlive();
  }

  /** Interrupts the run (it closes everything it started) and waits for it. */
  void stop() throws InterruptedException {
    thread.interrupt();
    thread.join();
    if (failure.get() != null) {
      throw new IllegalStateException("the sandbox run failed", failure.get());
    }
  }

  /** Waits for the run to finish by itself. */
  SandboxResult await() throws InterruptedException {
    thread.join();
    if (failure.get() != null) {
      throw new IllegalStateException("the sandbox run failed", failure.get());
    }
    return result.get();
  }
}

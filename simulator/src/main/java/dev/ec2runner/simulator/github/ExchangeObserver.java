package dev.ec2runner.simulator.github;

/** Sees every request the simulated GitHub answers, after the answer is sent. */
@FunctionalInterface
public interface ExchangeObserver {

  ExchangeObserver NONE = exchange -> { };

  void observe(Exchange exchange);
}

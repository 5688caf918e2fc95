package dev.ec2runner.simulator.sandbox;

/** Where a running sandbox shows its progress: a terminal, a log, or nowhere. */
@FunctionalInterface
public interface LiveView {

  LiveView NONE = snapshot -> { };

  /** Called from the run's thread every refresh, and once more when a phase of the run ends. */
  void show(LiveSnapshot snapshot);
}

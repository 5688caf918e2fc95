package dev.ec2runner.simulator.sandbox;

import java.util.List;

/**
 * What a sandbox run produced: one run per strategy (two for a comparison, the operator's first) and, for a
 * comparison, the ratios.
 */
public record SandboxResult(List<RunResult> runs, Comparison comparison) {

  public SandboxResult {
    runs = List.copyOf(runs);
  }

  /** Whether every run met its invariants (every job served, no pool above its cap, nothing leaked). */
  public boolean healthy() {
    return runs.stream().allMatch(run -> run.report().healthy());
  }
}

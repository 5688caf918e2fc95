package dev.ec2runner.operator.bootstrap.fake;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import dev.ec2runner.operator.github.fake.SimulatedJob;
import dev.ec2runner.operator.github.fake.SimulatedRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What one agent tick reads from GitHub once and shares among all agents: registrations and queued jobs. */
final class TickView {

  private final SimulatedGitHub github;
  private final Map<String, Set<String>> namesByScope = new HashMap<>();
  private List<SimulatedJob> queued;

  TickView(SimulatedGitHub github) {
    this.github = github;
  }

  /** Whether the agent's runner is still registered in its scope. */
  boolean registered(RunnerAgent agent) {
    PoolScope scope = agent.scope;
    return namesByScope.computeIfAbsent(scope.key(), key -> github.runners(scope).stream()
        .map(SimulatedRunner::name).collect(Collectors.toSet())).contains(agent.runnerName);
  }

  /** Jobs waiting for a runner, minus those taken earlier in this tick. */
  List<SimulatedJob> queued() {
    if (queued == null) {
      queued = new ArrayList<>(github.queuedJobs());
    }
    return queued;
  }

  void taken(long jobId) {
    queued().removeIf(job -> job.id() == jobId);
  }
}

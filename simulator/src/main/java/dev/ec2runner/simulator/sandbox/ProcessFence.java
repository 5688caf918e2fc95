package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.operator.OperatorComponents;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.faults.CallGate;
import dev.ec2runner.operator.github.GitHubClients;
import java.util.List;

/**
 * What a pod kill does to a stopped operator process's outside world: once closed, every call it still makes to the
 * cloud or GitHub fails. A stop waits only so long for running reconciles, and in one JVM a straggler would otherwise
 * act after its successor started, which no killed pod can.
 */
final class ProcessFence implements CallGate.Rule {

  private volatile boolean closed;

  /** The components, reachable only while this fence is open (a pool's GitHub client too: the gate wraps it). */
  OperatorComponents guard(OperatorComponents components) {
    CallGate gate = new CallGate(List.of(this));
    return new OperatorComponents(gate.wrap(RunnerCloud.class, components.cloud()),
        gate.wrap(GitHubClients.class, components.gitHubClients()), components.clock());
  }

  void close() {
    closed = true;
  }

  @Override
  public void before(CallGate.Call call) {
    if (closed) {
      throw new IllegalStateException("operator process stopped: no more calls to " + call.name());
    }
  }
}

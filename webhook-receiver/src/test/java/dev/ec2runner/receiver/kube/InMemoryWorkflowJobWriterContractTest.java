package dev.ec2runner.receiver.kube;

import dev.ec2runner.api.v1alpha1.WorkflowJobSpec;
import dev.ec2runner.receiver.testing.InMemoryWorkflowJobWriter;
import java.util.Optional;

/** The tests' in-memory writer, held to the same contract as the one on the real API server. */
class InMemoryWorkflowJobWriterContractTest extends WorkflowJobWriterContract {

  private final InMemoryWorkflowJobWriter writer = new InMemoryWorkflowJobWriter();

  @Override
  protected WorkflowJobWriter writer() {
    return writer;
  }

  @Override
  protected WorkflowJobWriter unreachableWriter() {
    writer.failWhileUnavailable(true);
    return writer;
  }

  @Override
  protected String namespace() {
    return "ci";
  }

  @Override
  protected Optional<WorkflowJobSpec> stored(String name) {
    return writer.job("ci", name);
  }
}

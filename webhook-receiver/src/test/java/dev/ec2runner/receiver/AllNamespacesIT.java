package dev.ec2runner.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.receiver.testing.MockKubernetes;
import dev.ec2runner.receiver.testing.Payloads;
import dev.ec2runner.receiver.testing.RunningReceiver;
import dev.ec2runner.receiver.testing.TestPools;
import dev.ec2runner.receiver.testing.WebhookClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With --all-namespaces the receiver reads pools everywhere and writes each job next to the pool that serves it. */
class AllNamespacesIT {

  private final MockKubernetes kubernetes = new MockKubernetes();
  private RunningReceiver receiver;

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
    kubernetes.close();
  }

  @Test
  void writesEachJobIntoItsPoolsNamespace() {
    // team-a holds the repository pool; team-b an organization pool for GPU jobs.
    List<RunnerPool> pools = TestPools.load();
    kubernetes.client().resources(RunnerPool.class).inNamespace("team-a").resource(pools.get(0)).create();
    kubernetes.client().resources(RunnerPool.class).inNamespace("team-b").resource(pools.get(1)).create();
    receiver = new RunningReceiver(kubernetes, null);
    WebhookClient github = receiver.webhooks();

    byte[] linuxJob = Payloads.example(Payloads.QUEUED).jobId(101).labels("self-hosted", "linux").bytes();
    byte[] gpuJob = Payloads.example(Payloads.QUEUED).jobId(102).labels("self-hosted", "gpu").bytes();

    assertThat(github.deliver("workflow_job", linuxJob).body().path("workflowJob").asText()).isEqualTo("team-a/job-101");
    assertThat(github.deliver("workflow_job", gpuJob).body().path("workflowJob").asText()).isEqualTo("team-b/job-102");
    assertThat(kubernetes.workflowJob("team-a", "job-101")).isNotNull();
    assertThat(kubernetes.workflowJob("team-b", "job-102").getSpec().getLabels()).containsExactly("self-hosted", "gpu");
    assertThat(kubernetes.workflowJobs("team-a")).hasSize(1);
    assertThat(kubernetes.workflowJobs("team-b")).hasSize(1);
  }

  @Test
  void aSingleNamespaceReceiverSeesOnlyItsOwnPools() {
    List<RunnerPool> pools = TestPools.load();
    kubernetes.client().resources(RunnerPool.class).inNamespace("team-b").resource(pools.get(1)).create();
    receiver = new RunningReceiver(kubernetes, "team-a");

    byte[] gpuJob = Payloads.example(Payloads.QUEUED).jobId(102).labels("self-hosted", "gpu").bytes();
    assertThat(receiver.webhooks().deliver("workflow_job", gpuJob).outcome()).isEqualTo("unmatched");
  }
}

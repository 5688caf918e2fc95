package dev.ec2runner.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.api.v1alpha1.WorkflowJobSpec;
import dev.ec2runner.operator.job.InterruptedJobReruns;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the sandbox reads of the operator's records on the real API server to tell when a run is over. */
class SandboxClusterIT {

  @Test
  void aLostJobAwaitsItsRerunUntilTheOperatorRecordsItsDecisionOrTheJobIsGone() {
    KubernetesTarget.ExistingCluster target = SharedServer.target();
    try (SandboxCluster cluster = SandboxCluster.open(target, List.of())) {
      try {
        check(cluster, target.namespace());
      } finally {
        cluster.leave(Duration.ofSeconds(30));
      }
    }
  }

  private static void check(SandboxCluster cluster, String namespace) {
    WorkflowJob job = new WorkflowJob();
    job.setMetadata(new ObjectMetaBuilder().withName(WorkflowJob.nameFor(41)).withNamespace(namespace)
        .withAnnotations(Map.of("ec2runner.dev/interrupted-runner", "linux-aaaaa")).build());
    job.setSpec(new WorkflowJobSpec().withJobId(41L).withRunId(410L).withRunAttempt(1).withName("build")
        .withRepository("acme/app").withOrganization("acme").withLabels(List.of("self-hosted"))
        .withSource("workflow_job").withState("completed").withConclusion("failure"));
    cluster.client().resource(job).create();

    assertThat(cluster.rerunsDecided(List.of(41L))).isFalse();
    // A job the cluster never had: nothing the operator could rerun.
    assertThat(cluster.rerunsDecided(List.of(42L))).isTrue();

    cluster.client().resource(job).edit(j -> {
      j.getMetadata().getAnnotations().put(InterruptedJobReruns.RERUN, "requested");
      return j;
    });
    assertThat(cluster.rerunsDecided(List.of(41L, 42L))).isTrue();
  }
}

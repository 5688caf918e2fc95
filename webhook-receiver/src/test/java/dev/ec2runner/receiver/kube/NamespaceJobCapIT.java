package dev.ec2runner.receiver.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.receiver.event.JobEvent;
import dev.ec2runner.receiver.event.JobSource;
import dev.ec2runner.receiver.event.JobState;
import dev.ec2runner.receiver.kube.WorkflowJobWriter.Result;
import dev.ec2runner.testkit.kube.KubeApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A namespace holding its cap of WorkflowJobs takes no new job (the receiver answers 503 with the reason, so GitHub
 * keeps the delivery for redelivery), while events of jobs it already holds still go through; below the cap, or
 * in another namespace, new jobs are recorded. Against the real API server, which counts the namespace's objects.
 */
class NamespaceJobCapIT {

  private static final int CAP = 3;

  private final KubeApiServer server = KubeApiServer.shared();
  private final KubernetesClient client = server.adminClient();
  private final String namespace = server.createNamespace("cap");
  private final String other = server.createNamespace("cap-other");
  private final WorkflowJobWriter writer = new NamespaceJobCap(client, new KubernetesWorkflowJobWriter(client), CAP);

  @AfterEach
  void clean() {
    server.clean(namespace);
    server.clean(other);
  }

  private static JobEvent event(long id, JobState state) {
    boolean started = state != JobState.QUEUED;
    return new JobEvent(JobSource.WORKFLOW_JOB, id, state, "octo/repo", "octo", null, List.of("self-hosted"), 1L,
        2L, 1, "build", "CI", started ? "runner-" + id : null, started ? 7L : null, "2024-01-01T00:00:00Z",
        started ? "2024-01-01T00:01:00Z" : null, null, null);
  }

  @Test
  void aFullNamespaceRefusesNewJobsButTakesEventsOfTheOnesItHolds() {
    for (long id = 1; id <= CAP; id++) {
      assertThat(writer.write(namespace, event(id, JobState.QUEUED), "d-" + id)).isEqualTo(Result.CREATED);
    }

    assertThatThrownBy(() -> writer.write(namespace, event(CAP + 1, JobState.QUEUED), "d-new"))
        .isInstanceOf(KubernetesUnavailableException.class)
        .hasMessageContaining("namespace " + namespace + " holds 3 WorkflowJobs")
        .hasMessageContaining("--max-jobs-per-namespace 3").hasMessageContaining("redelivery");
    assertThat(client.resources(WorkflowJob.class).inNamespace(namespace).list().getItems()).hasSize(CAP);

    assertThat(writer.write(namespace, event(1, JobState.IN_PROGRESS), "d-progress")).isEqualTo(Result.UPDATED);
    assertThat(writer.write(other, event(CAP + 1, JobState.QUEUED), "d-elsewhere")).isEqualTo(Result.CREATED);

    client.resources(WorkflowJob.class).inNamespace(namespace).withName(WorkflowJob.nameFor(2)).delete();
    assertThat(writer.write(namespace, event(CAP + 1, JobState.QUEUED), "d-redelivered")).isEqualTo(Result.CREATED);
  }
}

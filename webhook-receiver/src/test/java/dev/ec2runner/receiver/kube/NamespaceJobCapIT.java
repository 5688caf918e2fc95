package dev.ec2runner.receiver.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.receiver.event.JobEvent;
import dev.ec2runner.receiver.event.JobSource;
import dev.ec2runner.api.JobState;
import dev.ec2runner.receiver.kube.WorkflowJobWriter.Result;
import dev.ec2runner.receiver.testing.KubernetesTestServer;
import dev.ec2runner.receiver.testing.Received;
import dev.ec2runner.receiver.testing.ReceiverExtension;
import dev.ec2runner.receiver.testing.ReceiverWorld;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A namespace holding its cap of WorkflowJobs takes no new job (the receiver answers 503 with the reason, so GitHub
 * keeps the delivery for redelivery), while events of jobs it already holds still go through; below the cap, or
 * in another namespace, new jobs are recorded. Against the real API server, which counts the namespace's objects.
 */
class NamespaceJobCapIT {

  private static final int CAP = 3;

  @RegisterExtension
  final ReceiverExtension world = ReceiverExtension.of(ReceiverWorld.builder().withoutPools().withoutReceiver());

  @Received
  private KubernetesTestServer kubernetes;
  @Received
  private String namespace;

  /** The writer as the receiver wires it with --max-jobs-per-namespace, as the administrator. */
  private WorkflowJobWriter cappedAt(int cap) {
    KubernetesClient client = kubernetes.client();
    return new NamespaceJobCap(client, new KubernetesWorkflowJobWriter(client), cap);
  }

  private static JobEvent event(long id, JobState state) {
    boolean started = state != JobState.QUEUED;
    return new JobEvent(JobSource.WORKFLOW_JOB, id, state, "octo/repo", "octo", null, List.of("self-hosted"), 1L,
        2L, 1, "build", "CI", started ? "runner-" + id : null, started ? 7L : null, "2024-01-01T00:00:00Z",
        started ? "2024-01-01T00:01:00Z" : null, null, null);
  }

  @Test
  void aFullNamespaceRefusesNewJobsButTakesEventsOfTheOnesItHolds() {
    String other = kubernetes.createNamespace("cap-other");
    WorkflowJobWriter writer = cappedAt(CAP);
    for (long id = 1; id <= CAP; id++) {
      assertThat(writer.write(namespace, event(id, JobState.QUEUED), "d-" + id)).isEqualTo(Result.CREATED);
    }

    assertThatThrownBy(() -> writer.write(namespace, event(CAP + 1, JobState.QUEUED), "d-new"))
        .isInstanceOf(KubernetesUnavailableException.class)
        .hasMessageContaining("namespace " + namespace + " holds 3 WorkflowJobs")
        .hasMessageContaining("--max-jobs-per-namespace 3").hasMessageContaining("redelivery");
    assertThat(kubernetes.client().resources(WorkflowJob.class).inNamespace(namespace).list().getItems()).hasSize(CAP);

    assertThat(writer.write(namespace, event(1, JobState.IN_PROGRESS), "d-progress")).isEqualTo(Result.UPDATED);
    assertThat(writer.write(other, event(CAP + 1, JobState.QUEUED), "d-elsewhere")).isEqualTo(Result.CREATED);

    kubernetes.client().resources(WorkflowJob.class).inNamespace(namespace).withName(WorkflowJob.nameFor(2)).delete();
    assertThat(writer.write(namespace, event(CAP + 1, JobState.QUEUED), "d-redelivered")).isEqualTo(Result.CREATED);
  }

  @Test
  void farBelowTheCapANamespaceIsCountedOnceASecondNotOncePerDelivery() {
    AtomicInteger lists = new AtomicInteger();
    KubernetesClient counting = kubernetes.cluster().newClient(new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        if ("GET".equals(request.method()) && request.uri().getPath().endsWith("/workflowjobs")) {
          lists.incrementAndGet();
        }
      }
    });
    WorkflowJobWriter farBelow = new NamespaceJobCap(counting, new KubernetesWorkflowJobWriter(counting), 1000);

    long started = System.nanoTime();
    for (long id = 1; id <= 20; id++) {
      assertThat(farBelow.write(namespace, event(id, JobState.QUEUED), "d-" + id)).isEqualTo(Result.CREATED);
    }
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

    // One count per started second of writing, not twenty.
    assertThat(lists.get()).isBetween(1, (int) seconds + 1);
  }

  @Test
  void nearTheCapEveryNewJobIsCountedAfresh() {
    WorkflowJobWriter writer = cappedAt(5);
    for (long id = 1; id <= 5; id++) {
      writer.write(namespace, event(id, JobState.QUEUED), "d-" + id);
    }
    assertThatThrownBy(() -> writer.write(namespace, event(6, JobState.QUEUED), "d-6"))
        .hasMessageContaining("holds 5 WorkflowJobs");

    kubernetes.client().resources(WorkflowJob.class).inNamespace(namespace).withName(WorkflowJob.nameFor(1)).delete();
    assertThat(writer.write(namespace, event(6, JobState.QUEUED), "d-6-again")).isEqualTo(Result.CREATED);
  }

  @Test
  void aResourceQuotaRefusalIsReportedAsTheQuotaNotAsRbac() {
    String quotaKey = "count/workflowjobs.ec2runner.dev";
    kubernetes.client().resourceQuotas().inNamespace(namespace).resource(new ResourceQuotaBuilder().withNewMetadata()
        .withName("ec2-runner-objects").endMetadata().withNewSpec().addToHard(quotaKey, new Quantity("1")).endSpec()
        .build()).create();
    // A bare API server runs no quota controller: its status, which admission charges against, is set here as the
    // controller would set it.
    kubernetes.client().resourceQuotas().inNamespace(namespace).withName("ec2-runner-objects").editStatus(quota -> {
      quota.setStatus(new ResourceQuotaStatusBuilder().addToHard(quotaKey, new Quantity("1"))
          .addToUsed(quotaKey, new Quantity("0")).build());
      return quota;
    });
    WorkflowJobWriter uncapped = cappedAt(0);
    assertThat(uncapped.write(namespace, event(1, JobState.QUEUED), "d-1")).isEqualTo(Result.CREATED);

    assertThatThrownBy(() -> uncapped.write(namespace, event(2, JobState.QUEUED), "d-2"))
        .isInstanceOf(KubernetesUnavailableException.class)
        .hasMessageContaining("namespace " + namespace + " is at its ResourceQuota for WorkflowJobs")
        .hasMessageContaining("exceeded quota: ec2-runner-objects")
        .hasMessageNotContaining("RBAC");
  }

  /**
   * A receiver installed by an older chart may read, create and update WorkflowJobs but not list them, so it cannot
   * count a namespace: it records jobs without the cap rather than refusing every one.
   */
  @Test
  void aReceiverNotAllowedToListWorkflowJobsRecordsThemWithoutTheCap() {
    kubernetes.client().rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata()
        .withName("receiver-without-list").endMetadata().addNewRule().withApiGroups("ec2runner.dev")
        .withResources("workflowjobs").withVerbs("get", "create", "update", "patch").endRule().build()).create();
    kubernetes.client().rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
        .withName("receiver-without-list").endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role").withName("receiver-without-list").endRoleRef().addNewSubject().withKind("ServiceAccount")
        .withNamespace(namespace).withName("receiver").endSubject().build()).create();
    KubernetesClient receiver = kubernetes.cluster().clientAs(namespace, "receiver");
    WorkflowJobWriter capped = new NamespaceJobCap(receiver, new KubernetesWorkflowJobWriter(receiver), 1);

    for (long id = 1; id <= 3; id++) {
      assertThat(capped.write(namespace, event(id, JobState.QUEUED), "d-" + id)).isEqualTo(Result.CREATED);
    }
    assertThat(capped.write(namespace, event(1, JobState.IN_PROGRESS), "d-progress")).isEqualTo(Result.UPDATED);
    assertThat(kubernetes.client().resources(WorkflowJob.class).inNamespace(namespace).list().getItems()).hasSize(3);
  }
}

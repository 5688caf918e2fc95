package dev.ec2runner.receiver.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.api.v1alpha1.WorkflowJobSpec;
import dev.ec2runner.api.JobState;
import dev.ec2runner.receiver.event.JobEvent;
import dev.ec2runner.receiver.kube.WorkflowJobWriter.Result;
import dev.ec2runner.receiver.testing.KubernetesTestServer;
import dev.ec2runner.receiver.testing.Received;
import dev.ec2runner.receiver.testing.ReceiverExtension;
import dev.ec2runner.receiver.testing.ReceiverWorld;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The writer against the real API server, as the receiver's ServiceAccount: the writers' contract, and what only a
 * real server has: another writer slipped in between its read and its write (by an interceptor on its client) so
 * that the server answers a real 409, and resource versions.
 */
class KubernetesWorkflowJobWriterIT extends WorkflowJobWriterContract {

  @RegisterExtension
  final ReceiverExtension world = ReceiverExtension.of(ReceiverWorld.builder().withoutPools().withoutReceiver());

  @Received
  private KubernetesTestServer kubernetes;
  @Received
  private String namespace;
  private KubernetesClient unreachable;

  @Override
  protected WorkflowJobWriter writer() {
    return new KubernetesWorkflowJobWriter(kubernetes.receiverClient(namespace));
  }

  /** A writer of a client to a port nothing listens on, which refuses the connection as a stopped API server's does. */
  @Override
  protected WorkflowJobWriter unreachableWriter() {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:" + closedPort).build();
    unreachable = new KubernetesClientBuilder().withConfig(BoundedClientConfig.of(config)).build();
    return new KubernetesWorkflowJobWriter(unreachable);
  }

  @Override
  protected String namespace() {
    return namespace;
  }

  @Override
  protected Optional<WorkflowJobSpec> stored(String name) {
    return Optional.ofNullable(kubernetes.workflowJob(namespace, name)).map(WorkflowJob::getSpec);
  }

  @AfterEach
  void closeUnreachableClient() {
    if (unreachable != null) {
      unreachable.close();
    }
  }

  /** Before each of the first {@code races} updates (PUT) of the writer, another writer stores the given event. */
  private KubernetesClient racingClient(int races, JobEvent rival) {
    KubernetesClient other = kubernetes.receiverClient(namespace);
    AtomicInteger remaining = new AtomicInteger(races);
    WorkflowJobWriter rivalWriter = new KubernetesWorkflowJobWriter(other);
    AtomicInteger rivalDelivery = new AtomicInteger();
    return kubernetes.receiverClient(namespace, new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        if (request.method().equals("PUT") && remaining.getAndDecrement() > 0) {
          // Touch the object so its resourceVersion moves even when the rival's merge adds nothing new.
          WorkflowJob current = other.resources(WorkflowJob.class).inNamespace(namespace).withName("job-" + ID).get();
          current.getMetadata().setLabels(java.util.Map.of("touched", String.valueOf(rivalDelivery.incrementAndGet())));
          other.resource(current).update();
          rivalWriter.write(namespace, rival, "rival-" + rivalDelivery.get());
        }
      }
    });
  }

  @Test
  void aDuplicateDeliveryWritesNothing() {
    WorkflowJobWriter writer = writer();
    writer.write(namespace, event(JobState.QUEUED, null, null), "d1");
    writer.write(namespace, event(JobState.IN_PROGRESS, "runner-1", null), "d2");
    String version = kubernetes.workflowJob(namespace, "job-" + ID).getMetadata().getResourceVersion();

    assertThat(writer.write(namespace, event(JobState.IN_PROGRESS, "runner-1", null), "d2")).isEqualTo(Result.UNCHANGED);
    assertThat(kubernetes.workflowJob(namespace, "job-" + ID).getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void aLostRaceIsRetriedAndNeitherUpdateIsLost() {
    new KubernetesWorkflowJobWriter(kubernetes.receiverClient(namespace)).write(namespace, event(JobState.QUEUED, null, null), "d1");
    // The rival records that a runner took the job; our delivery says the job completed (and names no runner).
    KubernetesClient client = racingClient(1, event(JobState.IN_PROGRESS, "runner-x", null));

    Result result = new KubernetesWorkflowJobWriter(client).write(namespace, event(JobState.COMPLETED, null, "cancelled"), "d3");

    assertThat(result).isEqualTo(Result.UPDATED);
    WorkflowJobSpec spec = kubernetes.workflowJob(namespace, "job-" + ID).getSpec();
    assertThat(spec.getState()).isEqualTo("completed");
    assertThat(spec.getConclusion()).isEqualTo("cancelled");
    assertThat(spec.getRunnerName()).as("the rival's update survives").isEqualTo("runner-x");
    assertThat(spec.getDeliveryId()).isEqualTo("d3");
  }

  @Test
  void twoFirstSightsOfOneJobEndInOneObject() {
    // Both writers find nothing; the rival creates first, so our create answers 409 and we merge into its object.
    KubernetesClient other = kubernetes.receiverClient(namespace);
    AtomicInteger created = new AtomicInteger();
    KubernetesClient client = kubernetes.receiverClient(namespace, new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        if (request.method().equals("POST") && created.getAndIncrement() == 0) {
          new KubernetesWorkflowJobWriter(other).write(namespace, event(JobState.IN_PROGRESS, "runner-x", null), "rival");
        }
      }
    });

    Result result = new KubernetesWorkflowJobWriter(client).write(namespace, event(JobState.QUEUED, null, null), "d1");

    assertThat(result).as("the queued event adds nothing to the in_progress job").isEqualTo(Result.UNCHANGED);
    assertThat(kubernetes.workflowJobs(namespace)).hasSize(1);
    assertThat(kubernetes.workflowJob(namespace, "job-" + ID).getSpec().getState()).isEqualTo("in_progress");
  }

  @Test
  void givesUpAfterAFewLostRacesSoGitHubCanRedeliver() {
    new KubernetesWorkflowJobWriter(kubernetes.receiverClient(namespace)).write(namespace, event(JobState.QUEUED, null, null), "d1");
    KubernetesClient client = racingClient(Integer.MAX_VALUE, event(JobState.QUEUED, null, null));

    assertThatThrownBy(() -> new KubernetesWorkflowJobWriter(client).write(namespace, event(JobState.COMPLETED, null, "success"), "d3"))
        .isInstanceOf(KubernetesUnavailableException.class)
        .hasMessage("concurrent writes kept conflicting");
  }

}

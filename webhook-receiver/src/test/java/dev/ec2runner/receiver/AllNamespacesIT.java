package dev.ec2runner.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.matching.NamespaceScopes;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.receiver.testing.KubernetesTestServer;
import dev.ec2runner.receiver.testing.Payloads;
import dev.ec2runner.receiver.testing.Received;
import dev.ec2runner.receiver.testing.ReceiverExtension;
import dev.ec2runner.receiver.testing.ReceiverWorld;
import dev.ec2runner.receiver.testing.RunningReceiver;
import dev.ec2runner.receiver.testing.TestPools;
import dev.ec2runner.receiver.testing.WebhookClient;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With --all-namespaces the receiver reads pools everywhere and writes each job next to the pool that serves it, with
 * the chart's cluster-wide rules; with one namespace or several it sees exactly their pools, with the chart's rules in
 * each of them; pools outside their namespace's allowed scopes take no jobs.
 */
class AllNamespacesIT {

  // Each test places the pools, then starts a receiver of its own configuration to find them.
  @RegisterExtension
  final ReceiverExtension world = ReceiverExtension.of(ReceiverWorld.builder().withoutPools().withoutReceiver());

  @Received
  private KubernetesTestServer kubernetes;
  // team-a holds the repository pool; team-b an organization pool for GPU jobs.
  private String teamA;
  private String teamB;

  @BeforeEach
  void createTeams() {
    teamA = kubernetes.createNamespace("team-a");
    teamB = kubernetes.createNamespace("team-b");
  }

  @Test
  void writesEachJobIntoItsPoolsNamespace() {
    List<RunnerPool> pools = TestPools.load();
    kubernetes.client().resources(RunnerPool.class).inNamespace(teamA).resource(pools.get(0)).create();
    kubernetes.client().resources(RunnerPool.class).inNamespace(teamB).resource(pools.get(1)).create();
    try (RunningReceiver receiver = RunningReceiver.on(kubernetes, null)) {
      WebhookClient github = receiver.webhooks();

      byte[] linuxJob = Payloads.example(Payloads.QUEUED).jobId(101).labels("self-hosted", "linux").bytes();
      byte[] gpuJob = Payloads.example(Payloads.QUEUED).jobId(102).labels("self-hosted", "gpu").bytes();

      assertThat(github.deliver("workflow_job", linuxJob).body().path("workflowJob").asText()).isEqualTo(teamA + "/job-101");
      assertThat(github.deliver("workflow_job", gpuJob).body().path("workflowJob").asText()).isEqualTo(teamB + "/job-102");
      assertThat(kubernetes.workflowJob(teamA, "job-101")).isNotNull();
      assertThat(kubernetes.workflowJob(teamB, "job-102").getSpec().getLabels()).containsExactly("self-hosted", "gpu");
      assertThat(kubernetes.workflowJobs(teamA)).hasSize(1);
      assertThat(kubernetes.workflowJobs(teamB)).hasSize(1);
    }
  }

  @Test
  void aJobWhosePoolsNamespaceIsBeingDeletedAnswers503SayingSo() {
    kubernetes.client().resources(RunnerPool.class).inNamespace(teamB).resource(TestPools.load().get(1)).create();
    try (RunningReceiver receiver = RunningReceiver.on(kubernetes, null)) {
      // A bare API server has no namespace controller: the namespace stays Terminating with its pool in it, as in a
      // cluster until the controller has deleted the pool. The server refuses new objects in it from now on.
      kubernetes.client().namespaces().withName(teamB).delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> refusesNewObjects(teamB));

      byte[] gpuJob = Payloads.example(Payloads.QUEUED).jobId(103).labels("self-hosted", "gpu").bytes();
      WebhookClient.Answer answer = receiver.webhooks().deliver("workflow_job", gpuJob);

      assertThat(answer.status()).isEqualTo(503);
      assertThat(answer.body().path("message").asText()).isEqualTo("namespace " + teamB + " is being deleted");
    }
  }

  private boolean refusesNewObjects(String namespace) {
    try {
      kubernetes.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
          .withGenerateName("probe-").endMetadata().build()).create();
      return false;
    } catch (KubernetesClientException refused) {
      return refused.getCode() == 403;
    }
  }

  @Test
  void aReceiverOfSeveralNamespacesSeesExactlyTheirPools() {
    List<RunnerPool> pools = TestPools.load();
    String teamC = kubernetes.createNamespace("team-c");
    kubernetes.client().resources(RunnerPool.class).inNamespace(teamA).resource(pools.get(0)).create();
    kubernetes.client().resources(RunnerPool.class).inNamespace(teamB).resource(pools.get(1)).create();
    // In a namespace the operator does not watch: a pool equal to team-a's whose name wins the tie. Had the receiver
    // read pools everywhere, it would choose this one and write where nothing serves the job.
    RunnerPool unserved = pools.get(0);
    unserved.getMetadata().setName("aaa-unwatched");
    kubernetes.client().resources(RunnerPool.class).inNamespace(teamC).resource(unserved).create();
    NamespaceScopes everyScope = NamespaceScopes.unrestricted();
    try (RunningReceiver receiver = RunningReceiver.on(kubernetes, List.of(teamA, teamB), everyScope)) {
      WebhookClient github = receiver.webhooks();

      byte[] linuxJob = Payloads.example(Payloads.QUEUED).jobId(201).labels("self-hosted", "linux").bytes();
      byte[] gpuJob = Payloads.example(Payloads.QUEUED).jobId(202).labels("self-hosted", "gpu").bytes();

      assertThat(github.deliver("workflow_job", linuxJob).body().path("workflowJob").asText()).isEqualTo(teamA + "/job-201");
      assertThat(github.deliver("workflow_job", gpuJob).body().path("workflowJob").asText()).isEqualTo(teamB + "/job-202");
      assertThat(kubernetes.workflowJobs(teamC)).isEmpty();
    }
  }

  @Test
  void poolsOutsideTheirNamespacesAllowedScopesTakeNoJobs() {
    List<RunnerPool> pools = TestPools.load();
    kubernetes.client().resources(RunnerPool.class).inNamespace(teamA).resource(pools.get(0)).create();
    kubernetes.client().resources(RunnerPool.class).inNamespace(teamB).resource(pools.get(1)).create();
    // team-a may serve the example repository; team-b only another organization than its pool's.
    NamespaceScopes scopes = NamespaceScopes.parse(teamA + "=codertocat/hello-world;" + teamB + "=elsewhere");
    try (RunningReceiver receiver = RunningReceiver.on(kubernetes, List.of(teamA, teamB), scopes)) {
      WebhookClient github = receiver.webhooks();

      byte[] linuxJob = Payloads.example(Payloads.QUEUED).jobId(301).labels("self-hosted", "linux").bytes();
      byte[] gpuJob = Payloads.example(Payloads.QUEUED).jobId(302).labels("self-hosted", "gpu").bytes();

      assertThat(github.deliver("workflow_job", linuxJob).body().path("workflowJob").asText()).isEqualTo(teamA + "/job-301");
      assertThat(github.deliver("workflow_job", gpuJob).outcome()).isEqualTo("unmatched");
      assertThat(kubernetes.workflowJobs(teamB)).isEmpty();
    }
  }

  @Test
  void aSingleNamespaceReceiverSeesOnlyItsOwnPools() {
    List<RunnerPool> pools = TestPools.load();
    kubernetes.client().resources(RunnerPool.class).inNamespace(teamB).resource(pools.get(1)).create();
    try (RunningReceiver receiver = RunningReceiver.on(kubernetes, teamA)) {
      byte[] gpuJob = Payloads.example(Payloads.QUEUED).jobId(102).labels("self-hosted", "gpu").bytes();
      assertThat(receiver.webhooks().deliver("workflow_job", gpuJob).outcome()).isEqualTo("unmatched");
    }
  }
}

package dev.ec2runner.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.api.v1alpha1.WorkflowJobSpec;
import dev.ec2runner.receiver.testing.KubernetesTestServer;
import dev.ec2runner.receiver.testing.Payloads;
import dev.ec2runner.receiver.testing.RawHttp;
import dev.ec2runner.receiver.testing.Received;
import dev.ec2runner.receiver.testing.RunningReceiver;
import dev.ec2runner.receiver.testing.WebhookClient;
import dev.ec2runner.receiver.testing.WebhookClient.Answer;
import dev.ec2runner.receiver.testing.WithReceiver;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The receiver end to end: GitHub's example payloads over real HTTP into the real API server holding RunnerPools, the
 * receiver acting as its ServiceAccount with the Helm chart's rules. What it writes is judged by the server: schema,
 * patterns, required fields.
 */
@WithReceiver
class ReceiverIT {

  private static final String EXAMPLE_JOB = "job-" + Payloads.EXAMPLE_JOB_ID;

  @Received
  private KubernetesTestServer kubernetes;
  @Received
  private String ns;
  @Received
  private RunningReceiver receiver;
  @Received
  private WebhookClient github;

  private static byte[] selfHosted(String file) {
    return Payloads.example(file).labels("self-hosted", "linux", "x64").bytes();
  }

  private WorkflowJob stored(String name) {
    WorkflowJob job = kubernetes.workflowJob(ns, name);
    assertThat(job).as(name).isNotNull();
    return job;
  }

  @Test
  void everyExamplePayloadGetsItsAnswer() {
    assertThat(kubernetes.client().resources(RunnerPool.class).inNamespace(ns).list().getItems()).hasSize(2);
    Answer queued = github.deliver("workflow_job", Payloads.raw(Payloads.QUEUED));
    Answer inProgress = github.deliver("workflow_job", Payloads.raw(Payloads.IN_PROGRESS));
    Answer completed = github.deliver("workflow_job", Payloads.raw(Payloads.COMPLETED));
    Answer otherAppsCheckRun = github.deliver("check_run", Payloads.raw(Payloads.CHECK_RUN_CREATED));
    Answer actionsCheckRun = github.deliver("check_run", Payloads.raw(Payloads.CHECK_RUN_COMPLETED));

    // ubuntu-latest is GitHub-hosted: no pool serves it, nothing is recorded.
    for (Answer answer : List.of(queued, inProgress, completed)) {
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.outcome()).isEqualTo("unmatched");
    }
    assertThat(otherAppsCheckRun.status()).isEqualTo(200);
    assertThat(otherAppsCheckRun.outcome()).isEqualTo("ignored");
    // An Actions check run in Codertocat/Hello-World, whose pool accepts check runs.
    assertThat(actionsCheckRun.status()).isEqualTo(202);
    assertThat(actionsCheckRun.body().path("workflowJob").asText()).isEqualTo(ns + "/job-" + Payloads.EXAMPLE_CHECK_RUN_ID);

    assertThat(kubernetes.workflowJobs(ns)).hasSize(1);
    WorkflowJobSpec spec = stored("job-" + Payloads.EXAMPLE_CHECK_RUN_ID).getSpec();
    assertThat(spec.getSource()).isEqualTo("check_run");
    assertThat(spec.getState()).isEqualTo("completed");
    assertThat(spec.getConclusion()).isEqualTo("failure");
    assertThat(spec.getRepository()).isEqualTo("Codertocat/Hello-World");
    assertThat(spec.getLabels()).isNull();
  }

  @Test
  void recordsASelfHostedJobThroughItsLifecycle() {
    Answer queued = github.deliver("workflow_job", "delivery-1", selfHosted(Payloads.QUEUED));
    assertThat(queued.status()).isEqualTo(202);
    assertThat(queued.outcome()).isEqualTo("created");
    WorkflowJobSpec spec = stored(EXAMPLE_JOB).getSpec();
    assertThat(spec.getJobId()).isEqualTo(Payloads.EXAMPLE_JOB_ID);
    assertThat(spec.getState()).isEqualTo("queued");
    assertThat(spec.getSource()).isEqualTo("workflow_job");
    assertThat(spec.getLabels()).containsExactly("self-hosted", "linux", "x64");
    assertThat(spec.getDeliveryId()).isEqualTo("delivery-1");
    assertThat(spec.getInstallationId()).isEqualTo(3456996L);
    assertThat(spec.getOrganization()).isEqualTo("Octocoders");
    assertThat(spec.getRunId()).isEqualTo(2202229078L);
    assertThat(spec.getRunAttempt()).isEqualTo(1);
    assertThat(spec.getQueuedAt()).isEqualTo("2021-09-13T02:21:13Z");
    assertThat(spec.getRunnerName()).isNull();

    Answer running = github.deliver("workflow_job", "delivery-2", selfHosted(Payloads.IN_PROGRESS));
    assertThat(running.status()).isEqualTo(202);
    assertThat(running.outcome()).isEqualTo("updated");
    spec = stored(EXAMPLE_JOB).getSpec();
    assertThat(spec.getState()).isEqualTo("in_progress");
    assertThat(spec.getRunnerName()).isEqualTo("GitHub Actions 5");
    assertThat(spec.getRunnerId()).isEqualTo(5L);
    assertThat(spec.getStartedAt()).isEqualTo("2021-09-13T02:21:13Z");
    assertThat(spec.getDeliveryId()).isEqualTo("delivery-2");

    assertThat(github.deliver("workflow_job", "delivery-3", selfHosted(Payloads.COMPLETED)).status()).isEqualTo(202);
    spec = stored(EXAMPLE_JOB).getSpec();
    assertThat(spec.getState()).isEqualTo("completed");
    assertThat(spec.getConclusion()).isEqualTo("success");
    assertThat(spec.getCompletedAt()).isEqualTo("2021-08-05T10:38:16Z");
    assertThat(spec.getDeliveryId()).isEqualTo("delivery-3");
    assertThat(kubernetes.workflowJobs(ns)).hasSize(1);
  }

  @Test
  void aDuplicateDeliveryAnswers2xxAndChangesNothing() {
    github.deliver("workflow_job", "delivery-1", selfHosted(Payloads.QUEUED));
    String version = stored(EXAMPLE_JOB).getMetadata().getResourceVersion();

    Answer duplicate = github.deliver("workflow_job", "delivery-1", selfHosted(Payloads.QUEUED));
    Answer redelivered = github.deliver("workflow_job", "redelivery-of-1", selfHosted(Payloads.QUEUED));

    assertThat(duplicate.status()).isEqualTo(200);
    assertThat(duplicate.outcome()).isEqualTo("unchanged");
    assertThat(redelivered.status()).isEqualTo(200);
    WorkflowJob job = stored(EXAMPLE_JOB);
    assertThat(job.getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(job.getSpec().getDeliveryId()).isEqualTo("delivery-1");
  }

  @Test
  void deliveriesOutOfOrderNeverMoveTheStateBack() {
    Answer completedFirst = github.deliver("workflow_job", "d3", selfHosted(Payloads.COMPLETED));
    assertThat(completedFirst.outcome()).as("a job not seen yet is recorded whatever its state").isEqualTo("created");
    github.deliver("workflow_job", "d2", selfHosted(Payloads.IN_PROGRESS));
    github.deliver("workflow_job", "d1", selfHosted(Payloads.QUEUED));

    WorkflowJobSpec spec = stored(EXAMPLE_JOB).getSpec();
    assertThat(spec.getState()).isEqualTo("completed");
    assertThat(spec.getConclusion()).isEqualTo("success");
    assertThat(spec.getCompletedAt()).isEqualTo("2021-08-05T10:38:16Z");
    assertThat(spec.getQueuedAt()).isNotNull();
  }

  @Test
  void aCheckRunAndItsWorkflowJobLandOnOneObject() {
    long id = 5_000_001L;
    byte[] checkRun = Payloads.example(Payloads.CHECK_RUN_CREATED).actionsCheckRun().jobId(id).bytes();
    byte[] workflowJob = Payloads.example(Payloads.QUEUED).jobId(id).labels("self-hosted", "gpu").bytes();

    assertThat(github.deliver("check_run", checkRun).outcome()).isEqualTo("created");
    assertThat(stored("job-" + id).getSpec().getSource()).isEqualTo("check_run");
    assertThat(github.deliver("workflow_job", workflowJob).outcome()).isEqualTo("updated");

    assertThat(kubernetes.workflowJobs(ns)).hasSize(1);
    WorkflowJobSpec spec = stored("job-" + id).getSpec();
    assertThat(spec.getSource()).isEqualTo("workflow_job");
    assertThat(spec.getLabels()).containsExactly("self-hosted", "gpu");
    assertThat(spec.getState()).isEqualTo("queued");
  }

  @Test
  void racingDeliveriesOfOneJobLoseNoUpdate() throws Exception {
    List<Delivery> deliveries = new ArrayList<>();
    for (long id = 7_000_000L; id < 7_000_006L; id++) {
      for (String file : List.of(Payloads.QUEUED, Payloads.IN_PROGRESS, Payloads.COMPLETED)) {
        deliveries.add(new Delivery("workflow_job", "d-" + id + "-" + file, null, null,
            Payloads.example(file).jobId(id).labels("self-hosted").bytes()));
      }
    }
    Collections.shuffle(deliveries, new Random(7));
    ExecutorService senders = Executors.newFixedThreadPool(8);
    try {
      List<Future<Answer>> answers = new ArrayList<>();
      for (Delivery delivery : deliveries) {
        answers.add(senders.submit(() -> github.deliver(delivery.event(), delivery.deliveryId(), delivery.body())));
      }
      for (Future<Answer> answer : answers) {
        assertThat(answer.get().status()).as(answer.get().body().toString()).isIn(200, 202);
      }
    } finally {
      senders.shutdownNow();
    }
    List<WorkflowJob> jobs = kubernetes.workflowJobs(ns);
    assertThat(jobs).hasSize(6);
    for (WorkflowJob job : jobs) {
      WorkflowJobSpec spec = stored(job.getMetadata().getName()).getSpec();
      // Every fact of every state arrived, whatever order the writes were stored in.
      assertThat(spec.getState()).isEqualTo("completed");
      assertThat(spec.getConclusion()).isEqualTo("success");
      assertThat(spec.getRunnerName()).isEqualTo("GitHub Actions 5");
      assertThat(spec.getQueuedAt()).isNotNull();
    }
  }

  @Test
  void rejectsWhatItCannotTrustOrRead() {
    byte[] body = selfHosted(Payloads.QUEUED);
    Answer forged = github.send(github.request("/webhook").header("X-GitHub-Event", "workflow_job")
        .header("X-GitHub-Delivery", "forged").header(WebhookSignature.HEADER, WebhookSignature.sign("guess", body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.outcome()).isEqualTo("unauthorized");

    Answer notJson = github.deliver("workflow_job", "{\"action\": queued".getBytes());
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.body().path("message").asText()).isEqualTo("body is not valid JSON");
    assertThat(notJson.body().toString()).doesNotContain("Exception").doesNotContain("at com.");

    Answer missingId = github.deliver("workflow_job", Payloads.example(Payloads.QUEUED).labels("self-hosted")
        .remove("workflow_job", "id").bytes());
    assertThat(missingId.status()).isEqualTo(400);
    assertThat(missingId.body().path("message").asText()).isEqualTo("missing workflow_job.id");

    assertThat(github.get("/webhook").status()).isEqualTo(405);
    try (RawHttp raw = new RawHttp(receiver.port())) {
      String tooLarge = raw.send("POST /webhook HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: workflow_job\r\n"
          + "Content-Length: " + (2 * 1024 * 1024) + "\r\n\r\n").readUntilClosed();
      assertThat(RawHttp.status(tooLarge)).isEqualTo(413);
    }
    assertThat(kubernetes.workflowJobs(ns)).isEmpty();
  }

  @Test
  void withoutTheRightToWriteJobsItAnswers503NamingRbac() {
    String readOnly = kubernetes.createNamespace("read-only");
    kubernetes.createPools(readOnly);
    try (RunningReceiver withoutJobRules = new RunningReceiver(
        kubernetes.receiverClient(readOnly, List.of(KubernetesTestServer.READ_POOLS)), readOnly)) {
      Answer answer = withoutJobRules.webhooks().deliver("workflow_job", selfHosted(Payloads.QUEUED));

      assertThat(answer.status()).isEqualTo(503);
      assertThat(answer.body().path("message").asText())
          .isEqualTo("not allowed to write WorkflowJobs in namespace " + readOnly + " (check RBAC)");
    }
    assertThat(kubernetes.workflowJobs(readOnly)).isEmpty();
  }

  @Test
  void followsPoolsCreatedAndDeletedWhileRunning() {
    byte[] armJob = Payloads.example(Payloads.QUEUED).jobId(9_000_001L).labels("self-hosted", "arm-big").bytes();
    assertThat(github.deliver("workflow_job", armJob).outcome()).isEqualTo("unmatched");

    RunnerPool arm = kubernetes.client().resources(RunnerPool.class).inNamespace(ns).withName("hello-world").get();
    arm.getMetadata().setName("arm-big");
    arm.getMetadata().setResourceVersion(null);
    arm.getMetadata().setUid(null);
    arm.getSpec().getGithub().setLabels(List.of("arm-big"));
    kubernetes.client().resource(arm).create();

    await().atMost(Duration.ofSeconds(20)).until(() -> github.deliver("workflow_job", armJob).status() == 202);
    assertThat(stored("job-9000001").getSpec().getLabels()).containsExactly("self-hosted", "arm-big");

    kubernetes.client().resources(RunnerPool.class).inNamespace(ns).withName("arm-big").delete();
    byte[] laterArmJob = Payloads.example(Payloads.QUEUED).jobId(9_000_002L).labels("self-hosted", "arm-big").bytes();
    await().atMost(Duration.ofSeconds(20)).until(() -> github.getText("/metrics").body().contains("webhook_runner_pools 2.0"));
    assertThat(github.deliver("workflow_job", laterArmJob).outcome()).isEqualTo("unmatched");
    assertThat(kubernetes.workflowJob(ns, "job-9000002")).isNull();
  }

  @Test
  void reportsReadinessAndMetrics() {
    assertThat(github.get("/readyz").status()).isEqualTo(200);
    github.deliver("workflow_job", selfHosted(Payloads.QUEUED));
    github.deliver("ping", "{\"zen\":\"Design for failure.\"}".getBytes());

    String metrics = github.getText("/metrics").body();
    assertThat(metrics).contains("webhook_runner_pools 2.0");
    assertThat(metrics).contains("webhook_deliveries_total{action=\"queued\",event=\"workflow_job\",outcome=\"created\"} 1.0");
    assertThat(metrics).contains("webhook_deliveries_total{action=\"none\",event=\"ping\",outcome=\"pong\"} 1.0");
  }
}

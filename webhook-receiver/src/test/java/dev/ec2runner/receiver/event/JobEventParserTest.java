package dev.ec2runner.receiver.event;

import dev.ec2runner.api.JobState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.receiver.testing.Payloads;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobEventParserTest {

  private final JobEventParser parser = new JobEventParser();

  @Test
  void readsTheQueuedExample() throws Exception {
    JobEvent job = job(JobSource.WORKFLOW_JOB, Payloads.raw(Payloads.QUEUED));

    assertThat(job.jobId()).isEqualTo(Payloads.EXAMPLE_JOB_ID);
    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(job.repository()).isEqualTo("Codertocat/Hello-World");
    assertThat(job.organization()).as("owner of an organization repository").isEqualTo("Octocoders");
    assertThat(job.labels()).containsExactly("ubuntu-latest");
    assertThat(job.installationId()).isEqualTo(3456996L);
    assertThat(job.runId()).isEqualTo(2202229078L);
    assertThat(job.runAttempt()).isEqualTo(1);
    assertThat(job.name()).isEqualTo("update");
    assertThat(job.workflowName()).isEqualTo("CodeQL");
    assertThat(job.queuedAt()).isEqualTo("2021-09-13T02:21:13Z");
    assertThat(job.startedAt()).as("a queued job has not started, whatever started_at says").isNull();
    assertThat(job.runnerName()).as("no runner before in_progress").isNull();
    assertThat(job.completedAt()).isNull();
    assertThat(job.conclusion()).isNull();
    assertThat(job.request().checkRun()).isFalse();
  }

  @Test
  void readsTheInProgressAndCompletedExamples() throws Exception {
    JobEvent running = job(JobSource.WORKFLOW_JOB, Payloads.raw(Payloads.IN_PROGRESS));
    assertThat(running.state()).isEqualTo(JobState.IN_PROGRESS);
    assertThat(running.startedAt()).isEqualTo("2021-09-13T02:21:13Z");
    assertThat(running.runnerName()).isEqualTo("GitHub Actions 5");
    assertThat(running.runnerId()).isEqualTo(5L);
    assertThat(running.installationId()).isEqualTo(1L);

    JobEvent done = job(JobSource.WORKFLOW_JOB, Payloads.raw(Payloads.COMPLETED));
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.conclusion()).isEqualTo("success");
    assertThat(done.completedAt()).isEqualTo("2021-08-05T10:38:16Z");
    assertThat(done.startedAt()).isEqualTo("2021-08-05T10:34:58Z");
    assertThat(done.queuedAt()).isEqualTo("2021-08-05T10:33:58Z");
    assertThat(done.organization()).as("from the payload's organization").isEqualTo("Octocoders");
  }

  @Test
  void readsAnActionsCheckRun() throws Exception {
    JobEvent job = job(JobSource.CHECK_RUN, Payloads.raw(Payloads.CHECK_RUN_COMPLETED));

    assertThat(job.source()).isEqualTo(JobSource.CHECK_RUN);
    assertThat(job.jobId()).isEqualTo(Payloads.EXAMPLE_CHECK_RUN_ID);
    assertThat(job.state()).isEqualTo(JobState.COMPLETED);
    assertThat(job.labels()).isEmpty();
    assertThat(job.organization()).as("user-owned repository, no organization").isNull();
    assertThat(job.conclusion()).isEqualTo("failure");
    assertThat(job.startedAt()).isEqualTo("2019-05-15T15:21:12Z");
    assertThat(job.name()).isEqualTo("Octocoders-linter");
    assertThat(job.request().checkRun()).isTrue();
  }

  @Test
  void aQueuedCheckRunsStartTimeIsWhenItWasQueued() throws Exception {
    byte[] body = Payloads.example(Payloads.CHECK_RUN_CREATED).actionsCheckRun().bytes();
    JobEvent job = job(JobSource.CHECK_RUN, body);

    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(job.queuedAt()).isEqualTo("2019-05-15T15:21:12Z");
    assertThat(job.startedAt()).isNull();
  }

  @Test
  void ignoresCheckRunsOfOtherAppsAndActionsWithoutState() throws Exception {
    assertThat(parser.parse(JobSource.CHECK_RUN, Payloads.raw(Payloads.CHECK_RUN_CREATED)))
        .isEqualTo(new ParsedDelivery.Ignored("created", "check run does not belong to GitHub Actions"));
    byte[] rerequested = Payloads.example(Payloads.CHECK_RUN_COMPLETED).set("action", "rerequested").bytes();
    assertThat(parser.parse(JobSource.CHECK_RUN, rerequested)).isInstanceOf(ParsedDelivery.Ignored.class);
    byte[] unknownAction = Payloads.example(Payloads.QUEUED).set("action", "deleted").bytes();
    assertThat(parser.parse(JobSource.WORKFLOW_JOB, unknownAction))
        .isEqualTo(new ParsedDelivery.Ignored("deleted", "workflow_job action deleted carries no job state"));
  }

  @Test
  void readsTheWaitingAction() throws Exception {
    byte[] waiting = Payloads.example(Payloads.QUEUED).set("action", "waiting").bytes();
    assertThat(job(JobSource.WORKFLOW_JOB, waiting).state()).isEqualTo(JobState.WAITING);
  }

  @Test
  void rejectsBodiesThatAreNotAJsonObject() {
    assertMalformed(JobSource.WORKFLOW_JOB, "{not json", "body is not valid JSON");
    assertMalformed(JobSource.WORKFLOW_JOB, "", "body must be a JSON object");
    assertMalformed(JobSource.WORKFLOW_JOB, "[1,2]", "body must be a JSON object");
    assertMalformed(JobSource.WORKFLOW_JOB, "{\"action\":\"queued\",\"action\":\"completed\"}", "body is not valid JSON");
  }

  @Test
  void rejectsTrailingDataAndHalfSurrogates() {
    String payload = new String(Payloads.example(Payloads.QUEUED).bytes(), StandardCharsets.UTF_8);
    assertMalformed(JobSource.WORKFLOW_JOB, payload + "{}", "body is not valid JSON");
    assertMalformed(JobSource.WORKFLOW_JOB, payload.replace("\"name\":\"update\"", "\"name\":\"\\udc00\""),
        "workflow_job.name is not valid Unicode (unpaired surrogate)");
  }

  @Test
  void dropsRepeatedLabelsAndRejectsMoreThanARunnerCanCarry() throws Exception {
    JobEvent repeated = job(JobSource.WORKFLOW_JOB, Payloads.example(Payloads.QUEUED)
        .labels("self-hosted", "GPU", "Self-Hosted", "gpu", "linux", "\ud83d\ude80").bytes());
    assertThat(repeated.labels()).containsExactly("self-hosted", "GPU", "linux", "\ud83d\ude80");

    String[] distinct = new String[JobEventParser.MAX_LABELS + 1];
    for (int i = 0; i < distinct.length; i++) {
      distinct[i] = "l" + i;
    }
    assertThat(job(JobSource.WORKFLOW_JOB, Payloads.example(Payloads.QUEUED)
        .labels(java.util.Arrays.copyOf(distinct, JobEventParser.MAX_LABELS)).bytes()).labels())
        .hasSize(JobEventParser.MAX_LABELS);
    assertThatThrownBy(() -> job(JobSource.WORKFLOW_JOB, Payloads.example(Payloads.QUEUED).labels(distinct).bytes()))
        .isInstanceOf(MalformedPayloadException.class)
        .hasMessageContaining("workflow_job.labels has 101 distinct labels");
  }

  @Test
  void rejectsMissingOrMistypedRequiredFields() {
    assertMalformed(JobSource.WORKFLOW_JOB, "{}", "missing action");
    assertMalformed(JobSource.WORKFLOW_JOB, "{\"action\":\"queued\"}", "missing workflow_job");
    assertMalformed(JobSource.WORKFLOW_JOB, new String(Payloads.example(Payloads.QUEUED).remove("workflow_job", "id").bytes(),
        StandardCharsets.UTF_8), "missing workflow_job.id");
    assertMalformed(JobSource.WORKFLOW_JOB, new String(Payloads.example(Payloads.QUEUED).remove("repository", "full_name")
        .bytes(), StandardCharsets.UTF_8), "missing repository.full_name");
    assertMalformed(JobSource.WORKFLOW_JOB, new String(Payloads.example(Payloads.QUEUED).repository("no-slash").bytes(),
        StandardCharsets.UTF_8), "repository.full_name must look like owner/name");
    assertMalformed(JobSource.WORKFLOW_JOB, "{\"action\":\"queued\",\"workflow_job\":{\"id\":\"12\"},"
        + "\"repository\":{\"full_name\":\"a/b\"}}", "workflow_job.id must be an integer");
    assertMalformed(JobSource.WORKFLOW_JOB, "{\"action\":\"queued\",\"workflow_job\":{\"id\":0},"
        + "\"repository\":{\"full_name\":\"a/b\"}}", "workflow_job.id must be positive");
    assertMalformed(JobSource.WORKFLOW_JOB, "{\"action\":\"queued\",\"workflow_job\":{\"id\":1,\"labels\":[1]},"
        + "\"repository\":{\"full_name\":\"a/b\"}}", "workflow_job.labels must be an array of strings");
    assertMalformed(JobSource.CHECK_RUN, "{\"action\":\"created\",\"check_run\":{\"id\":1,"
        + "\"app\":{\"slug\":\"github-actions\"}},\"repository\":{\"full_name\":\"a/b\"}}", "missing check_run.status");
  }

  @Test
  void aMinimalWorkflowJobIsEnough() throws Exception {
    String body = "{\"action\":\"queued\",\"workflow_job\":{\"id\":7,\"labels\":[\"self-hosted\"]},"
        + "\"repository\":{\"full_name\":\"a/b\"}}";
    JobEvent job = job(JobSource.WORKFLOW_JOB, body.getBytes(StandardCharsets.UTF_8));
    assertThat(job.jobId()).isEqualTo(7);
    assertThat(job.labels()).containsExactly("self-hosted");
    assertThat(job.installationId()).isNull();
    assertThat(job.queuedAt()).isNull();
  }

  private JobEvent job(JobSource source, byte[] body) throws MalformedPayloadException {
    ParsedDelivery parsed = parser.parse(source, body);
    assertThat(parsed).isInstanceOf(ParsedDelivery.Job.class);
    return ((ParsedDelivery.Job) parsed).event();
  }

  private void assertMalformed(JobSource source, String body, String reason) {
    assertThatThrownBy(() -> parser.parse(source, body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedPayloadException.class)
        .hasMessage(reason);
  }
}

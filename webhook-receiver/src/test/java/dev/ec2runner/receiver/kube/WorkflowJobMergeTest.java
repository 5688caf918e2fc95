package dev.ec2runner.receiver.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.WorkflowJobSpec;
import dev.ec2runner.receiver.event.JobEvent;
import dev.ec2runner.receiver.event.JobSource;
import dev.ec2runner.api.JobState;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class WorkflowJobMergeTest {

  private static final long ID = 42;
  private static final List<String> LABELS = List.of("self-hosted", "linux");

  static JobEvent workflowJob(JobState state) {
    boolean started = state.rank() >= JobState.IN_PROGRESS.rank();
    boolean completed = state == JobState.COMPLETED;
    return new JobEvent(JobSource.WORKFLOW_JOB, ID, state, "octo/repo", "octo", null, LABELS, 9L, 100L, 1, "build",
        "CI", started ? "runner-1" : null, started ? 11L : null, "2024-01-01T00:00:00Z",
        started ? "2024-01-01T00:01:00Z" : null, completed ? "2024-01-01T00:05:00Z" : null,
        completed ? "success" : null);
  }

  static JobEvent checkRun(JobState state) {
    boolean completed = state == JobState.COMPLETED;
    return new JobEvent(JobSource.CHECK_RUN, ID, state, "octo/repo", "octo", null, List.of(), 9L, null, null,
        "build (check)", null, null, null, state == JobState.QUEUED ? "2024-01-01T00:00:02Z" : null,
        state.rank() >= 1 ? "2024-01-01T00:01:00Z" : null, completed ? "2024-01-01T00:05:01Z" : null,
        completed ? "failure" : null);
  }

  @Test
  void firstSightRecordsEverythingTheEventSays() {
    WorkflowJobSpec spec = WorkflowJobMerge.initial(workflowJob(JobState.QUEUED), "d1");

    assertThat(spec.getJobId()).isEqualTo(ID);
    assertThat(spec.getState()).isEqualTo("queued");
    assertThat(spec.getSource()).isEqualTo("workflow_job");
    assertThat(spec.getLabels()).isEqualTo(LABELS);
    assertThat(spec.getQueuedAt()).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(spec.getRunId()).isEqualTo(100L);
    assertThat(spec.getRunAttempt()).isEqualTo(1);
    assertThat(spec.getInstallationId()).isEqualTo(9L);
    assertThat(spec.getOrganization()).isEqualTo("octo");
    assertThat(spec.getDeliveryId()).isEqualTo("d1");
    assertThat(spec.getRunnerName()).isNull();
  }

  @Test
  void laterEventsAdvanceTheStateAndAddTheirFacts() {
    WorkflowJobSpec queued = WorkflowJobMerge.initial(workflowJob(JobState.QUEUED), "d1");
    WorkflowJobSpec running = WorkflowJobMerge.apply(queued, workflowJob(JobState.IN_PROGRESS), "d2").orElseThrow();
    WorkflowJobSpec done = WorkflowJobMerge.apply(running, workflowJob(JobState.COMPLETED), "d3").orElseThrow();

    assertThat(running.getState()).isEqualTo("in_progress");
    assertThat(running.getRunnerName()).isEqualTo("runner-1");
    assertThat(running.getStartedAt()).isEqualTo("2024-01-01T00:01:00Z");
    assertThat(running.getDeliveryId()).isEqualTo("d2");
    assertThat(done.getState()).isEqualTo("completed");
    assertThat(done.getConclusion()).isEqualTo("success");
    assertThat(done.getCompletedAt()).isEqualTo("2024-01-01T00:05:00Z");
    assertThat(done.getDeliveryId()).isEqualTo("d3");
  }

  @Test
  void aDuplicateChangesNothing() {
    WorkflowJobSpec queued = WorkflowJobMerge.initial(workflowJob(JobState.QUEUED), "d1");
    assertThat(WorkflowJobMerge.apply(queued, workflowJob(JobState.QUEUED), "d1")).isEmpty();
    assertThat(WorkflowJobMerge.apply(queued, workflowJob(JobState.QUEUED), "d1-redelivered"))
        .as("a redelivery has a new delivery id but nothing new").isEmpty();
  }

  @Test
  void aLateQueuedNeverMovesACompletedJobBack() {
    WorkflowJobSpec done = WorkflowJobMerge.initial(workflowJob(JobState.COMPLETED), "d3");
    Optional<WorkflowJobSpec> afterQueued = WorkflowJobMerge.apply(done, workflowJob(JobState.QUEUED), "d1");
    assertThat(afterQueued).as("the queued event has nothing the completed one lacked").isEmpty();

    WorkflowJobSpec fromCheckRun = WorkflowJobMerge.initial(checkRun(JobState.COMPLETED), "c2");
    WorkflowJobSpec merged = WorkflowJobMerge.apply(fromCheckRun, workflowJob(JobState.QUEUED), "d1").orElseThrow();
    assertThat(merged.getState()).isEqualTo("completed");
    assertThat(merged.getQueuedAt()).as("workflow_job facts win").isEqualTo("2024-01-01T00:00:00Z");
    assertThat(merged.getRunId()).isEqualTo(100L);
  }

  @Test
  void queuedAndWaitingShareARankSoTheLaterOneWins() {
    WorkflowJobSpec queued = WorkflowJobMerge.initial(workflowJob(JobState.QUEUED), "d1");
    WorkflowJobSpec waiting = WorkflowJobMerge.apply(queued, workflowJob(JobState.WAITING), "d2").orElseThrow();
    assertThat(waiting.getState()).isEqualTo("waiting");
    assertThat(WorkflowJobMerge.apply(waiting, workflowJob(JobState.QUEUED), "d3").orElseThrow().getState())
        .isEqualTo("queued");
  }

  @Test
  void aCheckRunAndItsWorkflowJobMergeWithTheWorkflowJobsLabels() {
    WorkflowJobSpec fromCheckRun = WorkflowJobMerge.initial(checkRun(JobState.QUEUED), "c1");
    assertThat(fromCheckRun.getSource()).isEqualTo("check_run");
    assertThat(fromCheckRun.getLabels()).isNull();

    WorkflowJobSpec merged = WorkflowJobMerge.apply(fromCheckRun, workflowJob(JobState.QUEUED), "d1").orElseThrow();
    assertThat(merged.getSource()).isEqualTo("workflow_job");
    assertThat(merged.getLabels()).isEqualTo(LABELS);
    assertThat(merged.getName()).isEqualTo("build");

    WorkflowJobSpec afterCheckRunCompleted = WorkflowJobMerge.apply(merged, checkRun(JobState.COMPLETED), "c2").orElseThrow();
    assertThat(afterCheckRunCompleted.getState()).isEqualTo("completed");
    assertThat(afterCheckRunCompleted.getSource()).as("stays workflow_job").isEqualTo("workflow_job");
    assertThat(afterCheckRunCompleted.getLabels()).as("a check run's missing labels erase nothing").isEqualTo(LABELS);
    assertThat(afterCheckRunCompleted.getName()).isEqualTo("build");
    assertThat(afterCheckRunCompleted.getConclusion()).isEqualTo("failure");

    WorkflowJobSpec afterJobCompleted = WorkflowJobMerge.apply(afterCheckRunCompleted, workflowJob(JobState.COMPLETED), "d3")
        .orElseThrow();
    assertThat(afterJobCompleted.getConclusion()).as("the workflow_job's word wins").isEqualTo("success");
  }

  @Property
  void anyOrderOfDeliveriesEndsInTheMostAdvancedStateWithEveryFact(@ForAll("deliveries") List<JobEvent> deliveries) {
    WorkflowJobSpec spec = null;
    int delivery = 0;
    for (JobEvent event : deliveries) {
      String id = "d" + delivery++;
      spec = spec == null ? WorkflowJobMerge.initial(event, id) : WorkflowJobMerge.apply(spec, event, id).orElse(spec);
    }
    int highest = deliveries.stream().mapToInt(e -> e.state().rank()).max().orElseThrow();
    assertThat(JobState.fromWire(spec.getState()).orElseThrow().rank()).isEqualTo(highest);
    boolean sawWorkflowJob = deliveries.stream().anyMatch(e -> e.source() == JobSource.WORKFLOW_JOB);
    assertThat(spec.getSource()).isEqualTo(sawWorkflowJob ? "workflow_job" : "check_run");
    if (sawWorkflowJob) {
      assertThat(spec.getLabels()).isEqualTo(LABELS);
      assertThat(spec.getQueuedAt()).isEqualTo("2024-01-01T00:00:00Z");
    }
    if (deliveries.stream().anyMatch(e -> e.state() == JobState.COMPLETED && e.source() == JobSource.WORKFLOW_JOB)) {
      assertThat(spec.getConclusion()).isEqualTo("success");
    }
    // Whatever came before, replaying any delivery changes nothing.
    for (JobEvent event : deliveries) {
      assertThat(WorkflowJobMerge.apply(spec, event, "replay")).isEmpty();
    }
  }

  @Provide
  Arbitrary<List<JobEvent>> deliveries() {
    List<JobEvent> all = List.of(workflowJob(JobState.QUEUED), workflowJob(JobState.IN_PROGRESS),
        workflowJob(JobState.COMPLETED), checkRun(JobState.QUEUED), checkRun(JobState.IN_PROGRESS),
        checkRun(JobState.COMPLETED));
    return Arbitraries.of(all).list().ofMinSize(1).ofMaxSize(8);
  }
}

package dev.ec2runner.receiver.event;

import dev.ec2runner.api.JobState;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads workflow_job and check_run payloads into {@link JobEvent}s. Pure: no I/O besides the given bytes.
 *
 * <p>A check run carries no labels and is any app's; only GitHub Actions' own check runs (the check suite's app is
 * {@code github-actions}) stand for jobs.
 */
public final class JobEventParser {

  static final String ACTIONS_APP = "github-actions";
  /** GitHub registers a runner with at most 100 labels, so a job asking for more distinct ones can never run. */
  public static final int MAX_LABELS = 100;
  private static final Pattern REPOSITORY = Pattern.compile("^[^/\\s]+/[^/\\s]+$");

  // Jackson's default limits apply too: nesting deeper than 1,000 levels is refused, without deep recursion.
  private final ObjectMapper mapper = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * Parses the body of a delivery of the given event.
   *
   * @throws MalformedPayloadException when the body is not a JSON object or lacks a field the event needs
   */
  public ParsedDelivery parse(JobSource source, byte[] body) throws MalformedPayloadException {
    PayloadFields payload = new PayloadFields(readObject(body));
    String action = payload.requiredText("action");
    return source == JobSource.WORKFLOW_JOB ? workflowJob(payload, action) : checkRun(payload, action);
  }

  private JsonNode readObject(byte[] body) throws MalformedPayloadException {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JacksonException e) {
      // Jackson's message quotes the payload; the sender only needs to know it is not JSON.
      throw new MalformedPayloadException("body is not valid JSON");
    } catch (IOException e) {
      throw new MalformedPayloadException("body could not be read as JSON");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedPayloadException("body must be a JSON object");
    }
    return root;
  }

  private static ParsedDelivery workflowJob(PayloadFields payload, String action) throws MalformedPayloadException {
    JobState state = JobState.fromWire(action).orElse(null);
    if (state == null) {
      return new ParsedDelivery.Ignored(action, "workflow_job action " + action + " carries no job state");
    }
    requireObject(payload, "workflow_job");
    long id = payload.requiredPositiveLong("workflow_job.id");
    boolean started = state.rank() >= JobState.IN_PROGRESS.rank();
    boolean completed = state == JobState.COMPLETED;
    JobEvent event = new JobEvent(JobSource.WORKFLOW_JOB, id, state, repository(payload), organization(payload),
        payload.text("enterprise.slug"), labels(payload),
        payload.longValue("installation.id"), payload.longValue("workflow_job.run_id"),
        payload.intValue("workflow_job.run_attempt"), payload.text("workflow_job.name"),
        payload.text("workflow_job.workflow_name"),
        started ? payload.text("workflow_job.runner_name") : null,
        started ? payload.longValue("workflow_job.runner_id") : null,
        payload.text("workflow_job.created_at"),
        started ? payload.text("workflow_job.started_at") : null,
        completed ? payload.text("workflow_job.completed_at") : null,
        completed ? payload.text("workflow_job.conclusion") : null);
    return new ParsedDelivery.Job(action, event);
  }

  private static ParsedDelivery checkRun(PayloadFields payload, String action) throws MalformedPayloadException {
    if (!action.equals("created") && !action.equals("completed")) {
      return new ParsedDelivery.Ignored(action, "check_run action " + action + " carries no job state");
    }
    requireObject(payload, "check_run");
    String app = payload.text("check_run.check_suite.app.slug");
    if (app == null) {
      app = payload.text("check_run.app.slug");
    }
    if (!ACTIONS_APP.equals(app)) {
      return new ParsedDelivery.Ignored(action, "check run does not belong to GitHub Actions");
    }
    String status = payload.requiredText("check_run.status");
    JobState state = JobState.fromWire(status).orElse(null);
    if (state == null) {
      return new ParsedDelivery.Ignored(action, "check run status " + status + " carries no job state");
    }
    long id = payload.requiredPositiveLong("check_run.id");
    boolean started = state.rank() >= JobState.IN_PROGRESS.rank();
    boolean completed = state == JobState.COMPLETED;
    // A check run has no creation time of its own: while it is queued, started_at holds when it was queued.
    String startedAt = payload.text("check_run.started_at");
    JobEvent event = new JobEvent(JobSource.CHECK_RUN, id, state, repository(payload), organization(payload),
        payload.text("enterprise.slug"), List.of(), payload.longValue("installation.id"), null, null,
        payload.text("check_run.name"), null, null, null,
        started ? null : startedAt,
        started ? startedAt : null,
        completed ? payload.text("check_run.completed_at") : null,
        completed ? payload.text("check_run.conclusion") : null);
    return new ParsedDelivery.Job(action, event);
  }

  /**
   * The runs-on labels without repeats (matching ignores case, so {@code GPU} repeats {@code gpu}; the first
   * spelling is kept), at most {@link #MAX_LABELS}.
   */
  private static List<String> labels(PayloadFields payload) throws MalformedPayloadException {
    List<String> labels = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String label : payload.textList("workflow_job.labels")) {
      if (seen.add(label.toLowerCase(Locale.ROOT))) {
        labels.add(label);
      }
    }
    if (labels.size() > MAX_LABELS) {
      throw new MalformedPayloadException("workflow_job.labels has " + labels.size() + " distinct labels; a runner "
          + "carries at most " + MAX_LABELS + ", so no runner could take this job");
    }
    return labels;
  }

  private static void requireObject(PayloadFields payload, String path) throws MalformedPayloadException {
    if (!payload.hasObject(path)) {
      throw new MalformedPayloadException("missing " + path);
    }
  }

  private static String repository(PayloadFields payload) throws MalformedPayloadException {
    String repository = payload.requiredText("repository.full_name");
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new MalformedPayloadException("repository.full_name must look like owner/name");
    }
    return repository;
  }

  /** The organization login, from the payload's organization or, for an organization-owned repository, its owner. */
  private static String organization(PayloadFields payload) throws MalformedPayloadException {
    String login = payload.text("organization.login");
    if (login == null && "Organization".equals(payload.text("repository.owner.type"))) {
      login = payload.text("repository.owner.login");
    }
    return login;
  }
}

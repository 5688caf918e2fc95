package dev.ec2runner.receiver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** GitHub's example payloads (test resources, from @octokit/webhooks-examples 7.6.1) and variants derived from them. */
public final class Payloads {

  public static final String QUEUED = "workflow_job.queued.5.json";
  public static final String IN_PROGRESS = "workflow_job.in_progress.3.json";
  public static final String COMPLETED = "workflow_job.completed.2.json";
  public static final String CHECK_RUN_CREATED = "check_run.created.4.json";
  public static final String CHECK_RUN_COMPLETED = "check_run.completed.1.json";
  public static final List<String> ALL = List.of(QUEUED, IN_PROGRESS, COMPLETED, CHECK_RUN_CREATED, CHECK_RUN_COMPLETED);

  /** The workflow job id shared by the three workflow_job examples. */
  public static final long EXAMPLE_JOB_ID = 289782451L;
  /** The check run id of the check_run examples. */
  public static final long EXAMPLE_CHECK_RUN_ID = 128620228L;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode root;

  private Payloads(ObjectNode root) {
    this.root = root;
  }

  /** A copy of an example payload to modify. */
  public static Payloads example(String file) {
    try (InputStream in = Payloads.class.getResourceAsStream("/webhooks/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no example payload " + file);
      }
      return new Payloads((ObjectNode) JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The example payload's bytes, exactly as shipped. */
  public static byte[] raw(String file) {
    try (InputStream in = Payloads.class.getResourceAsStream("/webhooks/" + file)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The event name of an example file: the part before the first dot. */
  public static String eventOf(String file) {
    return file.substring(0, file.indexOf('.'));
  }

  public Payloads labels(String... labels) {
    ArrayNode array = ((ObjectNode) root.get("workflow_job")).putArray("labels");
    for (String label : labels) {
      array.add(label);
    }
    return this;
  }

  public Payloads jobId(long id) {
    ObjectNode job = (ObjectNode) (root.has("workflow_job") ? root.get("workflow_job") : root.get("check_run"));
    job.put("id", id);
    return this;
  }

  public Payloads repository(String fullName) {
    ((ObjectNode) root.get("repository")).put("full_name", fullName);
    return this;
  }

  /** Marks a check run as GitHub Actions' own. */
  public Payloads actionsCheckRun() {
    ((ObjectNode) root.with("check_run").with("check_suite").with("app")).put("slug", "github-actions");
    return this;
  }

  public Payloads set(String field, String value) {
    root.put(field, value);
    return this;
  }

  public Payloads remove(String objectField, String field) {
    ((ObjectNode) root.get(objectField)).remove(field);
    return this;
  }

  public JsonNode tree() {
    return root;
  }

  public byte[] bytes() {
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

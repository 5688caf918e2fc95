package dev.ec2runner.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One GitHub job that wants a self-hosted runner; written by the webhook receiver, read by the operator. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@ShortNames("wfj")
@AdditionalPrinterColumn(name = "Repo", jsonPath = ".spec.repository", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Labels", jsonPath = ".spec.labels", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "State", jsonPath = ".spec.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Pool", jsonPath = ".status.pool", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Runner", jsonPath = ".status.runner", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Waited", jsonPath = ".status.waited", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class WorkflowJob extends CustomResource<WorkflowJobSpec, WorkflowJobStatus> implements Namespaced {

  /**
   * How many WorkflowJobs a namespace may hold by default before the receiver refuses new jobs and the operator
   * warns: far above a real backlog (a burst of a few hundred jobs), far below what strains the API server.
   */
  public static final int DEFAULT_MAX_PER_NAMESPACE = 5000;

  /**
   * Object name for a GitHub job id, so that a redelivered webhook names the same object. For GitHub Actions a
   * check run's id equals its workflow job's id, so both events of one job name one object.
   */
  public static String nameFor(long jobId) {
    return "job-" + jobId;
  }

  /** Same as {@link #nameFor(long)}: the event source does not change the name (see there). */
  public static String nameFor(String source, long id) {
    return nameFor(id);
  }
}

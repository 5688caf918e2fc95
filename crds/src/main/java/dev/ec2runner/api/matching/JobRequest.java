package dev.ec2runner.api.matching;

import dev.ec2runner.api.v1alpha1.WorkflowJobSpec;
import java.util.List;

/**
 * What a queued job asks for: where it runs and the runs-on labels it needs.
 *
 * @param checkRun true for demand from a check_run event, which carries no labels
 */
public record JobRequest(String repository, String organization, String enterprise, List<String> labels,
    boolean checkRun) {

  public JobRequest {
    labels = labels == null ? List.of() : List.copyOf(labels);
  }

  public static JobRequest of(WorkflowJobSpec spec) {
    return new JobRequest(spec.getRepository(), spec.getOrganization(), spec.getEnterprise(), spec.getLabels(),
        "check_run".equals(spec.getSource()));
  }
}

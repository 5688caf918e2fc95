package dev.ec2runner.operator;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.cloud.aws.AwsHousekeeping;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of the AWS upkeep no reconcile owns (S3 runner mirrors, unused launch templates) over the pools this
 * operator manages. The pools are listed as the operator's RBAC allows ({@link WatchedNamespaces}): a cluster-wide
 * list from an operator confined to some namespaces was refused, and the upkeep never ran.
 */
public final class HousekeepingPass implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(HousekeepingPass.class);

  private final KubernetesClient kubernetes;
  private final WatchedNamespaces namespaces;
  private final Function<List<RunnerPool>, AwsHousekeeping.Outcome> upkeep;

  /**
   * @param upkeep what to do with the pools, in production {@link AwsHousekeeping#runOnce}
   */
  public HousekeepingPass(KubernetesClient kubernetes, WatchedNamespaces namespaces,
      Function<List<RunnerPool>, AwsHousekeeping.Outcome> upkeep) {
    this.kubernetes = kubernetes;
    this.namespaces = namespaces;
    this.upkeep = upkeep;
  }

  /**
   * Lists the managed pools and runs the upkeep over them.
   *
   * @throws io.fabric8.kubernetes.client.KubernetesClientException the pools could not be listed
   */
  public AwsHousekeeping.Outcome runOnce() {
    return upkeep.apply(namespaces.list(kubernetes, RunnerPool.class));
  }

  /** The scheduled form: logs what the pass did; a failure is logged, never thrown, so the schedule goes on. */
  @Override
  public void run() {
    try {
      AwsHousekeeping.Outcome outcome = runOnce();
      outcome.mirrored().forEach(m -> LOG.info("mirrored runner archive {}", m));
      outcome.deletedTemplates().forEach(t -> LOG.info("deleted unused launch template {}", t));
      outcome.problems().forEach(p -> LOG.warn("housekeeping: {}", p));
    } catch (RuntimeException e) {
      LOG.warn("housekeeping pass failed: {}", e.getMessage());
    }
  }
}

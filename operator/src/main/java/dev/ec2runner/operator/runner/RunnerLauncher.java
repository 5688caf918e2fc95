package dev.ec2runner.operator.runner;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.guard.CloudHealth;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches one Runner's instance, trying its capacity types in order (spot, then on-demand for
 * spot-with-fallback) and skipping offerings known to be out of capacity. The Runner's UID is the idempotency token,
 * and every launch is remembered in memory until the Runner is gone, so a Runner never gets a second instance.
 */
public final class RunnerLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(RunnerLauncher.class);
  static final String RUNNER_MIRROR_EMPTY = "RunnerMirrorEmpty";

  private final RunnerCloud cloud;
  private final UnavailableOfferings offerings;
  private final OperatorMetrics metrics;
  private final Duration errorRetry;
  private final Map<String, LaunchedInstance> launchedByUid = new ConcurrentHashMap<>();

  /**
   * @param errorRetry the wait after a failed launch (capacity, configuration and other errors) that named no delay
   */
  public RunnerLauncher(RunnerCloud cloud, UnavailableOfferings offerings, OperatorMetrics metrics,
      Duration errorRetry) {
    this.cloud = cloud;
    this.offerings = offerings;
    this.metrics = metrics;
    this.errorRetry = errorRetry;
  }

  /** An instance this process launched for the Runner, if its status does not show it yet. */
  public Optional<LaunchedInstance> remembered(String runnerUid) {
    return Optional.ofNullable(launchedByUid.get(runnerUid));
  }

  /**
   * Whether an instance the observation found tagged with a Runner's UID may be taken as that Runner's: only when
   * the cloud confirms this installation launched it. A tag is no proof: whoever may tag instances and read the
   * Runner's UID could otherwise hand the Runner someone else's instance, which it would terminate when it goes.
   *
   * @throws CloudException the cloud could not tell now
   */
  public boolean launchedHere(String region, String instanceId) throws CloudException {
    return cloud.launchedHere(region, List.of(instanceId)).contains(instanceId);
  }

  public void forget(String runnerUid) {
    launchedByUid.remove(runnerUid);
  }

  public LaunchOutcome launch(Runner runner, RunnerPool pool) {
    String uid = runner.getMetadata().getUid();
    List<CapacityType> order = capacityOrder(runner, pool);
    List<String> instanceTypes = pool.getSpec().getEc2().getInstanceTypes();
    List<String> capacityErrors = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      CapacityType type = order.get(i);
      boolean last = i == order.size() - 1;
      if (!last && offerings.exhausts(type, instanceTypes)) {
        capacityErrors.add(type.wireName() + ": skipped, recently out of capacity");
        continue;
      }
      LaunchRequest request = new LaunchRequest(runner.getMetadata().getNamespace(), runner.getSpec().getPool(),
          runner.getMetadata().getName(), uid, type, pool.getSpec(), offerings.current());
      try {
        LaunchedInstance instance = cloud.launch(request);
        launchedByUid.put(uid, instance);
        metrics.launched(instance.capacityType().wireName());
        return new LaunchOutcome.Launched(instance);
      } catch (CloudException.InsufficientCapacity e) {
        offerings.markUnavailable(e.offerings());
        capacityErrors.add(type.wireName() + ": " + e.getMessage());
        LOG.info("launch out of capacity runner={}/{} capacityType={} error=\"{}\"",
            runner.getMetadata().getNamespace(), runner.getMetadata().getName(), type.wireName(), e.getMessage());
      } catch (CloudException.Throttled e) {
        metrics.launchFailed("Throttled");
        return new LaunchOutcome.Failed("Throttled", "the cloud API throttled the launch: " + e.getMessage(),
            e.retryAfter() == null ? errorRetry : e.retryAfter());
      } catch (CloudException.CredentialsRefused e) {
        metrics.launchFailed(CloudHealth.CREDENTIALS_REFUSED);
        return new LaunchOutcome.Failed(CloudHealth.CREDENTIALS_REFUSED, e.getMessage(), errorRetry);
      } catch (CloudException.InvalidConfiguration e) {
        metrics.launchFailed("InvalidConfiguration");
        return new LaunchOutcome.Failed("InvalidConfiguration", e.getMessage(), errorRetry.multipliedBy(4));
      } catch (CloudException.RunnerMirrorEmpty e) {
        metrics.launchFailed(RUNNER_MIRROR_EMPTY);
        return new LaunchOutcome.Failed(RUNNER_MIRROR_EMPTY, e.getMessage(), errorRetry);
      } catch (CloudException e) {
        metrics.launchFailed("CloudError");
        return new LaunchOutcome.Failed("CloudError", e.getMessage(), errorRetry);
      }
    }
    metrics.launchFailed("InsufficientCapacity");
    return new LaunchOutcome.Failed("InsufficientCapacity",
        "no capacity for " + String.join(", ", instanceTypes) + " (" + String.join("; ", capacityErrors) + ")",
        errorRetry);
  }

  /** The Runner's capacity types in order; the pool's setting when the Runner's snapshot has none. */
  static List<CapacityType> capacityOrder(Runner runner, RunnerPool pool) {
    List<String> types = runner.getSpec().getCapacityTypes();
    if (types == null || types.isEmpty()) {
      types = RunnerFactory.capacityTypes(pool.getSpec().getEc2().getCapacityType());
    }
    return types.stream().map(CapacityType::fromWireName).toList();
  }
}

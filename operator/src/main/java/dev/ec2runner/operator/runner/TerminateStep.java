package dev.ec2runner.operator.runner;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerStatus;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.kube.EventRecorder;
import dev.ec2runner.operator.planner.RunnerPhase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a deleted Runner's removal, after {@link DeregisterStep}: the configuration its instance did not
 * consume goes, then the instance. Only when this step proceeds may the finalizer go.
 */
public final class TerminateStep implements RunnerStep {

  private static final Logger LOG = LoggerFactory.getLogger(TerminateStep.class);

  private final RunnerCloud cloud;
  private final RunnerLauncher launcher;
  private final EventRecorder events;
  private final RunnerStatusWriter writer;
  private final Duration errorRetry;

  public TerminateStep(RunnerCloud cloud, RunnerLauncher launcher, EventRecorder events, Clock clock,
      Duration errorRetry) {
    this.cloud = cloud;
    this.launcher = launcher;
    this.events = events;
    this.writer = new RunnerStatusWriter(clock);
    this.errorRetry = errorRetry;
  }

  @Override
  public Step reconcile(Runner runner, RunnerContext in) {
    RunnerStatus status = runner.getStatus() == null ? new RunnerStatus() : runner.getStatus();
    String uid = runner.getMetadata().getUid();
    String known = status.getInstanceId() != null ? status.getInstanceId()
        : launcher.remembered(uid).map(LaunchedInstance::instanceId).orElse(null);
    // Found only by its Runner-UID tag (the Runner went before recording its instance): the tag is no proof.
    Optional<CloudInstance> tagged = known != null ? Optional.empty() : in.snapshot().instanceOf(uid);
    String instanceId = known != null ? known : tagged.map(CloudInstance::instanceId).orElse(null);
    if (instanceId != null) {
      if (!RunnerPhase.TERMINATING.wireName().equals(status.getPhase())) {
        runner = writer.write(runner, in, s -> {
          s.setPhase(RunnerPhase.TERMINATING.wireName());
          s.setMessage("terminating instance " + instanceId);
        });
      }
      try {
        cloud.deleteRunnerConfig(RunnerRegions.configKey(runner, instanceId, in.pool()));
        if (tagged.isPresent()) {
          if (cloud.terminateLaunchedHere(tagged.get().region(), List.of(instanceId)).isEmpty()) {
            LOG.warn("instance carries the runner's UID but this installation did not launch it; left alone"
                + " runner={}/{} instance={}", runner.getMetadata().getNamespace(), runner.getMetadata().getName(),
                instanceId);
          }
        } else {
          cloud.terminate(RunnerRegions.of(runner, in.pool()), List.of(instanceId));
        }
      } catch (CloudException.Throttled e) {
        return Step.retry(e.retryAfter() == null ? errorRetry : e.retryAfter());
      } catch (CloudException e) {
        events.warning(runner, "TerminateFailed", "could not terminate " + instanceId + ": " + e.getMessage());
        return Step.retry(errorRetry);
      }
    }
    launcher.forget(uid);
    LOG.info("runner removed runner={}/{} instance={}", runner.getMetadata().getNamespace(),
        runner.getMetadata().getName(), instanceId);
    return Step.proceed(runner);
  }
}

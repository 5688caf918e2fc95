package dev.ec2runner.simulator.baseline;

import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.app.AppGitHubRunners;
import dev.ec2runner.operator.github.app.GitHubCallListener;
import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.world.SimulatedWorld;
import dev.ec2runner.simulator.world.WorldScheduler;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/**
 * A model of the original Terraform + Lambda design scaling the fleet of a {@link SimulatedWorld}: the webhook
 * Lambda (signature check, label match, a delayed SQS message per queued job), the scale-up Lambda (batches that
 * count concurrently, one instance per event under the maximum, a runner configuration in SSM) and the scheduled
 * scale-down Lambda. It uses the same ports as the operator: the world's simulated cloud as {@code RunnerCloud}, and
 * the real GitHub adapter over HTTP against the simulated GitHub. No Kubernetes, no receiver: GitHub's webhooks go
 * straight to its own endpoint.
 */
public final class LambdaBaselineScaler implements AutoCloseable {

  /** What the baseline did, for reports and tests. */
  public record Counters(long eventsAccepted, long eventsIgnored, long launches, long skippedAtMaximum,
      long skippedNotQueued, long scaleUpFailures, long expiredEvents, long runnersRemoved, long orphansTerminated,
      long busySkipped) {
  }

  private final SimulatedWorld world;
  private final BaselineWebhook webhook;
  private final JobEventQueue queue;
  private final ScaleUpLambda scaleUp;
  private final ScaleDownLambda scaleDown;
  private final List<WorldScheduler.Task> tasks;

  private LambdaBaselineScaler(SimulatedWorld world, BaselineSettings settings, AppGitHubRunners github)
      throws IOException {
    this.world = world;
    this.queue = new JobEventQueue(settings.retention());
    this.webhook = new BaselineWebhook(world.webhookSecret().reveal(), world.scenario().pools(), queue,
        world.clock(), settings.webhookDelay());
    this.scaleUp = new ScaleUpLambda(world.cloudApi(), github, queue, settings, world.clock());
    this.scaleDown = new ScaleDownLambda(world.cloudApi(), github, world.scenario().pools(), settings, world.clock());
    world.sendWebhooksTo(webhook.url());
    WorldScheduler scheduler = world.scheduler();
    this.tasks = List.of(scheduler.every(settings.pollInterval(), "baseline scale-up", scaleUp::poll),
        scheduler.every(settings.scaleDownInterval(), "baseline scale-down", scaleDown::run));
  }

  /**
   * Attaches the baseline to the world before it starts: its webhook endpoint receives the world's webhooks, and
   * its Lambdas run on the world's scheduler.
   *
   * @throws IOException the webhook endpoint could not listen on 127.0.0.1
   * @throws GitHubException the world's App key is unusable
   */
  public static LambdaBaselineScaler attach(SimulatedWorld world, BaselineSettings settings)
      throws IOException, GitHubException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    AppGitHubRunners github = AppGitHubRunners.create(world.appCredentials().toGitHubAppCredentials(), http,
        world.clock(), GitHubCallListener.NONE);
    return new LambdaBaselineScaler(world, settings, github);
  }

  public Counters counters() {
    return new Counters(webhook.accepted.get(), webhook.ignored.get(), scaleUp.launches.get(),
        scaleUp.skippedAtMaximum.get(), scaleUp.skippedNotQueued.get(), scaleUp.failures.get(), queue.expired(),
        scaleDown.removed.get(), scaleDown.orphansTerminated.get(), scaleDown.busySkipped.get());
  }

  /** Events on the queue, visible or not. */
  public int queuedEvents() {
    return queue.size();
  }

  /** The world's report, labelled {@code baseline}. */
  public SandboxReport report() {
    return world.report("baseline", List.of());
  }

  @Override
  public void close() {
    tasks.forEach(WorldScheduler.Task::cancel);
    webhook.close();
  }
}

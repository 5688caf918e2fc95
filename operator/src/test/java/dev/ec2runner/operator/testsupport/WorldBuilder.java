package dev.ec2runner.operator.testsupport;

import dev.ec2runner.operator.faults.CallGate;
import dev.ec2runner.operator.OperatorConfig;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.github.GitHubClients;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The options of an {@link OperatorWorld}; each {@link #build()} makes a fresh world of them. By default: a stepped
 * clock at {@link OperatorWorld#START} (or a real-time one, {@link #realTimeClock()}), the fake cloud, the fake GitHub's open world, the App Secret in the test's
 * namespace, the runner agents on, no faults, and one operator process of {@link OperatorWorld#testConfig()}
 * running.
 */
public final class WorldBuilder {

  /**
   * Another GitHub than the fake one in process (such as the GitHub model served over HTTP, or the real adapter).
   *
   * @param runners the GitHub model the runner agents start their runners on (the one served, or one that knows no
   *     runner, where every start is refused)
   */
  public record GitHubSide(GitHubClients clients, SimulatedGitHub runners) {
  }

  /**
   * Another cloud than the fake (such as the AWS adapter on moto).
   *
   * @param perProcess a fresh adapter for each operator process, which then knows only what it observes
   * @param bootstrap what the instances' bootstrap scripts do, run every 50 ms while the agents are on (in place of
   *     the runner agents, which run on the fake cloud only)
   */
  public record CloudSide(Supplier<RunnerCloud> perProcess, Runnable bootstrap) {
  }

  private BiFunction<OperatorConfig, String, OperatorConfig> config = (config, namespace) -> config;
  private MutableClock clock;
  private GitHubSide gitHub;
  private CloudSide cloud;
  private final List<CallGate.Rule> faults = new ArrayList<>();
  private Runnable housekeeping = () -> { };
  private boolean appSecret = true;
  private boolean autoBoot = true;
  private boolean operatorRunning = true;

  WorldBuilder() {
  }

  /** Adjusts the configuration of every operator process. */
  public WorldBuilder config(UnaryOperator<OperatorConfig> adjust) {
    return config((config, namespace) -> adjust.apply(config));
  }

  /**
   * Adjusts the configuration of every operator process, knowing the test's namespace (given second), e.g. to watch
   * only that one. Applied at each process start.
   */
  public WorldBuilder config(BiFunction<OperatorConfig, String, OperatorConfig> adjust) {
    this.config = adjust;
    return this;
  }

  /** The world's clock, e.g. shared with a GitHub of the test's own or started at the present for moto. */
  public WorldBuilder clock(MutableClock shared) {
    this.clock = shared;
    return this;
  }

  /** A clock at the present that goes on with real time (tests may still move it ahead), e.g. for a world on moto. */
  public WorldBuilder realTimeClock() {
    return clock(MutableClock.realTime());
  }

  public WorldBuilder gitHub(GitHubSide side) {
    this.gitHub = side;
    return this;
  }

  public WorldBuilder cloud(CloudSide side) {
    this.cloud = side;
    return this;
  }

  /** A fault for every operator process: a rule of the {@link CallGate} its cloud and GitHub calls pass. */
  public WorldBuilder fault(CallGate.Rule rule) {
    faults.add(rule);
    return this;
  }

  /** The operator's periodic upkeep pass (the S3 mirror and launch templates in production). */
  public WorldBuilder housekeeping(Runnable pass) {
    this.housekeeping = pass;
    return this;
  }

  /** No App Secret in the test's namespace: the test writes its own, or none. */
  public WorldBuilder withoutAppSecret() {
    this.appSecret = false;
    return this;
  }

  /** Runner agents off at the start: instances boot only once the test turns them on. */
  public WorldBuilder withoutAgents() {
    this.autoBoot = false;
    return this;
  }

  /** No operator process at the start: the test starts (and kills, and restarts) them. */
  public WorldBuilder withoutOperator() {
    this.operatorRunning = false;
    return this;
  }

  /** A fresh world of these options; close it after the test. */
  public OperatorWorld build() {
    OperatorWorld world = new OperatorWorld(this, clock == null ? new MutableClock(OperatorWorld.START) : clock);
    try {
      if (appSecret) {
        world.client().resource(TestResources.appSecret(world.namespace())).create();
      }
      if (operatorRunning) {
        world.startOperator();
      }
      return world;
    } catch (RuntimeException failed) {
      world.close();
      throw failed;
    }
  }

  BiFunction<OperatorConfig, String, OperatorConfig> config() {
    return config;
  }

  GitHubSide gitHubSide() {
    return gitHub;
  }

  CloudSide cloudSide() {
    return cloud;
  }

  List<CallGate.Rule> faults() {
    return List.copyOf(faults);
  }

  Runnable housekeeping() {
    return housekeeping;
  }

  boolean autoBoot() {
    return autoBoot;
  }
}

package dev.ec2runner.operator.github.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated GitHub's world rules, driven from Java without HTTP or webhooks. */
class SimulatedGitHubTest {

  private static final PoolScope ACME = new PoolScope(PoolScope.Level.ORGANIZATION, "acme");
  private static final PoolScope ACME_APP = new PoolScope(PoolScope.Level.REPOSITORY, "acme/app");
  private static final PoolScope BIGCORP = new PoolScope(PoolScope.Level.ENTERPRISE, "bigcorp");

  private final MutableClock clock = new MutableClock(Instant.now());
  private final SimulatedGitHub github = world();

  @AfterEach
  void close() {
    github.close();
  }

  @Test
  void aRunnerTakesTheOldestQueuedJobItsScopeAndLabelsAllow() {
    long otherRepo = github.queueJob("beta/web", List.of("self-hosted"));
    long gpu = github.queueJob("acme/app", List.of("self-hosted", "gpu"));
    long linux = github.queueJob("acme/app", List.of("self-hosted", "LINUX"));
    github.registerRunner(ACME, "r1", List.of("self-hosted", "linux", "x64"), true);
    github.connectRunner("r1");

    assertThat(github.assignJob("r1")).contains(linux);
    assertThat(github.job(gpu)).hasValueSatisfying(j -> assertThat(j.status()).isEqualTo("queued"));
    assertThat(github.job(otherRepo)).hasValueSatisfying(j -> assertThat(j.status()).isEqualTo("queued"));
    assertThat(github.findRunner("r1")).hasValueSatisfying(r -> assertThat(r.jobId()).isEqualTo(linux));
  }

  @Test
  void enterpriseRunnersServeEveryOrganizationOfTheEnterprise() {
    long job = github.queueJob("beta/web", List.of("self-hosted"));
    github.registerRunner(BIGCORP, "e1", List.of("self-hosted"), false);
    github.connectRunner("e1");

    assertThat(github.assignJob("e1")).contains(job);
    github.completeJob(job, "success");
    assertThat(github.findRunner("e1")).as("a non-ephemeral runner stays").hasValueSatisfying(r -> {
      assertThat(r.busy()).isFalse();
      assertThat(r.online()).isTrue();
    });
  }

  @Test
  void offlineOrBusyRunnersCannotTakeJobs() {
    github.registerRunner(ACME_APP, "r1", List.of("self-hosted"), true);
    assertThatThrownBy(() -> github.assignJob("r1")).hasMessageContaining("offline");
    github.connectRunner("r1");
    github.queueJob("acme/app", List.of("self-hosted"));
    github.assignJob("r1");
    assertThatThrownBy(() -> github.assignJob("r1")).hasMessageContaining("busy");
    assertThatThrownBy(() -> github.assignJob("ghost")).hasMessageContaining("no runner named ghost");
  }

  @Test
  void theBusyFlagLagsBehindTheJob() {
    github.busyFlagLag(Duration.ofSeconds(30));
    github.registerRunner(ACME, "r1", List.of("self-hosted"), true);
    github.connectRunner("r1");
    github.queueJob("acme/app", List.of("self-hosted"));
    github.assignJob("r1");

    assertThat(github.findRunner("r1")).hasValueSatisfying(r -> {
      assertThat(r.busy()).isTrue();
      assertThat(r.reportedBusy()).isFalse();
    });
    clock.advance(Duration.ofSeconds(30));
    assertThat(github.findRunner("r1")).hasValueSatisfying(r -> assertThat(r.reportedBusy()).isTrue());
  }

  @Test
  void aVanishedRunnerFailsItsJobAndStaysRegisteredOffline() {
    github.registerRunner(ACME, "r1", List.of("self-hosted"), true);
    github.connectRunner("r1");
    long job = github.queueJob("acme/app", List.of("self-hosted"));
    github.assignJob("r1");

    github.disconnectRunner("r1");

    assertThat(github.job(job)).hasValueSatisfying(j -> {
      assertThat(j.status()).isEqualTo("completed");
      assertThat(j.conclusion()).isEqualTo("failure");
    });
    assertThat(github.findRunner("r1")).hasValueSatisfying(r -> assertThat(r.online()).isFalse());
  }

  @Test
  void onlyGenuineJitConfigsStartRunners() {
    String forged = Base64.getEncoder().encodeToString("{\"runner_id\":1,\"nonce\":\"x\"}".getBytes());
    github.registerRunner(ACME, "r1", List.of("self-hosted"), true);

    assertThatThrownBy(() -> github.startRunner("garbage!")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> github.startRunner(forged)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no longer registered");
  }

  @Test
  void resetForgetsActivityButKeepsAccountsAndGroups() {
    long group = github.addRunnerGroup(ACME, "gpu");
    github.registerRunner(ACME, "r1", List.of("self-hosted"), true);
    github.queueJob("acme/app", List.of("self-hosted"));
    github.failNext(500);

    github.reset();

    assertThat(github.runners(ACME)).isEmpty();
    assertThat(github.jobs()).isEmpty();
    assertThat(github.registry.groupExists(ACME, group)).isTrue();
    assertThat(github.switches.next("GET /rate_limit")).isEmpty();
    assertThat(github.queueJob("acme/app", List.of("x"))).isPositive();
  }

  @Test
  void theRandomServerErrorRateIsReproducible() {
    github.serverErrorRate(0.5, 42);
    long failures = java.util.stream.IntStream.range(0, 1000)
        .filter(i -> github.switches.next("GET /x").isPresent()).count();

    assertThat(failures).isBetween(400L, 600L);
  }

  private SimulatedGitHub world() {
    SimulatedGitHub world = new SimulatedGitHub(clock);
    world.addEnterprise("bigcorp");
    world.addOrganization("acme", "bigcorp");
    world.addOrganization("beta", "bigcorp");
    world.addRepository("acme/app");
    world.addRepository("beta/web");
    return world;
  }
}

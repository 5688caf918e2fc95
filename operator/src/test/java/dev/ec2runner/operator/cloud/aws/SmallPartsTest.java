package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.bootstrap.BootstrapSettings;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import dev.ec2runner.operator.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SmallPartsTest {

  @Test
  void parameterNamesRoundTripAndForeignNamesAreIgnored() {
    RunnerConfigKey key = new RunnerConfigKey("ci", "linux", "i-0123456789abcdef0");
    InstallationId prod = new InstallationId("prod");

    assertThat(RunnerConfigStore.parameterName(prod, key)).isEqualTo("/ec2runner/prod/ci/linux/i-0123456789abcdef0");
    assertThat(RunnerConfigStore.keyOf(prod, RunnerConfigStore.parameterName(prod, key))).contains(key);
    assertThat(RunnerConfigStore.keyOf(prod, "/ec2runner/prod/ci/linux")).isEmpty();
    assertThat(RunnerConfigStore.keyOf(prod, "/ec2runner/prod/ci/linux/not-an-instance")).isEmpty();
    assertThat(RunnerConfigStore.keyOf(prod, "/ec2runner/prod/a/b/c/i-1")).isEqualTo(Optional.empty());
    // Another installation's configuration, and one stored by a release before installations had identities.
    assertThat(RunnerConfigStore.keyOf(prod, "/ec2runner/staging/ci/linux/i-0123456789abcdef0")).isEmpty();
    assertThat(RunnerConfigStore.keyOf(prod, "/ec2runner/prod/linux/i-0123456789abcdef0")).isEmpty();
    assertThat(RunnerConfigStore.keyOf(prod, "/ec2runner/production/ci/linux/i-0123456789abcdef0")).isEmpty();
  }

  @Test
  void theOwnershipCheckReadsPlainAndGzippedUserData() {
    UserDataRenderer renderer = new UserDataRenderer();
    for (String preJob : List.of("echo hi", "echo 'warming the cache'\n".repeat(700))) {
      String userData = renderer.renderUserDataBase64(new BootstrapSettings("prod", "ci", "linux",
          AwsTestPools.LINUX_X64, Optional.empty(), false, preJob, "", Duration.ofMinutes(1), Duration.ofSeconds(3)));

      assertThat(new String(InstanceOwnership.decode(userData), StandardCharsets.UTF_8))
          .startsWith("#!/bin/sh").contains(UserDataRenderer.installationLine("prod"));
    }
    assertThat(InstanceOwnership.decode("not base64!")).isEmpty();
  }

  @Test
  void onlyAServerStateReasonMeansEc2ReclaimedTheInstance() {
    assertThat(InstanceMapper.reclaimed(ended("Server.SpotInstanceTermination"))).isTrue();
    assertThat(InstanceMapper.reclaimed(ended("Server.InternalError"))).isTrue();
    assertThat(InstanceMapper.reclaimed(ended("Client.InstanceInitiatedShutdown"))).isFalse();
    assertThat(InstanceMapper.reclaimed(ended("Client.UserInitiatedShutdown"))).isFalse();
    assertThat(InstanceMapper.reclaimed(software.amazon.awssdk.services.ec2.model.Instance.builder().build()))
        .isFalse();
  }

  private static software.amazon.awssdk.services.ec2.model.Instance ended(String code) {
    return software.amazon.awssdk.services.ec2.model.Instance.builder()
        .stateReason(r -> r.code(code).message(code + ": ended")).build();
  }

  @Test
  void anUnreachableRegionTheSdkDoesNotKnowIsAConfigurationError() {
    CloudException unreachable = new CloudException("ec2:DescribeImages failed: AWS could not be reached");

    assertThat(Ec2RunnerCloud.unknownRegion("eu-north-9", unreachable))
        .isInstanceOf(CloudException.InvalidConfiguration.class)
        .hasMessageContaining("'eu-north-9' is not an AWS region (check spec.ec2.region)");
    // A known region that does not answer is an outage; other errors keep their kind.
    assertThat(Ec2RunnerCloud.unknownRegion("eu-west-1", unreachable)).isSameAs(unreachable);
    CloudException throttled = new CloudException.Throttled("slow down", null);
    assertThat(Ec2RunnerCloud.unknownRegion("eu-north-9", throttled)).isSameAs(throttled);
  }

  @Test
  void findsEveryInstanceIdInANotFoundMessage() {
    assertThat(InstanceTerminator.idsIn("The instance IDs 'i-0123456789abcdef0, i-0fedcba9876543210' do not exist"))
        .containsExactly("i-0123456789abcdef0", "i-0fedcba9876543210");
    assertThat(InstanceTerminator.idsIn("The instance ID 'i-0123456789abcdef0' does not exist"))
        .containsExactly("i-0123456789abcdef0");
  }

  @Test
  void derivedTokensAreStableShortAndDependOnTheOverrides() {
    String token = "0b6d1c2e-8f3a-4d5b-9c7e-1a2b3c4d5e6f";

    String a = FleetLauncher.derivedToken(token, List.of());
    String b = FleetLauncher.derivedToken(token, List.of(new dev.ec2runner.operator.cloud.Offering("m5.large",
        "eu-west-1a", dev.ec2runner.operator.cloud.CapacityType.SPOT)));

    assertThat(a).isEqualTo(FleetLauncher.derivedToken(token, List.of())).startsWith(token).hasSizeLessThan(65);
    assertThat(b).isNotEqualTo(a);
  }

  @Test
  void cachedValuesExpireAfterTheirTtl() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    TtlCache<String, Integer> cache = new TtlCache<>(clock, Duration.ofMinutes(5));
    AtomicInteger loads = new AtomicInteger();

    cache.get("k", key -> loads.incrementAndGet());
    cache.get("k", key -> loads.incrementAndGet());
    clock.advance(Duration.ofMinutes(5));
    int reloaded = cache.get("k", key -> loads.incrementAndGet());

    assertThat(reloaded).isEqualTo(2);
    assertThat(loads).hasValue(2);
  }
}

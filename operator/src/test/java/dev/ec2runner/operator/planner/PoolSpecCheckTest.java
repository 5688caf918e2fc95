package dev.ec2runner.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.v1alpha1.AmiSelector;
import dev.ec2runner.api.v1alpha1.ResourceSelector;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.fake.FakeRunnerCloud;
import dev.ec2runner.operator.testsupport.TestResources;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Specs the CRD schema refuses, as a pool stored by an older CRD or with validation off would carry them. The real
 * API server of the integration tests refuses to store them, so they are built here in Java: this is the level at
 * which the operator meets them (MisconfiguredPoolIT covers a spec the schema accepts and the operator refuses).
 */
class PoolSpecCheckTest {

  @Test
  void aValidSpecPassesAndAnAmiIsOptional() {
    assertThat(PoolSpecCheck.blocker(valid(s -> { }))).isEmpty();
    assertThat(PoolSpecCheck.blocker(valid(s -> s.getEc2().setAmi(null)))).isEmpty();
  }

  @Test
  void eachMissingFieldTheOperatorNeedsIsNamed() {
    assertNamed(s -> s.getEc2().setSubnets(null), "spec.ec2.subnets");
    assertNamed(s -> s.getEc2().setSubnets(List.of()), "spec.ec2.subnets");
    assertNamed(s -> s.getEc2().setSubnets(List.of(new ResourceSelector().withTags(Map.of()))),
        "spec.ec2.subnets[0] needs exactly one of id and tags");
    assertNamed(s -> s.getEc2().setSecurityGroups(List.of(new ResourceSelector())),
        "spec.ec2.securityGroups[0]");
    assertNamed(s -> s.getEc2().setInstanceTypes(null), "spec.ec2.instanceTypes");
    assertNamed(s -> s.getEc2().setRegion(null), "spec.ec2.region");
    assertNamed(s -> s.getEc2().setAmi(new AmiSelector()), "spec.ec2.ami needs exactly one of id, ssmParameter");
    assertNamed(s -> s.getGithub().setAppSecretRef(null), "spec.github.appSecretRef.name");
    assertNamed(s -> s.getGithub().setOrganization(null), "spec.github needs exactly one of organization");
    assertNamed(s -> s.setEc2(null), "spec.ec2 is required");
    assertNamed(s -> s.setGithub(null), "spec.github is required");
  }

  @Test
  void onlyAnAllowedGitHubApiHostPasses() {
    Set<String> allowed = Set.of("api.github.com", "github.example.com");
    assertThat(PoolSpecCheck.apiHostBlocker(valid(s -> { }).getGithub(), allowed)).isEmpty();
    assertThat(PoolSpecCheck.apiHostBlocker(valid(s -> s.getGithub().setApiUrl("https://GitHub.Example.com/api/v3"))
        .getGithub(), allowed)).isEmpty();
    for (String elsewhere : List.of("https://github.example.org/api/v3", "https://api.github.com@evil.example/",
        "https://api.github.com.evil.example")) {
      assertThat(PoolSpecCheck.apiHostBlocker(valid(s -> s.getGithub().setApiUrl(elsewhere)).getGithub(), allowed))
          .as(elsewhere).hasValueSatisfying(blocker -> {
            assertThat(blocker.reason()).isEqualTo(PoolSpecCheck.INVALID_SPEC);
            assertThat(blocker.message()).contains("spec.github.apiUrl " + elsewhere,
                "allowed GitHub API hosts: api.github.com, github.example.com");
          });
    }
    assertThat(PoolSpecCheck.apiHostBlocker(valid(s -> { }).getGithub(), Set.of("github.example.com")))
        .as("a pool without apiUrl uses api.github.com").isPresent();
  }

  @Test
  void aPoolMixingArchitecturesOrContradictingItsArchitectureIsRefused() {
    assertNamed(s -> s.getEc2().setInstanceTypes(List.of("m7i.large", "m7g.large")),
        "spec.ec2.instanceTypes mix x86_64 and arm64");
    assertNamed(s -> {
      s.getEc2().setInstanceTypes(List.of("m7g.large"));
      s.getRunner().setArchitecture("x64");
    }, "spec.runner.architecture is x64 but spec.ec2.instanceTypes are arm64");
  }

  @Test
  void theInMemoryCloudRefusesALaunchWithoutSubnetsAsEc2WouldWithATypedError() {
    RunnerPoolSpec noSubnets = valid(s -> s.getEc2().setSubnets(null));
    LaunchRequest request = new LaunchRequest("ci", "gpu", "gpu-abc", "uid-1", CapacityType.SPOT, noSubnets,
        Set.of());

    assertThatThrownBy(() -> new FakeRunnerCloud(Clock.systemUTC()).launch(request))
        .isInstanceOf(CloudException.InvalidConfiguration.class)
        .hasMessageContaining("MissingParameter").hasMessageContaining("spec.ec2.subnets");
  }

  private static RunnerPoolSpec valid(Consumer<RunnerPoolSpec> change) {
    RunnerPoolSpec spec = TestResources.pool("ci", "gpu", 3).getSpec();
    change.accept(spec);
    return spec;
  }

  private static void assertNamed(Consumer<RunnerPoolSpec> change, String field) {
    RunnerPoolSpec spec = valid(change);
    assertThat(PoolSpecCheck.blocker(spec)).hasValueSatisfying(b -> {
      assertThat(b.reason()).isEqualTo("InvalidSpec");
      assertThat(b.message()).contains(field);
    });
    assertThatThrownBy(() -> PoolSpecCheck.require(spec)).isInstanceOf(InvalidPoolSpecException.class);
  }
}

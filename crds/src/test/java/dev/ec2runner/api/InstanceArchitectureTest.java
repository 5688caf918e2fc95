package dev.ec2runner.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.AmiSelector;
import dev.ec2runner.api.v1alpha1.Ec2Settings;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.api.v1alpha1.RunnerSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstanceArchitectureTest {

  @ParameterizedTest
  @ValueSource(strings = {"m7g.large", "c7gn.xlarge", "r8gd.2xlarge", "t4g.micro", "is4gen.large", "im4gn.large",
      "a1.medium", "hpc7g.4xlarge", "g5g.xlarge", "x2gd.medium"})
  void gravitonTypesAreArm64(String type) {
    assertThat(InstanceArchitecture.isArm64(type)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"m7i.large", "m7i-flex.large", "c6in.xlarge", "g5.xlarge", "g4dn.xlarge", "gr6.4xlarge",
      "m7a.large", "u-6tb1.metal", "u7i-12tb.224xlarge", "p5.48xlarge", "inf2.xlarge", "z1d.large"})
  void otherTypesAreX64(String type) {
    assertThat(InstanceArchitecture.isArm64(type)).isFalse();
  }

  @Test
  void aPoolWithoutAnAmiGetsTheLatestAmazonLinux2023OfItsInstanceTypesArchitecture() {
    assertThat(InstanceArchitecture.imageOf(spec(List.of("m7g.large", "c7g.large"), null)).getSsmParameter())
        .isEqualTo("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
    assertThat(InstanceArchitecture.imageOf(spec(List.of("m7i.large"), null)).getSsmParameter())
        .isEqualTo("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
    AmiSelector own = new AmiSelector().withId("ami-0123456789abcdef0");
    RunnerPoolSpec withImage = spec(List.of("m7g.large"), null);
    withImage.getEc2().setAmi(own);
    assertThat(InstanceArchitecture.imageOf(withImage)).isSameAs(own);
  }

  @Test
  void theRunnerArchitectureFollowsTheInstanceTypesUnlessSet() {
    assertThat(InstanceArchitecture.ofPool(spec(List.of("m7g.large"), null))).isEqualTo("arm64");
    assertThat(InstanceArchitecture.ofPool(spec(List.of("m7i.large"), null))).isEqualTo("x64");
    assertThat(InstanceArchitecture.ofPool(spec(List.of("m7g.large"), "x64"))).isEqualTo("x64");
    assertThat(InstanceArchitecture.ofInstanceTypes(List.of("m7g.large", "m7i.large"))).isEmpty();
  }

  private static RunnerPoolSpec spec(List<String> types, String architecture) {
    return new RunnerPoolSpec().withRunner(new RunnerSettings().withArchitecture(architecture))
        .withEc2(new Ec2Settings().withInstanceTypes(types));
  }
}

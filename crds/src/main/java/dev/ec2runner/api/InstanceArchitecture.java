package dev.ec2runner.api;

import dev.ec2runner.api.v1alpha1.AmiSelector;
import dev.ec2runner.api.v1alpha1.Ec2Settings;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.api.v1alpha1.RunnerSettings;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CPU architecture of a pool's runners, told from its EC2 instance types, and the image a pool gets when it
 * names none. The CRD's CEL rules use the same pattern, so the API server and the operator agree on what a
 * Graviton type is.
 */
public final class InstanceArchitecture {

  public static final String X64 = "x64";
  public static final String ARM64 = "arm64";

  /**
   * Instance types of the arm64 (Graviton) families: a {@code g} among the attributes after the generation
   * ({@code m7g}, {@code c7gn}, {@code r8gd}, {@code is4gen}, {@code t4g}), and {@code a1}. Family letters before
   * the generation do not count ({@code g5} and {@code gr6} are x86_64 GPU types). Valid in RE2 (CEL) and Java.
   */
  public static final String ARM64_TYPE = "^(a1|[a-z-]+[0-9]+[a-z-]*g[a-z-]*)[.]";

  /** Amazon's public SSM parameters naming the latest Amazon Linux 2023 AMI of each architecture. */
  static final String AL2023_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-";

  private static final Pattern ARM64_PATTERN = Pattern.compile(ARM64_TYPE);

  private InstanceArchitecture() {
  }

  public static boolean isArm64(String instanceType) {
    return instanceType != null && ARM64_PATTERN.matcher(instanceType).find();
  }

  /** The one architecture the instance types share; empty for none or a mix. */
  public static Optional<String> ofInstanceTypes(List<String> instanceTypes) {
    if (instanceTypes == null || instanceTypes.isEmpty()) {
      return Optional.empty();
    }
    long arm = instanceTypes.stream().filter(InstanceArchitecture::isArm64).count();
    if (arm == instanceTypes.size()) {
      return Optional.of(ARM64);
    }
    return arm == 0 ? Optional.of(X64) : Optional.empty();
  }

  /**
   * The runner architecture of a pool (its implicit label, the runner binary, the default image):
   * {@code spec.runner.architecture} when set, else that of the instance types, else x64.
   */
  public static String ofPool(RunnerPoolSpec spec) {
    RunnerSettings runner = spec.getRunner();
    if (runner != null && runner.getArchitecture() != null) {
      return runner.getArchitecture();
    }
    Ec2Settings ec2 = spec.getEc2();
    return ofInstanceTypes(ec2 == null ? null : ec2.getInstanceTypes()).orElse(X64);
  }

  /** The pool's image: {@code spec.ec2.ami}, or by default the latest Amazon Linux 2023 for its architecture. */
  public static AmiSelector imageOf(RunnerPoolSpec spec) {
    Ec2Settings ec2 = spec.getEc2();
    if (ec2 != null && ec2.getAmi() != null) {
      return ec2.getAmi();
    }
    return new AmiSelector().withSsmParameter(AL2023_PARAMETER + (ARM64.equals(ofPool(spec)) ? "arm64" : "x86_64"));
  }
}

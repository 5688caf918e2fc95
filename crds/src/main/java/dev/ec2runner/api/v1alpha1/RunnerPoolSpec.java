package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.ec2runner.api.InstanceArchitecture;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.Objects;

/** Desired capacity for one kind of runner. */
@ValidationRule(value = "!has(self.runner) || !has(self.runner.architecture) || self.ec2.instanceTypes.all(t, t.matches('"
    + InstanceArchitecture.ARM64_TYPE + "') == (self.runner.architecture == 'arm64'))",
    message = "spec.runner.architecture does not match spec.ec2.instanceTypes: arm64 runs on Graviton types (such as m7g.large), x64 on the others; leave it unset to follow the instance types")
public class RunnerPoolSpec {

  @JsonPropertyDescription("GitHub scope, labels and App credentials.")
  @Required
  private GitHubTarget github;

  @JsonPropertyDescription("Runner installation and behaviour. Default: every field's own default (ephemeral runners of the latest version from GitHub).")
  private RunnerSettings runner;

  @JsonPropertyDescription("EC2 launch settings.")
  @Required
  private Ec2Settings ec2;

  @JsonPropertyDescription("Caps, idle targets and timeouts.")
  @Required
  private ScalingSettings scaling;

  @JsonPropertyDescription("A floor of runners (idle or busy) that kubectl scale, HPA or KEDA may set; never above scaling.maxRunners. Default: 0 (no floor).")
  @SpecReplicas
  @Min(0)
  private Integer replicas;

  public GitHubTarget getGithub() {
    return github;
  }

  public void setGithub(GitHubTarget github) {
    this.github = github;
  }

  public RunnerPoolSpec withGithub(GitHubTarget github) {
    this.github = github;
    return this;
  }

  public RunnerSettings getRunner() {
    return runner;
  }

  public void setRunner(RunnerSettings runner) {
    this.runner = runner;
  }

  public RunnerPoolSpec withRunner(RunnerSettings runner) {
    this.runner = runner;
    return this;
  }

  public Ec2Settings getEc2() {
    return ec2;
  }

  public void setEc2(Ec2Settings ec2) {
    this.ec2 = ec2;
  }

  public RunnerPoolSpec withEc2(Ec2Settings ec2) {
    this.ec2 = ec2;
    return this;
  }

  public ScalingSettings getScaling() {
    return scaling;
  }

  public void setScaling(ScalingSettings scaling) {
    this.scaling = scaling;
  }

  public RunnerPoolSpec withScaling(ScalingSettings scaling) {
    this.scaling = scaling;
    return this;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public RunnerPoolSpec withReplicas(Integer replicas) {
    this.replicas = replicas;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RunnerPoolSpec)) {
      return false;
    }
    RunnerPoolSpec that = (RunnerPoolSpec) o;
    return Objects.equals(github, that.github)
        && Objects.equals(runner, that.runner)
        && Objects.equals(ec2, that.ec2)
        && Objects.equals(scaling, that.scaling)
        && Objects.equals(replicas, that.replicas);
  }

  @Override
  public int hashCode() {
    return Objects.hash(github, runner, ec2, scaling, replicas);
  }

  @Override
  public String toString() {
    return "RunnerPoolSpec{" + "github=" + github + ", "
        + "runner=" + runner + ", "
        + "ec2=" + ec2 + ", "
        + "scaling=" + scaling + ", "
        + "replicas=" + replicas + "}";
  }
}

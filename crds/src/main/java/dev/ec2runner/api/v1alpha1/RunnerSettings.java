package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** How each runner is installed and behaves. */
public class RunnerSettings {

  @JsonPropertyDescription("One job per instance: the runner deregisters after its job and the instance terminates.")
  @Default("true")
  private Boolean ephemeral;

  @JsonPropertyDescription("Runner version: latest, or pinned as MAJOR.MINOR.PATCH.")
  @Default("latest")
  @Pattern("^(latest|[0-9]+\\.[0-9]+\\.[0-9]+)$")
  private String version;

  @JsonPropertyDescription("Operating system of the instances; also an implicit runner label.")
  @Default("linux")
  @Pattern("^linux$")
  private String os;

  @JsonPropertyDescription("CPU architecture of the AMI and instance types; also an implicit runner label. Default: that of spec.ec2.instanceTypes (arm64 for Graviton types such as m7g.large, else x64).")
  @Pattern("^(x64|arm64)$")
  private String architecture;

  @JsonPropertyDescription("Where the runner binaries come from. Default: GitHub.")
  private RunnerDistribution distribution;

  @JsonPropertyDescription("Shell script run on the instance before each job (ACTIONS_RUNNER_HOOK_JOB_STARTED). Default: none.")
  @Size(max = 16384)
  private String preJobScript;

  @JsonPropertyDescription("Shell script run on the instance after each job (ACTIONS_RUNNER_HOOK_JOB_COMPLETED). Default: none.")
  @Size(max = 16384)
  private String postJobScript;

  @JsonPropertyDescription("Install Docker and add the runner user to the docker group, so jobs can use container:, services: and docker commands. Membership of the docker group is root-equivalent on the instance: any job can then take over the instance, and with spec.ec2.metadataOptions.httpPutResponseHopLimit 2 its containers reach the instance role. Default: false (no Docker; the runner user has no root access).")
  @Default("false")
  private Boolean dockerAccess;

  @JsonPropertyDescription("Rerun, once, a job whose runner was lost to a spot interruption or instance failure.")
  @Default("true")
  private Boolean rerunInterruptedJobs;

  public Boolean getEphemeral() {
    return ephemeral;
  }

  public void setEphemeral(Boolean ephemeral) {
    this.ephemeral = ephemeral;
  }

  public RunnerSettings withEphemeral(Boolean ephemeral) {
    this.ephemeral = ephemeral;
    return this;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public RunnerSettings withVersion(String version) {
    this.version = version;
    return this;
  }

  public String getOs() {
    return os;
  }

  public void setOs(String os) {
    this.os = os;
  }

  public RunnerSettings withOs(String os) {
    this.os = os;
    return this;
  }

  public String getArchitecture() {
    return architecture;
  }

  public void setArchitecture(String architecture) {
    this.architecture = architecture;
  }

  public RunnerSettings withArchitecture(String architecture) {
    this.architecture = architecture;
    return this;
  }

  public RunnerDistribution getDistribution() {
    return distribution;
  }

  public void setDistribution(RunnerDistribution distribution) {
    this.distribution = distribution;
  }

  public RunnerSettings withDistribution(RunnerDistribution distribution) {
    this.distribution = distribution;
    return this;
  }

  public String getPreJobScript() {
    return preJobScript;
  }

  public void setPreJobScript(String preJobScript) {
    this.preJobScript = preJobScript;
  }

  public RunnerSettings withPreJobScript(String preJobScript) {
    this.preJobScript = preJobScript;
    return this;
  }

  public String getPostJobScript() {
    return postJobScript;
  }

  public void setPostJobScript(String postJobScript) {
    this.postJobScript = postJobScript;
  }

  public RunnerSettings withPostJobScript(String postJobScript) {
    this.postJobScript = postJobScript;
    return this;
  }

  public Boolean getDockerAccess() {
    return dockerAccess;
  }

  public void setDockerAccess(Boolean dockerAccess) {
    this.dockerAccess = dockerAccess;
  }

  public RunnerSettings withDockerAccess(Boolean dockerAccess) {
    this.dockerAccess = dockerAccess;
    return this;
  }

  public Boolean getRerunInterruptedJobs() {
    return rerunInterruptedJobs;
  }

  public void setRerunInterruptedJobs(Boolean rerunInterruptedJobs) {
    this.rerunInterruptedJobs = rerunInterruptedJobs;
  }

  public RunnerSettings withRerunInterruptedJobs(Boolean rerunInterruptedJobs) {
    this.rerunInterruptedJobs = rerunInterruptedJobs;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RunnerSettings)) {
      return false;
    }
    RunnerSettings that = (RunnerSettings) o;
    return Objects.equals(ephemeral, that.ephemeral)
        && Objects.equals(version, that.version)
        && Objects.equals(os, that.os)
        && Objects.equals(architecture, that.architecture)
        && Objects.equals(distribution, that.distribution)
        && Objects.equals(preJobScript, that.preJobScript)
        && Objects.equals(postJobScript, that.postJobScript)
        && Objects.equals(dockerAccess, that.dockerAccess)
        && Objects.equals(rerunInterruptedJobs, that.rerunInterruptedJobs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ephemeral, version, os, architecture, distribution, preJobScript, postJobScript, dockerAccess,
        rerunInterruptedJobs);
  }

  @Override
  public String toString() {
    return "RunnerSettings{" + "ephemeral=" + ephemeral + ", "
        + "version=" + version + ", "
        + "os=" + os + ", "
        + "architecture=" + architecture + ", "
        + "distribution=" + distribution + ", "
        + "preJobScript=" + preJobScript + ", "
        + "postJobScript=" + postJobScript + ", "
        + "dockerAccess=" + dockerAccess + ", "
        + "rerunInterruptedJobs=" + rerunInterruptedJobs + "}";
  }
}

package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** The instance's root EBS volume. */
public class RootVolume {

  @JsonPropertyDescription("Size in GiB.")
  @Default("30")
  @Min(8)
  @Max(16384)
  private Integer sizeGiB;

  @JsonPropertyDescription("EBS volume type.")
  @Default("gp3")
  @Pattern("^(gp2|gp3|io1|io2)$")
  private String type;

  @JsonPropertyDescription("Encrypt the volume.")
  @Default("true")
  private Boolean encrypted;

  @JsonPropertyDescription("KMS key for encryption. Default: the account's EBS default key.")
  @Size(min = 1, max = 2048)
  private String kmsKeyId;

  @JsonPropertyDescription("Provisioned IOPS (gp3, io1, io2). Default: the volume type's baseline (3000 for gp3).")
  @Min(100)
  @Max(256000)
  private Integer iops;

  @JsonPropertyDescription("Throughput in MiB/s (gp3). Default: the gp3 baseline, 125.")
  @Min(125)
  @Max(1000)
  private Integer throughput;

  public Integer getSizeGiB() {
    return sizeGiB;
  }

  public void setSizeGiB(Integer sizeGiB) {
    this.sizeGiB = sizeGiB;
  }

  public RootVolume withSizeGiB(Integer sizeGiB) {
    this.sizeGiB = sizeGiB;
    return this;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public RootVolume withType(String type) {
    this.type = type;
    return this;
  }

  public Boolean getEncrypted() {
    return encrypted;
  }

  public void setEncrypted(Boolean encrypted) {
    this.encrypted = encrypted;
  }

  public RootVolume withEncrypted(Boolean encrypted) {
    this.encrypted = encrypted;
    return this;
  }

  public String getKmsKeyId() {
    return kmsKeyId;
  }

  public void setKmsKeyId(String kmsKeyId) {
    this.kmsKeyId = kmsKeyId;
  }

  public RootVolume withKmsKeyId(String kmsKeyId) {
    this.kmsKeyId = kmsKeyId;
    return this;
  }

  public Integer getIops() {
    return iops;
  }

  public void setIops(Integer iops) {
    this.iops = iops;
  }

  public RootVolume withIops(Integer iops) {
    this.iops = iops;
    return this;
  }

  public Integer getThroughput() {
    return throughput;
  }

  public void setThroughput(Integer throughput) {
    this.throughput = throughput;
  }

  public RootVolume withThroughput(Integer throughput) {
    this.throughput = throughput;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RootVolume)) {
      return false;
    }
    RootVolume that = (RootVolume) o;
    return Objects.equals(sizeGiB, that.sizeGiB)
        && Objects.equals(type, that.type)
        && Objects.equals(encrypted, that.encrypted)
        && Objects.equals(kmsKeyId, that.kmsKeyId)
        && Objects.equals(iops, that.iops)
        && Objects.equals(throughput, that.throughput);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sizeGiB, type, encrypted, kmsKeyId, iops, throughput);
  }

  @Override
  public String toString() {
    return "RootVolume{" + "sizeGiB=" + sizeGiB + ", "
        + "type=" + type + ", "
        + "encrypted=" + encrypted + ", "
        + "kmsKeyId=" + kmsKeyId + ", "
        + "iops=" + iops + ", "
        + "throughput=" + throughput + "}";
  }
}

package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ec2runner.api.v1alpha1.Ec2Settings;
import dev.ec2runner.testkit.kube.Crds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pool that leaves out {@code rootVolume} and {@code metadataOptions} is launched with the defaults the RunnerPool
 * CRD documents: the schema's own defaults of their fields (which the API server applies only when the object is
 * given) and the "Default:" sentence of the objects themselves (what kubectl explain and docs/configuration.md show).
 */
class LaunchTemplateDefaultsTest {

  private static final JSONSchemaProps EC2 = Crds.load("runnerpools").getSpec().getVersions().get(0).getSchema()
      .getOpenAPIV3Schema().getProperties().get("spec").getProperties().get("ec2");

  private final LaunchTemplateContent content = LaunchTemplateContent.of(new Ec2Settings(),
      new ResolvedImage("ami-0123456789abcdef0", null, "x86_64"), List.of(), "");

  @Test
  void anUnsetRootVolumeIsTheDocumentedOne() {
    JSONSchemaProps volume = EC2.getProperties().get("rootVolume");

    assertThat(content.volumeSizeGiB()).isEqualTo(schemaDefault(volume, "sizeGiB").asInt());
    assertThat(content.volumeType()).isEqualTo(schemaDefault(volume, "type").asText());
    assertThat(content.encrypted()).isEqualTo(schemaDefault(volume, "encrypted").asBoolean()).isTrue();
    assertThat(volume.getDescription())
        .contains("Default: " + content.volumeSizeGiB() + " GiB " + content.volumeType() + ", encrypted.");
  }

  @Test
  void unsetMetadataOptionsAreTheDocumentedOnes() {
    JSONSchemaProps metadata = EC2.getProperties().get("metadataOptions");

    assertThat(content.hopLimit()).isEqualTo(schemaDefault(metadata, "httpPutResponseHopLimit").asInt());
    assertThat(content.instanceMetadataTags()).isEqualTo(schemaDefault(metadata, "instanceMetadataTags").asText());
    assertThat(metadata.getDescription()).contains("Default: IMDSv2 required, hop limit " + content.hopLimit() + ".");
  }

  private static JsonNode schemaDefault(JSONSchemaProps object, String field) {
    return object.getProperties().get(field).getDefault();
  }
}

package dev.ec2runner.simulator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class SelectorsTest {

  private static final JsonNode EVENT = Serialization.unmarshal("""
      {"metadata": {"name": "pool.1", "namespace": "ci", "labels": {"app": "runner", "tier": "web"}},
       "involvedObject": {"kind": "RunnerPool", "name": "pool", "uid": "u-1"},
       "type": "Normal", "count": 2}
      """, JsonNode.class);

  @Test
  void fieldSelectorComparesNestedFieldsAsText() {
    assertThat(FieldSelector.parse("involvedObject.name=pool,involvedObject.kind==RunnerPool").matches(EVENT))
        .isTrue();
    assertThat(FieldSelector.parse("involvedObject.name=pool,involvedObject.uid=u-2").matches(EVENT)).isFalse();
    assertThat(FieldSelector.parse("type!=Warning,count=2").matches(EVENT)).isTrue();
    assertThat(FieldSelector.parse("metadata.name=other").matches(EVENT)).isFalse();
  }

  @Test
  void absentFieldsCompareAsEmpty() {
    assertThat(FieldSelector.parse("involvedObject.fieldPath=").matches(EVENT)).isTrue();
    assertThat(FieldSelector.parse("involvedObject.fieldPath!=spec").matches(EVENT)).isTrue();
    assertThat(FieldSelector.parse("").matches(EVENT)).isTrue();
  }

  @Test
  void fieldSelectorRejectsTermsWithoutOperator() {
    assertThatThrownBy(() -> FieldSelector.parse("involvedObject.name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'involvedObject.name'");
  }

  @Test
  void labelSelectorSupportsEqualitySetsAndExistence() {
    assertThat(LabelSelector.parse("app=runner,tier!=db").matches(EVENT)).isTrue();
    assertThat(LabelSelector.parse("app==runner,tier in (web, api)").matches(EVENT)).isTrue();
    assertThat(LabelSelector.parse("tier notin (web),app").matches(EVENT)).isFalse();
    assertThat(LabelSelector.parse("!legacy,app").matches(EVENT)).isTrue();
    assertThat(LabelSelector.parse("legacy").matches(EVENT)).isFalse();
    assertThat(LabelSelector.parse("legacy!=x").matches(EVENT)).as("!= matches an absent label").isTrue();
    assertThat(LabelSelector.parse("").matches(EVENT)).isTrue();
  }

  @Test
  void labelSelectorRejectsGarbage() {
    assertThatThrownBy(() -> LabelSelector.parse("app in web"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'app in web'");
  }
}

package dev.ec2runner.simulator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiPathTest {

  @Test
  void namespacedCustomResourceWithSubresourceAndQuery() {
    ApiPath path = ApiPath.parse(
        "/apis/ec2runner.dev/v1alpha1/namespaces/ci/runnerpools/org-linux/scale?fieldManager=kubectl%2Dscale")
        .orElseThrow();

    assertThat(path).extracting(ApiPath::group, ApiPath::version, ApiPath::namespace, ApiPath::plural,
        ApiPath::name, ApiPath::subresource)
        .containsExactly("ec2runner.dev", "v1alpha1", "ci", "runnerpools", "org-linux", "scale");
    assertThat(path.query()).containsEntry("fieldManager", "kubectl-scale");
    assertThat(path.objectPath()).isEqualTo("/apis/ec2runner.dev/v1alpha1/namespaces/ci/runnerpools/org-linux");
    assertThat(path.collectionPath()).isEqualTo("/apis/ec2runner.dev/v1alpha1/namespaces/ci/runnerpools");
    assertThat(path.qualifiedResource()).isEqualTo("runnerpools.ec2runner.dev");
  }

  @Test
  void coreCollectionWithDecodedFieldSelector() {
    ApiPath path = ApiPath.parse("/api/v1/namespaces/ci/events?fieldSelector=involvedObject.name%3Dpool%2C"
        + "involvedObject.kind%3DRunnerPool&limit=500").orElseThrow();

    assertThat(path.group()).isEmpty();
    assertThat(path.namespace()).isEqualTo("ci");
    assertThat(path.plural()).isEqualTo("events");
    assertThat(path.isCollection()).isTrue();
    assertThat(path.query().get("fieldSelector")).isEqualTo("involvedObject.name=pool,involvedObject.kind=RunnerPool");
    assertThat(path.qualifiedResource()).isEqualTo("events");
  }

  @Test
  void namespacesThemselvesAreClusterScoped() {
    ApiPath list = ApiPath.parse("/api/v1/namespaces").orElseThrow();
    ApiPath one = ApiPath.parse("/api/v1/namespaces/ci").orElseThrow();
    ApiPath status = ApiPath.parse("/api/v1/namespaces/ci/status").orElseThrow();

    assertThat(list.plural()).isEqualTo("namespaces");
    assertThat(list.namespace()).isNull();
    assertThat(one.name()).isEqualTo("ci");
    assertThat(one.namespace()).isNull();
    assertThat(status.name()).isEqualTo("ci");
    assertThat(status.subresource()).isEqualTo("status");
  }

  @Test
  void watchesAndAllNamespaces() {
    ApiPath path = ApiPath.parse("/apis/ec2runner.dev/v1alpha1/runners?watch=true&resourceVersion=7").orElseThrow();

    assertThat(path.namespace()).isNull();
    assertThat(path.isWatch()).isTrue();
    assertThat(path.query()).containsEntry("resourceVersion", "7");
  }

  @Test
  void discoveryAndOtherPathsAreNoResources() {
    assertThat(ApiPath.parse("/api/v1")).isEmpty();
    assertThat(ApiPath.parse("/apis/ec2runner.dev/v1alpha1")).isEmpty();
    assertThat(ApiPath.parse("/openapi/v2")).isEmpty();
    assertThat(ApiPath.parse("/version")).isEmpty();
  }

  @Test
  void dropsOnlyTheNamedQueryParameters() {
    assertThat(ApiPath.withoutQueryParameters("/api/v1/events?limit=500&fieldSelector=a%3Db&labelSelector=x",
        "fieldSelector")).isEqualTo("/api/v1/events?limit=500&labelSelector=x");
    assertThat(ApiPath.withoutQueryParameters("/api/v1/events?fieldSelector=a", "fieldSelector"))
        .isEqualTo("/api/v1/events");
  }
}

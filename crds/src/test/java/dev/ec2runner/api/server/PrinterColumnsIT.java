package dev.ec2runner.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ec2runner.testkit.kube.KubeApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every printer column has a value on a fully populated object as the real API server prints it (the Table that
 * {@code kubectl get} shows), so kubectl never shows a dead column; the columns come in the documented order.
 */
class PrinterColumnsIT {

  private static final KubeApiServer SERVER = KubeApiServer.shared();
  private static final String NAMESPACE = ServerVerdict.namespace("columns");
  private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";

  @ParameterizedTest
  @CsvSource({
      "runnerpools, runnerpool-full.yaml, Org/Repo Labels Max Runners Idle Busy Pending Ready Age",
      "runners, runner-full.yaml, Pool Phase Instance Type Capacity Zone Job Age",
      "workflowjobs, workflowjob-full.yaml, Repo Labels State Phase Pool Runner Waited Age"})
  void everyColumnHasAValueOnAPopulatedObject(String plural, String fixture, String expectedColumns)
      throws Exception {
    GenericKubernetesResource object = Serialization.unmarshal(
        Files.readString(Path.of("src/test/resources/fixtures", fixture)), GenericKubernetesResource.class);
    store(object);

    JsonNode table = table(plural, object.getMetadata().getName());
    List<String> names = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> names.add(c.path("name").asText()));
    assertThat(names).as("columns in the order kubectl shows them")
        .containsExactly(("Name " + expectedColumns).split(" "));
    JsonNode cells = table.path("rows").path(0).path("cells");
    for (int i = 0; i < names.size(); i++) {
      assertThat(cells.path(i).isNull() || cells.path(i).isMissingNode() || cells.path(i).asText().isEmpty())
          .as("column %s of %s is empty: %s", names.get(i), fixture, cells)
          .isFalse();
    }
  }

  /** Creates the object, then writes its status through the status subresource, as the operator does. */
  private static void store(GenericKubernetesResource object) {
    KubernetesClient client = SERVER.adminClient();
    object.getMetadata().setNamespace(NAMESPACE);
    object.getMetadata().setCreationTimestamp(null);
    Object status = object.getAdditionalProperties().get("status");
    GenericKubernetesResource created = client.resource(object).create();
    created.getAdditionalProperties().put("status", status);
    client.resource(created).updateStatus();
  }

  private static JsonNode table(String plural, String name) throws IOException, Exception {
    KubernetesClient client = SERVER.adminClient();
    String url = client.getMasterUrl() + "apis/ec2runner.dev/v1alpha1/namespaces/" + NAMESPACE + "/" + plural
        + "/" + name;
    HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url).header("Accept", TABLE).build();
    HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
    assertThat(response.code()).as(response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }
}

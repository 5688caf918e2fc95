package dev.ec2runner.simulator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded API over HTTP: what kubectl relies on, checked request by request, and that fabric8 still works. */
class EmbeddedKubernetesApiIT {

  private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
  private static final String POOLS = "/apis/ec2runner.dev/v1alpha1/namespaces/%s/runnerpools";

  private static EmbeddedKubernetesApi api;
  private static KubernetesClient client;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    api = EmbeddedKubernetesApi.start();
    api.applyProjectCrds();
    client = api.client();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void listensOnLoopbackOnly() {
    assertThat(api.url()).startsWith("http://127.0.0.1:");
  }

  @Test
  void discoveryIsDerivedFromTheStoredCrds() throws Exception {
    assertThat(getJson("/api").path("versions").toString()).isEqualTo("[\"v1\"]");
    JsonNode groups = getJson("/apis").path("groups");
    assertThat(groups.findValuesAsText("name"))
        .contains("ec2runner.dev", "apiextensions.k8s.io", "events.k8s.io", "coordination.k8s.io");
    assertThat(getJson("/api/v1").path("resources").findValuesAsText("name"))
        .contains("namespaces", "secrets", "events", "configmaps", "pods");

    JsonNode resources = getJson("/apis/ec2runner.dev/v1alpha1").path("resources");
    assertThat(resources.findValuesAsText("name")).containsExactlyInAnyOrder("runnerpools", "runnerpools/status",
        "runnerpools/scale", "runners", "runners/status", "workflowjobs", "workflowjobs/status");
    JsonNode pools = resource(resources, "runnerpools");
    assertThat(pools.path("kind").asText()).isEqualTo("RunnerPool");
    assertThat(pools.path("singularName").asText()).isEqualTo("runnerpool");
    assertThat(pools.path("namespaced").asBoolean()).isTrue();
    assertThat(pools.path("shortNames").toString()).isEqualTo("[\"rpool\"]");
    assertThat(pools.path("verbs").toString()).contains("\"list\"", "\"watch\"", "\"patch\"");
    assertThat(resource(resources, "runners").path("shortNames").toString()).isEqualTo("[\"rnr\"]");
    assertThat(resource(resources, "workflowjobs").path("shortNames").toString()).isEqualTo("[\"wfj\"]");
    JsonNode scale = resource(resources, "runnerpools/scale");
    assertThat(List.of(scale.path("group").asText(), scale.path("version").asText(), scale.path("kind").asText()))
        .containsExactly("autoscaling", "v1", "Scale");
    assertThat(getJson("/apis/ec2runner.dev").path("preferredVersion").path("groupVersion").asText())
        .isEqualTo("ec2runner.dev/v1alpha1");
    assertThat(send("GET", "/apis/nothing.example.com/v1", null, null).statusCode()).isEqualTo(404);
    assertThat(getJson("/version").path("minor").asText()).isEqualTo(Discovery.SERVER_VERSION_MINOR);
  }

  @Test
  void aDeletedCrdDisappearsFromDiscovery() throws Exception {
    try (EmbeddedKubernetesApi other = EmbeddedKubernetesApi.start()) {
      List<CustomResourceDefinition> crds = other.applyProjectCrds();
      other.client().resource(crds.get(2)).delete();

      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
          URI.create(other.url() + "/apis/ec2runner.dev/v1alpha1")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(Serialization.unmarshal(response.body(), JsonNode.class).path("resources")
          .findValuesAsText("name")).contains("runnerpools").doesNotContain("workflowjobs");
    }
  }

  @Test
  void tablesCarryThePrinterColumnsAndTheirValues() throws Exception {
    Fixtures.createWithStatus(client, Fixtures.runnerPool("tabled", "tables"));

    JsonNode table = getJson(String.format(POOLS, "tables"), TABLE);

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("columnDefinitions").findValuesAsText("name")).containsExactly("Name", "Org/Repo",
        "Labels", "Max", "Runners", "Idle", "Busy", "Pending", "Ready", "Age");
    assertThat(table.path("columnDefinitions").findValuesAsText("type")).containsExactly("string", "string",
        "string", "integer", "integer", "integer", "integer", "integer", "string", "date");
    JsonNode row = table.path("rows").get(0);
    assertThat(row.path("cells").toString()).startsWith("[\"tabled\",\"my-org\",\"[\\\"docker\\\",\\\"large\\\"]\","
        + "10,4,1,2,1,\"True\",\"");
    assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(row.path("object").path("metadata").path("namespace").asText()).isEqualTo("tables");
    assertThat(row.path("object").has("spec")).isFalse();

    JsonNode withObjects = getJson(String.format(POOLS, "tables") + "?includeObject=Object", TABLE);
    assertThat(withObjects.path("rows").get(0).path("object").path("spec").path("scaling").path("maxRunners")
        .asInt()).isEqualTo(10);
    JsonNode single = getJson(String.format(POOLS, "tables") + "/tabled", TABLE);
    assertThat(single.path("rows")).hasSize(1);
    assertThat(getJson(String.format(POOLS, "tables") + "/tabled", "application/json").path("kind").asText())
        .as("without the Table media type the object itself").isEqualTo("RunnerPool");
  }

  @Test
  void statusIsOnlyWrittenThroughTheStatusSubresource() {
    RunnerPool created = client.resource(Fixtures.runnerPool("statusy", "status")).create();
    assertThat(created.getStatus()).as("status is ignored on create").isNull();

    RunnerPool withStatus = Fixtures.createWithStatus(client, Fixtures.runnerPool("statusy2", "status"));
    assertThat(withStatus.getStatus().getRunners()).isEqualTo(4);
    long generation = withStatus.getMetadata().getGeneration();

    // A status write that also changes the spec changes only the status.
    withStatus.getSpec().getScaling().setMaxRunners(99);
    withStatus.getStatus().setRunners(5);
    RunnerPool afterStatusPut = client.resource(withStatus).updateStatus();
    assertThat(afterStatusPut.getSpec().getScaling().getMaxRunners()).isEqualTo(10);
    assertThat(afterStatusPut.getStatus().getRunners()).isEqualTo(5);
    assertThat(afterStatusPut.getMetadata().getGeneration()).isEqualTo(generation);

    RunnerPool afterStatusPatch = client.resources(RunnerPool.class).inNamespace("status").withName("statusy2")
        .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"scaling\":{\"maxRunners\":98}},\"status\":{\"runners\":6}}");
    assertThat(afterStatusPatch.getSpec().getScaling().getMaxRunners()).isEqualTo(10);
    assertThat(afterStatusPatch.getStatus().getRunners()).isEqualTo(6);

    // A main-resource write that also changes the status changes only the spec.
    RunnerPool current = client.resource(afterStatusPatch).get();
    current.getSpec().getScaling().setMaxRunners(12);
    current.getStatus().setRunners(0);
    RunnerPool afterPut = client.resource(current).update();
    assertThat(afterPut.getSpec().getScaling().getMaxRunners()).isEqualTo(12);
    assertThat(afterPut.getStatus().getRunners()).isEqualTo(6);
    assertThat(afterPut.getMetadata().getGeneration()).isGreaterThan(generation);

    RunnerPool afterPatch = client.resources(RunnerPool.class).inNamespace("status").withName("statusy2")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":4},\"status\":{\"runners\":1}}");
    assertThat(afterPatch.getSpec().getReplicas()).isEqualTo(4);
    assertThat(afterPatch.getStatus().getRunners()).isEqualTo(6);
  }

  @Test
  void scaleSubresourceReadsAndWritesReplicas() throws Exception {
    Fixtures.createWithStatus(client, Fixtures.runnerPool("scaled", "scale"));
    String scalePath = String.format(POOLS, "scale") + "/scaled/scale";

    JsonNode scale = getJson(scalePath);
    assertThat(scale.path("kind").asText()).isEqualTo("Scale");
    assertThat(scale.path("apiVersion").asText()).isEqualTo("autoscaling/v1");
    assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(scale.path("status").path("replicas").asInt()).isEqualTo(4);
    assertThat(scale.path("status").path("selector").asText()).isEqualTo("ec2runner.dev/pool=full");

    HttpResponse<String> patched = send("PATCH", scalePath, "application/merge-patch+json",
        "{\"spec\":{\"replicas\":5}}");
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(json(patched).path("spec").path("replicas").asInt()).isEqualTo(5);
    RunnerPool pool = client.resources(RunnerPool.class).inNamespace("scale").withName("scaled").get();
    assertThat(pool.getSpec().getReplicas()).isEqualTo(5);
    assertThat(pool.getStatus().getRunners()).as("status untouched").isEqualTo(4);

    String fresh = getJson(scalePath).path("metadata").path("resourceVersion").asText();
    HttpResponse<String> put = send("PUT", scalePath, "application/json", "{\"kind\":\"Scale\",\"apiVersion\":"
        + "\"autoscaling/v1\",\"metadata\":{\"name\":\"scaled\",\"resourceVersion\":\"" + fresh + "\"},"
        + "\"spec\":{\"replicas\":1}}");
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(client.resources(RunnerPool.class).inNamespace("scale").withName("scaled").get().getSpec()
        .getReplicas()).isEqualTo(1);

    HttpResponse<String> stale = send("PUT", scalePath, "application/json", "{\"kind\":\"Scale\",\"metadata\":"
        + "{\"name\":\"scaled\",\"resourceVersion\":\"" + fresh + "\"},\"spec\":{\"replicas\":7}}");
    assertThat(stale.statusCode()).as("a stale resourceVersion conflicts").isEqualTo(409);

    HttpResponse<String> negative = send("PATCH", scalePath, "application/merge-patch+json",
        "{\"spec\":{\"replicas\":-1}}");
    assertThat(negative.statusCode()).isEqualTo(422);
    assertThat(json(negative).path("message").asText()).contains("spec.replicas");
    assertThat(client.resources(RunnerPool.class).inNamespace("scale").withName("scaled").get().getSpec()
        .getReplicas()).isEqualTo(1);

    client.resource(Fixtures.runner("no-scale", "scale")).create();
    HttpResponse<String> runnerScale = send("GET",
        "/apis/ec2runner.dev/v1alpha1/namespaces/scale/runners/no-scale/scale", null, null);
    assertThat(runnerScale.statusCode()).as("Runner has no scale subresource").isEqualTo(404);
    assertThat(send("GET", String.format(POOLS, "scale") + "/missing/scale", null, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void eventsAreFoundByTheirInvolvedObject() {
    RunnerPool pool = client.resource(Fixtures.runnerPool("evented", "events")).create();
    for (String name : List.of("evented", "other")) {
      client.v1().events().inNamespace("events").resource(new EventBuilder().withNewMetadata()
          .withName(name + ".1").endMetadata().withNewInvolvedObject().withKind("RunnerPool").withName(name)
          .withNamespace("events").withUid(name.equals("evented") ? pool.getMetadata().getUid() : "x")
          .endInvolvedObject().withReason("Test").withMessage("for " + name).build()).create();
    }

    assertThat(client.v1().events().inNamespace("events").withField("involvedObject.name", "evented")
        .withField("involvedObject.uid", pool.getMetadata().getUid()).list().getItems())
        .extracting(e -> e.getMessage()).containsExactly("for evented");
    assertThat(client.v1().events().inNamespace("events").withoutField("involvedObject.name", "evented").list()
        .getItems()).extracting(e -> e.getMessage()).containsExactly("for other");
  }

  @Test
  void secretStringDataIsStoredEncoded() {
    client.resource(new SecretBuilder().withNewMetadata().withName("app").withNamespace("secrets").endMetadata()
        .addToStringData("appId", "123456").addToData("installationId", base64("7654321")).build()).create();

    Secret stored = client.secrets().inNamespace("secrets").withName("app").get();

    assertThat(stored.getStringData()).isNullOrEmpty();
    assertThat(stored.getData()).containsEntry("appId", base64("123456"))
        .containsEntry("installationId", base64("7654321"));
  }

  @Test
  void missingObjectsAnswerWithANotFoundStatus() throws Exception {
    HttpResponse<String> response = send("GET", String.format(POOLS, "nowhere") + "/ghost", null, null);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).path("kind").asText()).isEqualTo("Status");
    assertThat(json(response).path("message").asText()).isEqualTo("runnerpools.ec2runner.dev \"ghost\" not found");
  }

  @Test
  void plainHttpWatchesStreamTheChangesAfterAResourceVersion() throws Exception {
    String listVersion = getJson(String.format(POOLS, "watched")).path("metadata").path("resourceVersion").asText();
    client.resource(Fixtures.runnerPool("first", "watched")).create();
    client.resource(Fixtures.runnerPool("other-namespace", "elsewhere")).create();

    HttpResponse<Stream<String>> watch = HTTP.send(HttpRequest.newBuilder(URI.create(api.url()
        + String.format(POOLS, "watched") + "?watch=true&resourceVersion=" + listVersion)).build(),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(watch.statusCode()).isEqualTo(200);
    try (Stream<String> lines = watch.body()) {
      Iterator<String> events = lines.filter(l -> !l.isBlank()).iterator();
      assertThat(summary(events.next())).isEqualTo("ADDED first");

      // Changes after the watch started arrive on the same stream.
      client.resources(RunnerPool.class).inNamespace("watched").withName("first").delete();
      assertThat(summary(events.next())).isEqualTo("DELETED first");
    }
  }

  @Test
  void plainHttpWatchesWithoutAResourceVersionStartWithTheCurrentObjects() throws Exception {
    client.resource(Fixtures.runnerPool("existing", "rewatched")).create();

    HttpResponse<Stream<String>> watch = HTTP.send(HttpRequest.newBuilder(URI.create(api.url()
        + String.format(POOLS, "rewatched") + "?watch=true&fieldSelector=metadata.name%3Dexisting")).build(),
        HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = watch.body()) {
      assertThat(summary(lines.filter(l -> !l.isBlank()).findFirst().orElseThrow())).isEqualTo("ADDED existing");
    }
  }

  @Test
  void plainHttpWatchesRejectBadSelectors() throws Exception {
    HttpResponse<String> response = send("GET", String.format(POOLS, "any") + "?watch=true&labelSelector="
        + "app%20in%20web", null, null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("message").asText()).contains("app in web");
  }

  private static String summary(String event) {
    JsonNode node = Serialization.unmarshal(event, JsonNode.class);
    return node.path("type").asText() + " " + node.path("object").path("metadata").path("name").asText();
  }

  @Test
  void fabric8WatchesStillUseTheStoresWebSockets() {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (var watch = client.resources(Runner.class).inNamespace("websocket").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Runner runner) {
        seen.add(action + " " + runner.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      client.resource(Fixtures.runner("watched-runner", "websocket")).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("ADDED watched-runner"));
    }
  }

  private static JsonNode resource(JsonNode resources, String name) {
    for (JsonNode resource : resources) {
      if (resource.path("name").asText().equals(name)) {
        return resource;
      }
    }
    throw new AssertionError("no resource " + name + " in " + resources);
  }

  private static JsonNode getJson(String path) throws IOException, InterruptedException {
    return getJson(path, "application/json");
  }

  private static JsonNode getJson(String path, String accept) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api.url() + path))
        .header("Accept", accept).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    return json(response);
  }

  private static HttpResponse<String> send(String method, String path, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url() + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) {
    return Serialization.unmarshal(response.body(), JsonNode.class);
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}

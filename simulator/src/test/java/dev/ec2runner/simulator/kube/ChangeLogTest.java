package dev.ec2runner.simulator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.simulator.kube.ChangeLog.Change;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The change log against the real CRUD store, in process. */
class ChangeLogTest {

  private static final String CONFIGMAPS = "/api/v1/namespaces/ci/configmaps";

  private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
  private final CrudStore store = new CrudStore(crud);

  @Test
  void recordsAddsUpdatesAndDeletesInResourceVersionOrder() {
    ChangeLog log = new ChangeLog(store, crud::requestResourceVersion, 100);

    create(log, "a");
    create(log, "b");
    patch(log, "a", "{\"data\": {\"k\": \"v\"}}");
    delete(log, "b");

    List<Change> all = log.since(0).orElseThrow();
    assertThat(all).extracting(Change::type).containsExactly("ADDED", "ADDED", "MODIFIED", "DELETED");
    assertThat(all).extracting(c -> c.object().path("metadata").path("name").asText())
        .containsExactly("a", "b", "a", "b");
    assertThat(all).extracting(Change::resourceVersion).isSorted().doesNotHaveDuplicates();
    assertThat(all.get(2).object().path("data").path("k").asText()).isEqualTo("v");
    assertThat(all).allSatisfy(c -> assertThat(c.plural()).isEqualTo("configmaps"));

    long afterFirstTwo = all.get(1).resourceVersion();
    assertThat(log.since(afterFirstTwo).orElseThrow()).extracting(Change::type)
        .containsExactly("MODIFIED", "DELETED");
  }

  @Test
  void failedWritesRecordNothing() {
    ChangeLog log = new ChangeLog(store, crud::requestResourceVersion, 100);

    MockResponse missing = patch(log, "nope", "{\"data\": {}}");

    assertThat(missing.code()).isEqualTo(404);
    assertThat(log.since(0).orElseThrow()).isEmpty();
  }

  @Test
  void forgetsOldChangesAndSaysSo() {
    ChangeLog log = new ChangeLog(store, crud::requestResourceVersion, 2);

    create(log, "a");
    create(log, "b");
    create(log, "c");

    assertThat(log.since(0)).as("the first change is forgotten: a watcher from before it must relist").isEmpty();
    assertThat(log.since(lastVersion(log, "a")).orElseThrow())
        .as("a watcher that saw the first change misses nothing")
        .extracting(c -> c.object().path("metadata").path("name").asText())
        .containsExactly("b", "c");
  }

  @Test
  void removingTheLastFinalizerOfADeletedObjectAnswersWithItsFinalState() {
    ChangeLog log = new ChangeLog(store, crud::requestResourceVersion, 100);
    log.write(path(null), true, () -> store.dispatch(CrudStore.request(HttpMethod.POST, CONFIGMAPS,
        ApiResponses.JSON, "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"f\","
            + " \"namespace\": \"ci\", \"finalizers\": [\"example.com/keep\"]}}")));
    delete(log, "f");

    MockResponse response = patch(log, "f", "{\"metadata\": {\"finalizers\": null}}");

    assertThat(response.code()).isEqualTo(200);
    assertThat(CrudStore.json(response).path("metadata").path("name").asText()).isEqualTo("f");
    assertThat(CrudStore.json(response).path("metadata").path("finalizers")).isEmpty();
    assertThat(log.since(0).orElseThrow()).extracting(Change::type)
        .containsExactly("ADDED", "MODIFIED", "DELETED");
  }

  private long lastVersion(ChangeLog log, String name) {
    return CrudStore.json(store.get(CONFIGMAPS + "/" + name)).path("metadata").path("resourceVersion").asLong();
  }

  private void create(ChangeLog log, String name) {
    MockResponse response = log.write(path(null), true, () -> store.dispatch(CrudStore.request(HttpMethod.POST,
        CONFIGMAPS, ApiResponses.JSON, "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \""
            + name + "\", \"namespace\": \"ci\"}}")));
    assertThat(response.code()).isBetween(200, 299);
  }

  private MockResponse patch(ChangeLog log, String name, String mergePatch) {
    return log.write(path(name), false, () -> store.dispatch(CrudStore.request(HttpMethod.PATCH,
        CONFIGMAPS + "/" + name, PatchDocuments.MERGE_PATCH, mergePatch)));
  }

  private void delete(ChangeLog log, String name) {
    MockResponse response = log.write(path(name), false, () -> store.dispatch(CrudStore.request(HttpMethod.DELETE,
        CONFIGMAPS + "/" + name, ApiResponses.JSON, "")));
    assertThat(response.code()).isBetween(200, 299);
  }

  private static ApiPath path(String name) {
    return ApiPath.parse(name == null ? CONFIGMAPS : CONFIGMAPS + "/" + name).orElseThrow();
  }
}

package dev.ec2runner.operator.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.WithOperator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Upgrade safety beyond the schema: the objects users of the newest release wrote (committed under
 * {@code crds/compat/<release>/objects}) are accepted by today's API server with today's CRDs, lose no field when
 * read by today's types, and a pool created by that release is still reconciled: it becomes ready and launches for
 * its queued job.
 */
@WithOperator
class PreviousReleaseObjectsIT {

  private static final Path COMPAT = Path.of("..", "crds", "compat");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  /** Equal values: 1 written as an int and read back as a long are the same number. */
  private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> a.isNumber() && b.isNumber()
      ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;
  @Operated
  private OperatorWorld world;

  @Test
  void objectsOfTheNewestReleaseStillValidateReadAndReconcile() throws IOException {
    List<GenericKubernetesResource> objects = objectsOfNewestRelease();
    assertThat(objects).extracting(HasMetadata::getKind).contains("RunnerPool", "WorkflowJob");

    String ns = world.namespace();
    for (GenericKubernetesResource object : objects) {
      // Applied to the test's namespace, as `kubectl apply -n` would put the files elsewhere than they say.
      object.getMetadata().setNamespace(ns);
      Class<? extends HasMetadata> type = object.getKind().equals("RunnerPool") ? RunnerPool.class
          : WorkflowJob.class;
      HasMetadata typed = SERIALIZATION.convertValue(object, type);
      JsonNode written = SERIALIZATION.convertValue(object, JsonNode.class);
      JsonNode read = SERIALIZATION.convertValue(typed, JsonNode.class);
      assertThat(written.equals(SAME_VALUE, read)).as(object.getKind() + " read by today's types loses nothing:\n"
          + written + "\n" + read).isTrue();
      // Today's server takes it as written: its schema and CEL rules pass, and strict field validation refuses a
      // field the schema no longer knows instead of pruning it away unseen.
      world.client().resource(object).fieldValidation(Validation.STRICT).create();
      if (object.getAdditionalProperties().get("status") != null) {
        // The status that release's operator wrote, through the status subresource; a dry run, so that today's
        // operator, already at work on the object, writes its own.
        world.client().resource(object).dryRun().fieldValidation(Validation.STRICT).patchStatus();
      }
    }

    // The job asks for one runner; the pool's idle schedule (weekdays from 8:00 in Berlin) for one more.
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).hasSize(2)
        .allSatisfy(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    await().untilAsserted(() -> assertThat(world.conditions(ns, "gpu")).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("True");
    }));
  }

  private static List<GenericKubernetesResource> objectsOfNewestRelease() throws IOException {
    Path release;
    try (Stream<Path> releases = Files.list(COMPAT)) {
      release = releases.filter(Files::isDirectory)
          .max(Comparator.comparing(p -> p.getFileName().toString(), PreviousReleaseObjectsIT::byVersion))
          .orElseThrow(() -> new AssertionError("no released CRDs under " + COMPAT));
    }
    Path folder = release.resolve("objects");
    assertThat(folder).as("objects written for release " + release.getFileName()).isDirectory();
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().map(PreviousReleaseObjectsIT::read).toList();
    }
  }

  private static GenericKubernetesResource read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return SERIALIZATION.unmarshal(in, GenericKubernetesResource.class);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }

  private static int byVersion(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int left = i < x.length ? Integer.parseInt(x[i]) : 0;
      int right = i < y.length ? Integer.parseInt(y[i]) : 0;
      if (left != right) {
        return Integer.compare(left, right);
      }
    }
    return 0;
  }
}

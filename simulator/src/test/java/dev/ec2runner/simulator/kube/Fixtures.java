package dev.ec2runner.simulator.kube;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Fully populated objects from the crds module's test fixtures (schema-validated there), renamed per test. */
final class Fixtures {

  private Fixtures() {
  }

  static RunnerPool runnerPool(String name, String namespace) {
    return load("fixtures/runnerpool-full.yaml", RunnerPool.class, name, namespace);
  }

  static Runner runner(String name, String namespace) {
    return load("fixtures/runner-full.yaml", Runner.class, name, namespace);
  }

  static WorkflowJob workflowJob(String name, String namespace) {
    return load("fixtures/workflowjob-full.yaml", WorkflowJob.class, name, namespace);
  }

  /**
   * Creates an object and then writes its status through the status subresource, as the operator does: the
   * API ignores status on create.
   */
  static <S, T extends CustomResource<?, S>> T createWithStatus(KubernetesClient client, T object) {
    S status = object.getStatus();
    T created = client.resource(object).create();
    created.setStatus(status);
    return client.resource(created).updateStatus();
  }

  private static <T extends CustomResource<?, ?>> T load(String resource, Class<T> type, String name,
      String namespace) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the test classpath (crds test jar)");
      }
      T object = Serialization.unmarshal(in, type);
      object.getMetadata().setName(name);
      object.getMetadata().setNamespace(namespace);
      object.getMetadata().setCreationTimestamp(null);
      return object;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

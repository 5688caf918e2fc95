package dev.ec2runner.operator.runner;

import dev.ec2runner.api.v1alpha1.Runner;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/** JOSDK's context as a step reads it: the Runner's secondary resources (its pool, its jobs) and the client. */
record StepContext(KubernetesClient client, List<?> secondaries) implements Context<Runner> {

  @Override
  public <R> Set<R> getSecondaryResources(Class<R> type) {
    return secondaries.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toSet());
  }

  @Override
  public <R> Optional<R> getSecondaryResource(Class<R> type, String eventSourceName) {
    return getSecondaryResources(type).stream().findFirst();
  }

  @Override
  public KubernetesClient getClient() {
    return client;
  }

  @Override
  public Optional<RetryInfo> getRetryInfo() {
    return Optional.empty();
  }

  @Override
  public ControllerConfiguration<Runner> getControllerConfiguration() {
    throw new UnsupportedOperationException("not read by a step");
  }

  @Override
  public ManagedWorkflowAndDependentResourceContext managedWorkflowAndDependentResourceContext() {
    throw new UnsupportedOperationException("not read by a step");
  }

  @Override
  public EventSourceRetriever<Runner> eventSourceRetriever() {
    throw new UnsupportedOperationException("not read by a step");
  }

  @Override
  public ExecutorService getWorkflowExecutorService() {
    throw new UnsupportedOperationException("not read by a step");
  }

  @Override
  public Runner getPrimaryResource() {
    throw new UnsupportedOperationException("not read by a step");
  }

  @Override
  public IndexedResourceCache<Runner> getPrimaryCache() {
    throw new UnsupportedOperationException("not read by a step");
  }

  @Override
  public boolean isNextReconciliationImminent() {
    return false;
  }

  @Override
  public boolean isPrimaryResourceDeleted() {
    return false;
  }

  @Override
  public boolean isPrimaryResourceFinalStateUnknown() {
    return false;
  }
}

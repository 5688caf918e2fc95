package dev.ec2runner.operator.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Triggers a reconcile of each primary resource whose view of the latest {@link Snapshot} changed, so a new
 * observation reaches exactly the Runners it concerns. Reconcilers read the snapshot itself; this only wakes them.
 *
 * @param <P> the primary resource
 */
public final class ObservationEventSource<P extends HasMetadata> extends AbstractEventSource<Void, P> {

  private final Cache<P> primaries;
  private final BiFunction<P, Snapshot, Object> view;
  private final Map<ResourceID, Object> lastViews = new ConcurrentHashMap<>();

  /**
   * @param view what a primary resource sees of a snapshot; a change of it (by equals) triggers a reconcile
   */
  public ObservationEventSource(String name, Observations observations, Cache<P> primaries,
      BiFunction<P, Snapshot, Object> view) {
    super(Void.class, name);
    this.primaries = primaries;
    this.view = view;
    observations.addListener(this::onSnapshot);
  }

  private void onSnapshot(Snapshot snapshot) {
    if (!isRunning()) {
      return;
    }
    Set<ResourceID> present = ConcurrentHashMap.newKeySet();
    primaries.list().forEach(primary -> {
      ResourceID id = ResourceID.fromResource(primary);
      present.add(id);
      Object current = view.apply(primary, snapshot);
      Object previous = lastViews.put(id, current);
      if (!Objects.equals(previous, current)) {
        getEventHandler().handleEvent(new Event(id));
      }
    });
    lastViews.keySet().retainAll(present);
  }

  @Override
  public Set<Void> getSecondaryResources(P primary) {
    return Set.of();
  }
}

package dev.ec2runner.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The objects one `helm template` produced: typed fabric8 models plus the kinds fabric8 has no model for. */
final class RenderedChart {

  private final List<HasMetadata> objects;
  private final List<JsonNode> serviceMonitors;

  private RenderedChart(List<HasMetadata> objects, List<JsonNode> serviceMonitors) {
    this.objects = List.copyOf(objects);
    this.serviceMonitors = List.copyOf(serviceMonitors);
  }

  static RenderedChart parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    List<JsonNode> serviceMonitors = new ArrayList<>();
    for (JsonNode document : StrictManifestParser.documents(yaml)) {
      if (StrictManifestParser.SERVICE_MONITOR.equals(StrictManifestParser.typeKey(document))) {
        serviceMonitors.add(document);
      } else {
        objects.add(StrictManifestParser.toModel(document));
      }
    }
    return new RenderedChart(objects, serviceMonitors);
  }

  List<HasMetadata> objects() {
    return objects;
  }

  List<JsonNode> serviceMonitors() {
    return serviceMonitors;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    List<T> matches = all(type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .collect(Collectors.toList());
    if (matches.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + " named " + name + ", found "
          + matches.size() + " among " + summary());
    }
    return matches.get(0);
  }

  /** kind/namespace/name of every object, for assertion messages. */
  List<String> summary() {
    List<String> names = objects.stream()
        .map(o -> o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
        .collect(Collectors.toCollection(ArrayList::new));
    serviceMonitors.forEach(m -> names.add("ServiceMonitor/" + m.path("metadata").path("namespace").asText()
        + "/" + m.path("metadata").path("name").asText()));
    return names;
  }
}

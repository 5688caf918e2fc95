package dev.ec2runner.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders the chart with helm-java (Helm's own engine, bundled as a native library) into parsed objects. */
final class ChartRenderer {

  static final String RELEASE = "ec2r";
  static final String NAMESPACE = "runners";

  private final Map<String, Object> sets = new LinkedHashMap<>();
  private Path valuesFile;
  private String release = RELEASE;
  private String namespace = NAMESPACE;

  static ChartRenderer chart() {
    return new ChartRenderer();
  }

  /** A value in Helm's --set syntax. */
  ChartRenderer set(String key, Object value) {
    sets.put(key, value);
    return this;
  }

  /** A values file from src/test/resources/values/. */
  ChartRenderer values(String name) {
    valuesFile = RepositoryPaths.resolve("helm/src/test/resources/values/" + name);
    return this;
  }

  /** Another release name and namespace than the tests' usual ones. */
  ChartRenderer as(String releaseName, String releaseNamespace) {
    release = releaseName;
    namespace = releaseNamespace;
    return this;
  }

  /** A values file anywhere, e.g. one a test wrote. */
  ChartRenderer valuesFile(Path file) {
    valuesFile = file;
    return this;
  }

  /** The raw multi-document YAML Helm printed. */
  String renderYaml() {
    TemplateCommand template = new Helm(RepositoryPaths.chart()).template()
        .withName(release)
        .withNamespace(namespace);
    if (valuesFile != null) {
      template = template.withValuesFile(valuesFile);
    }
    for (Map.Entry<String, Object> entry : sets.entrySet()) {
      template = template.set(entry.getKey(), entry.getValue());
    }
    return template.call();
  }

  RenderedChart render() {
    return RenderedChart.parse(renderYaml());
  }
}

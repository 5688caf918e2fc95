package dev.ec2runner.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The guides in docs/ point at things that exist: files, headings, chart objects, phases and conditions. */
class DocsTest {

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern CHART_NAME = Pattern.compile("\\bec2-runner-operator(?:-[a-z]+)*\\b");

  @Test
  void everyRelativeLinkAndAnchorResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path doc : docs()) {
      Matcher link = LINK.matcher(withoutCode(Files.readString(doc)));
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue;
        }
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(doc.getFileName() + " -> " + target + " (no such file)");
        } else if (target.contains("#") && !anchors(resolved).contains(target.substring(target.indexOf('#') + 1))) {
          broken.add(doc.getFileName() + " -> " + target + " (no such heading)");
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  @Test
  void theReadmesLayoutNamesEveryPackageOfTheMainCode() throws IOException {
    String readme = Files.readString(RepositoryPaths.resolve("README.md"));
    String layout = readme.substring(readme.indexOf("## Layout"), readme.indexOf("## Examples"));
    Set<String> packages = new TreeSet<>();
    for (String module : List.of("testkit", "crds", "operator", "webhook-receiver", "simulator")) {
      Path sources = RepositoryPaths.resolve(module + "/src/main/java/dev/ec2runner");
      try (Stream<Path> files = Files.walk(sources)) {
        files.filter(f -> f.toString().endsWith(".java"))
            .map(f -> sources.relativize(f.getParent()).toString().replace('/', '.'))
            .forEach(packages::add);
      }
    }

    assertThat(packages).isNotEmpty()
        .allSatisfy(pkg -> assertThat(layout).as("README, Layout").contains("`" + pkg + "`"));
  }

  @Test
  void installationFollowsTheOrderInWhichThePiecesDependOnEachOther() throws IOException {
    List<String> steps = Files.readAllLines(RepositoryPaths.resolve("docs/installation.md")).stream()
        .filter(line -> line.matches("^## [0-9]\\. .*")).collect(Collectors.toList());

    assertThat(steps).containsExactly(
        "## 1. Create the GitHub App from the manifest",
        "## 2. Give the operator an AWS role",
        "## 3. Install the Helm chart",
        "## 4. Finish the App's webhook settings",
        "## 5. Apply a RunnerPool");
  }

  @Test
  void resourceNamesInTheGuidesAreTheOnesTheChartCreates() throws IOException {
    RenderedChart chart = ChartRenderer.chart().as("ec2-runner-operator", "ci-runners")
        .values("app-credentials.yaml").render();
    Set<String> rendered = chart.objects().stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());

    Set<String> mentioned = new TreeSet<>();
    for (Path doc : docs()) {
      Matcher name = CHART_NAME.matcher(Files.readString(doc));
      while (name.find()) {
        mentioned.add(name.group());
      }
    }
    assertThat(mentioned).contains("ec2-runner-operator-webhook", "ec2-runner-operator-receiver");
    assertThat(rendered).containsAll(mentioned);
  }

  @Test
  void operationsExplainsEveryRunnerPhaseTheApiAllows() throws IOException {
    JsonNode crd = new YAMLMapper().readTree(RepositoryPaths.resolve("crds/manifests/runners.ec2runner.dev-v1.yml")
        .toFile());
    String pattern = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/status/properties/phase/pattern")
        .asText();
    assertThat(pattern).startsWith("^(").endsWith(")$");
    String operations = Files.readString(RepositoryPaths.resolve("docs/operations.md"));

    for (String phase : pattern.substring(2, pattern.length() - 2).split("\\|")) {
      assertThat(operations).as("docs/operations.md explains phase %s", phase).contains("| `" + phase + "` |");
    }
  }

  @Test
  void operationsAndTroubleshootingCoverThePoolConditions() throws IOException {
    String operations = Files.readString(RepositoryPaths.resolve("docs/operations.md"));
    String troubleshooting = Files.readString(RepositoryPaths.resolve("docs/troubleshooting.md"));

    for (String condition : List.of("Ready", "GitHubReachable", "LaunchFailing", "AtCapacity", "RateLimitLow")) {
      assertThat(operations).contains("| `" + condition + "` |");
      assertThat(troubleshooting).contains("`" + condition + "=");
    }
    for (String reason : List.of("AppSecretInvalid", "RunnerGroupNotFound")) {
      assertThat(operations).contains("`" + reason + "`");
      assertThat(troubleshooting).contains("reason `" + reason + "`");
    }
    for (String reason : List.of("RateLimited", "Unauthorized", "Unreachable")) {
      assertThat(operations).contains("`" + reason + "`");
    }
  }

  private static List<Path> docs() throws IOException {
    try (Stream<Path> files = Files.list(RepositoryPaths.resolve("docs"))) {
      return files.filter(f -> f.toString().endsWith(".md")).sorted().collect(Collectors.toList());
    }
  }

  /** Markdown without fenced blocks and code spans, where "](" is text, not a link. */
  private static String withoutCode(String markdown) {
    return markdown.replaceAll("(?s)```.*?```", "").replaceAll("`[^`\n]*`", "");
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
  private static Set<String> anchors(Path markdown) throws IOException {
    return Files.readAllLines(markdown).stream()
        .filter(line -> line.startsWith("#"))
        .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)
            .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
        .collect(Collectors.toSet());
  }
}

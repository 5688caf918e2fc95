package dev.ec2runner.simulator.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ec2runner.simulator.report.SandboxReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code --report-json} file: one run's {@link SandboxReport} as is; for a comparison an object with the
 * {@code operator} and {@code baseline} reports and the {@code comparison} ratios.
 */
final class ReportJson {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {
  }

  static String render(List<SandboxReport> reports, Comparison comparison) throws IOException {
    if (reports.size() == 1 && comparison == null) {
      return JSON.writeValueAsString(reports.get(0));
    }
    ObjectNode root = JSON.createObjectNode();
    reports.forEach(report -> root.set(report.strategy(), JSON.valueToTree(report)));
    if (comparison != null) {
      root.set("comparison", JSON.valueToTree(comparison));
    }
    return JSON.writeValueAsString(root);
  }

  static void write(Path file, List<SandboxReport> reports, Comparison comparison) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, render(reports, comparison) + System.lineSeparator());
  }
}

package dev.ec2runner.helm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The instructions of a Dockerfile (continuations joined, comments dropped), enough to check what an image runs. */
final class Dockerfile {

  record Instruction(String keyword, String arguments) {
  }

  private final List<Instruction> instructions;

  private Dockerfile(List<Instruction> instructions) {
    this.instructions = List.copyOf(instructions);
  }

  static Dockerfile read(Path file) throws IOException {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String joined = current.toString().strip();
      current.setLength(0);
      if (!joined.isEmpty()) {
        int space = joined.indexOf(' ');
        instructions.add(new Instruction(joined.substring(0, space).toUpperCase(Locale.ROOT),
            joined.substring(space + 1).strip().replaceAll("\\s+", " ")));
      }
    }
    return new Dockerfile(instructions);
  }

  List<String> all(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments)
        .collect(Collectors.toList());
  }

  Optional<String> last(String keyword) {
    List<String> matches = all(keyword);
    return matches.isEmpty() ? Optional.empty() : Optional.of(matches.get(matches.size() - 1));
  }

  /** The exec-form ENTRYPOINT as its argument list; a shell-form ENTRYPOINT would not get signals, so it fails. */
  List<String> entrypoint() {
    String json = last("ENTRYPOINT").orElseThrow(() -> new AssertionError("no ENTRYPOINT"));
    try {
      return List.of(new ObjectMapper().readValue(json, String[].class));
    } catch (JsonProcessingException e) {
      throw new AssertionError("ENTRYPOINT is not in exec (JSON array) form: " + json, e);
    }
  }
}

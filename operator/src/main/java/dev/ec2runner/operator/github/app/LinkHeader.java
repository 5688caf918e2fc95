package dev.ec2runner.operator.github.app;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code rel="next"} target of GitHub's pagination {@code Link} header. */
final class LinkHeader {

  private static final Pattern LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"([^\"]+)\"");

  private LinkHeader() {
  }

  static Optional<URI> next(Optional<String> header) {
    if (header.isEmpty()) {
      return Optional.empty();
    }
    Matcher matcher = LINK.matcher(header.get());
    while (matcher.find()) {
      for (String rel : matcher.group(2).split("\\s+")) {
        if ("next".equals(rel)) {
          return Optional.of(URI.create(matcher.group(1)));
        }
      }
    }
    return Optional.empty();
  }
}

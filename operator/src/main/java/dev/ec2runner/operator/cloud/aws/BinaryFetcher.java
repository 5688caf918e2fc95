package dev.ec2runner.operator.cloud.aws;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** Downloads a file; the mirror's only contact with the outside, so tests serve bytes locally. */
@FunctionalInterface
public interface BinaryFetcher {

  /** Writes the resource at {@code url} to {@code target}, replacing it. */
  void fetch(URI url, Path target) throws IOException;
}

package dev.ec2runner.operator.cloud.aws;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/** Downloads a file; the mirror's only contact with the outside, so tests serve bytes locally. */
@FunctionalInterface
public interface BinaryFetcher {

  /**
   * The body of the resource at {@code url}, read as it arrives; the caller closes it.
   *
   * @throws IOException the resource could not be fetched (any answer but 200 included)
   */
  InputStream open(URI url) throws IOException;
}

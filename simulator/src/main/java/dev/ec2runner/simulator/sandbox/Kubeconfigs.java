package dev.ec2runner.simulator.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes the sandbox's administrator kubeconfig, which holds a client key: readable by its owner only. */
final class Kubeconfigs {

  private Kubeconfigs() {
  }

  /** Writes {@code yaml} to {@code file} (nothing when the file is null). */
  static void writePrivately(Path file, String yaml) {
    if (file == null) {
      return;
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.deleteIfExists(file);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kubeconfig " + file + ": " + e.getMessage(), e);
    }
  }
}
